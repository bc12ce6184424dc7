package io.github.lstm4j.bench;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.tensor.Tensor;

/**
 * A workload's head on the top layer's last (valid) step, forward and back, with its buffers
 * allocated once: W5 and W6 read their sequences this way.
 *
 * <pre>
 * forward:  features (B, D·H) = last step of the cache's output;  out (B, V) = head(features)
 * backward: dFeatures (B, D·H) = headᵀ·dOut;  dOutput (T, B, D·H) = dFeatures at the last step, else 0
 * </pre>
 */
final class LastStepHead {
  private final Linear head; // D·H → V
  private final ComputeContext ctx;
  private final Tensor features; // (B, D·H)
  private final Tensor dFeatures; // (B, D·H)
  private final Tensor dOutput; // (T, B, D·H)

  LastStepHead(WorkloadModel model, int seqLen, int batch) {
    this.head = model.head;
    this.ctx = model.ctx;
    int width = model.lstm.config().outputSize();
    this.features = Tensor.zeros(batch, width);
    this.dFeatures = Tensor.zeros(batch, width);
    this.dOutput = Tensor.zeros(seqLen, batch, width);
  }

  /** Writes the head's outputs (B, V) on the last step that {@code cache}'s forward pass ran. */
  void forward(LstmCache cache, Tensor out) {
    Readout.LAST_HIDDEN.forward(cache, features);
    head.forward(ctx, features, out);
  }

  /** Back through the head and the readout; returns ∂L/∂output (T, B, D·H) for the LSTM. */
  Tensor backward(LstmCache cache, Tensor dOut) {
    head.backward(ctx, features, dOut, dFeatures);
    Readout.LAST_HIDDEN.backward(cache, dFeatures, dOutput);
    return dOutput;
  }
}
