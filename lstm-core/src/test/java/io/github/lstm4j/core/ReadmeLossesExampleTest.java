package io.github.lstm4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.ElementwiseLoss;
import io.github.lstm4j.core.nn.Embedding;
import io.github.lstm4j.core.nn.HuberLoss;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.Reduction;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.TestData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The README snippet on the losses and the Embedding (between the markers), compiled and run: one
 * training step of a tagger over end-padded token sequences, then a masked regression loss;
 * README.md shows the same lines.
 */
class ReadmeLossesExampleTest {
  private static final int T = 6;
  private static final int B = 4;

  @Test
  void lossesSnippetLeavesThePaddedStepsOut() throws java.io.IOException {
    Rng data = new Rng(1);
    int[] ids = TestData.ids(data, T * B, 49); // (T, B), index t·B + b
    int[] tags = TestData.ids(data, T * B, 4);
    float[] mask = new float[T * B];
    for (int i = 0; i < ids.length; i++) {
      boolean padded = i / B >= 4 && i % B >= 2; // rows 2 and 3 end after 4 steps
      ids[i] = padded ? 0 : ids[i] + 1; // 0 is the padding id
      tags[i] = padded ? -100 : tags[i];
      mask[i] = padded ? 0 : 1;
    }
    int[] lengths = {6, 6, 4, 4};
    Tensor forecast = TestData.gaussian(data, 1.0, T, B, 1);
    Tensor target = TestData.gaussian(data, 1.0, T, B, 1);
    Parameters params = new Parameters();
    try (ComputeContext ctx = ComputeContext.of(1)) {
      Lstm lstm = new Lstm("lstm.", LstmConfig.of(16, 32), params, new Rng(2));
      Linear head = new Linear("head", 32, 4, params, new Rng(3));
      LstmCache cache = lstm.newTrainingCache(T, B, new Rng(4));
      Tensor embedded = Tensor.zeros(T, B, 16);
      Tensor logits = Tensor.zeros(T, B, 4);
      Tensor probs = Tensor.zeros(T, B, 4);
      Tensor dLogits = Tensor.zeros(T, B, 4);
      Tensor dHidden = Tensor.zeros(T, B, 32);
      // README-LOSSES-BEGIN
      Embedding embedding = Embedding.withPaddingIdx("embedding", 50, 16, 0, params, new Rng(1));
      SoftmaxCrossEntropy.Loss tagging = SoftmaxCrossEntropy.withIgnoreIndex(-100); // padded tags
      embedding.forward(ids, embedded); // ids (T·B) → (T, B, 16), the LSTM's dense input
      Tensor hidden = lstm.forward(ctx, embedded, lengths, cache); // zero past each length
      head.forward(ctx, hidden, logits);
      double loss = tagging.forward(logits, tags, probs); // mean over the tags that are not −100
      tagging.backward(probs, tags, dLogits); // zero on padded steps
      head.backward(ctx, hidden, dLogits, dHidden);
      lstm.backward(ctx, dHidden, cache);
      embedding.backward(ids, cache.inputGradient()); // the padding row gets no gradient
      ElementwiseLoss huber = new HuberLoss(1.0, Reduction.MEAN); // or MeanSquaredError, …BCE
      double forecastLoss = huber.forward(forecast, target, mask); // mask: 0 = padded row
      // README-LOSSES-END

      assertThat(loss).isCloseTo(Math.log(4), within(0.3)); // an untrained head: near uniform
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] == 0) {
          assertThat(Arrays.copyOfRange(dLogits.data(), i * 4, i * 4 + 4)).containsOnly(0f);
        }
      }
      int row = embedding.weight().offset(); // the padding row, id 0
      assertThat(Arrays.copyOfRange(params.grads(), row, row + 16)).containsOnly(0f);
      int seen = row + ids[0] * 16; // a token of a counted step
      assertThat(Arrays.copyOfRange(params.grads(), seen, seen + 16)).isNotEqualTo(new float[16]);
      assertThat(forecastLoss).isPositive().isFinite();
    }
    assertThat(
            io.github.lstm4j.core.testing.ReadmeSnippets.snippet(
                java.nio.file.Path.of(
                    "src/test/java/io/github/lstm4j/core/ReadmeLossesExampleTest.java"),
                "// README-LOSSES-BEGIN",
                "// README-LOSSES-END"))
        .isEqualTo(
            io.github.lstm4j.core.testing.ReadmeSnippets.snippet(
                java.nio.file.Path.of("../README.md"),
                "<!-- README-LOSSES-BEGIN -->",
                "<!-- README-LOSSES-END -->"));
  }
}
