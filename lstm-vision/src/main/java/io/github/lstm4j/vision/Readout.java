package io.github.lstm4j.vision;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.LstmState;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Arrays;

/**
 * How a {@link RowLstmClassifier} turns the LSTM's run over the image rows into one feature vector
 * per image, the input of its linear head.
 *
 * <pre>
 * LAST_HIDDEN      features[b] = concat over d of h_n[(L−1)·D + d, b]       (B, D·H)
 *                  backward: ∂L/∂h_n at those slots = ∂L/∂features, ∂L/∂c_n = 0
 * MEAN_OVER_TIME   features[b] = (1/T)·Σ_t output[t, b]                       (B, D·H)
 *                  backward: ∂L/∂output[t, b] = ∂L/∂features[b] / T
 * </pre>
 *
 * <p>For a unidirectional LSTM, h_n of the top layer equals the output at the last row; for a
 * bidirectional one the reverse direction's h_n is its state after reading row 0, so the features
 * hold each direction's summary of the whole image.
 */
public enum Readout {
  /** The top layer's final hidden state of each direction, concatenated. */
  LAST_HIDDEN,
  /** The top layer's output averaged over all time steps (image rows). */
  MEAN_OVER_TIME;

  /**
   * Writes the features of the last forward pass of {@code cache}.
   *
   * @param config the LSTM's config
   * @param cache a cache after forward, batch B
   * @param features (B, D·H) overwritten
   */
  void forward(LstmConfig config, LstmCache cache, float[] features) {
    int batch = cache.batchSize();
    int hiddenSize = config.hiddenSize();
    int width = config.outputSize();
    if (this == LAST_HIDDEN) {
      float[] h = cache.finalState().h().data(); // (L·D, B, H)
      int directions = config.numDirections();
      int topSlot = (config.numLayers() - 1) * directions;
      for (int d = 0; d < directions; d++) {
        int slotOff = (topSlot + d) * batch * hiddenSize;
        for (int b = 0; b < batch; b++) {
          System.arraycopy(
              h, slotOff + b * hiddenSize, features, b * width + d * hiddenSize, hiddenSize);
        }
      }
    } else {
      float[] out = cache.output().data(); // (T, B, D·H)
      int seqLen = cache.seqLen();
      int size = batch * width;
      Arrays.fill(features, 0, size, 0f);
      for (int t = 0; t < seqLen; t++) {
        int tOff = t * size;
        for (int i = 0; i < size; i++) {
          features[i] += out[tOff + i];
        }
      }
      float scale = 1f / seqLen;
      for (int i = 0; i < size; i++) {
        features[i] *= scale;
      }
    }
  }

  /**
   * Backpropagates ∂L/∂features through the readout and the LSTM, accumulating the LSTM's parameter
   * gradients.
   *
   * @param lstm the LSTM that ran the forward pass
   * @param ctx the threads to run on
   * @param cache the training cache of that forward pass, batch B
   * @param dFeatures (B, D·H) ∂L/∂features
   * @param dFinalState (L·D, B, H) each, scratch for LAST_HIDDEN: only the top layer's slots are
   *     written, every other entry must be zero
   * @param dOutput (T, B, D·H) scratch for MEAN_OVER_TIME, overwritten
   */
  void backward(
      Lstm lstm,
      ComputeContext ctx,
      LstmCache cache,
      float[] dFeatures,
      LstmState dFinalState,
      Tensor dOutput) {
    LstmConfig config = lstm.config();
    int batch = cache.batchSize();
    int hiddenSize = config.hiddenSize();
    int width = config.outputSize();
    if (this == LAST_HIDDEN) {
      float[] dH = dFinalState.h().data(); // (L·D, B, H); ∂L/∂c_n stays zero
      int directions = config.numDirections();
      int topSlot = (config.numLayers() - 1) * directions;
      for (int d = 0; d < directions; d++) {
        int slotOff = (topSlot + d) * batch * hiddenSize;
        for (int b = 0; b < batch; b++) {
          System.arraycopy(
              dFeatures, b * width + d * hiddenSize, dH, slotOff + b * hiddenSize, hiddenSize);
        }
      }
      lstm.backward(ctx, dFinalState, cache);
    } else {
      float[] dOut = dOutput.data();
      int seqLen = cache.seqLen();
      int size = batch * width;
      float scale = 1f / seqLen;
      for (int i = 0; i < size; i++) {
        dOut[i] = dFeatures[i] * scale;
      }
      for (int t = 1; t < seqLen; t++) {
        System.arraycopy(dOut, 0, dOut, t * size, size);
      }
      lstm.backward(ctx, dOutput, cache);
    }
  }
}
