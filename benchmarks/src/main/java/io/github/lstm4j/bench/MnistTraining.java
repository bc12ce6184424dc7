package io.github.lstm4j.bench;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmState;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.tensor.Tensor;

/**
 * W2: MNIST row-LSTM training. Images are fixed uniform [0, 1) pixels read one row per time step;
 * the head reads the last hidden state h_T, so backward starts from ∂L/∂h_T alone (∂L/∂c_T = 0, no
 * gradient on the other time steps' outputs).
 */
final class MnistTraining extends TrainingWorkload {
  private final Tensor images; // (T, B, I): rows of the images, time-major
  private final int[] labels; // (B)
  private final LstmCache cache;
  private final Tensor logits; // (1, B, V): logits, then probabilities, then dLogits
  private final LstmState dFinal; // ∂L/∂(h_T, c_T), each (1, B, H); c stays zero

  MnistTraining(WorkloadShape shape, ComputeContext ctx) {
    super(shape, ctx);
    requireOneLayer(shape);
    int batch = shape.batchSize();
    this.images = randomImages(shape);
    this.labels = uniformInts(new Rng(DATA_SEED + 1), batch, shape.outputSize());
    // The images need no gradient: backward skips ∂L/∂input, as PyTorch does.
    this.cache =
        lstm.newTrainingCacheWithoutInputGradient(shape.seqLen(), batch, new Rng(DROPOUT_SEED));
    this.logits = Tensor.zeros(1, batch, shape.outputSize());
    this.dFinal = LstmState.zeros(lstm.config(), batch);
  }

  @Override
  double forwardBackward() {
    lstm.forward(ctx, images, cache);
    Tensor last = cache.finalState().h(); // (1, B, H) = h_T
    head.forward(ctx, last, logits);
    double loss = SoftmaxCrossEntropy.forward(logits, labels, logits); // → probabilities
    SoftmaxCrossEntropy.backward(logits, labels, logits); // → dLogits
    head.backward(ctx, last, logits, dFinal.h());
    lstm.backward(ctx, dFinal, cache);
    return loss;
  }
}
