package io.github.lstm4j.bench;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.tensor.Tensor;

/**
 * W4: MNIST inference, forward only with an inference cache: the LSTM over the rows, the head on
 * the last hidden state, and the argmax of each image's logits.
 */
final class MnistClassification extends WorkloadModel {
  private final Tensor images; // (T, B, I)
  private final LstmCache cache; // inference: no gradient buffers
  private final Tensor logits; // (1, B, V)
  private final int[] predictions; // (B) argmax class

  MnistClassification(WorkloadShape shape, ComputeContext ctx) {
    super(shape, ctx);
    requireOneLayer(shape);
    this.images = randomImages(shape);
    this.cache = lstm.newCache(shape.seqLen(), shape.batchSize());
    this.logits = Tensor.zeros(1, shape.batchSize(), shape.outputSize());
    this.predictions = new int[shape.batchSize()];
  }

  @Override
  public double step() {
    lstm.forward(ctx, images, cache);
    head.forward(ctx, cache.finalState().h(), logits); // h_T (1, B, H) → (1, B, V)
    float[] z = logits.data();
    int classes = shape.outputSize();
    double winning = 0;
    for (int b = 0; b < predictions.length; b++) {
      int best = 0;
      for (int j = 1; j < classes; j++) {
        if (z[b * classes + j] > z[b * classes + best]) {
          best = j;
        }
      }
      predictions[b] = best;
      winning += z[b * classes + best];
    }
    return winning / predictions.length;
  }
}
