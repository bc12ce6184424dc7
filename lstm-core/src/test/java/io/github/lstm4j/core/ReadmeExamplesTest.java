package io.github.lstm4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.optim.Adam;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * The README's "use the core directly" snippet, compiled and run. Keep the block between the
 * markers identical to README.md (a test below checks that it is).
 */
class ReadmeExamplesTest {

  @Test
  void coreSnippetTrainsAndTheLossFalls() {
    Rng data = new Rng(1);
    int[] tokens = TestData.ids(data, 20 * 8, 30); // (T=20, B=8) token ids
    int[] targets = tokens.clone(); // learn to echo the input
    double first = Double.NaN;
    double loss = Double.NaN;
    // README-CORE-BEGIN
    try (ComputeContext ctx = ComputeContext.of(2)) {
      Parameters params = new Parameters();
      Lstm lstm = new Lstm(LstmConfig.of(30, 64).withNumLayers(2), params, new Rng(42));
      Linear head = new Linear("head", 64, 30, params, new Rng(43));
      LstmCache cache = lstm.newTrainingCache(20, 8, new Rng(44)); // (T, B)
      Tensor logits = Tensor.zeros(20, 8, 30), dHidden = Tensor.zeros(20, 8, 64);
      Adam adam = new Adam(2e-2);
      for (int step = 0; step < 150; step++) {
        params.zeroGrad();
        Tensor hidden = lstm.forward(ctx, tokens, cache); // (T, B, H)
        head.forward(ctx, hidden, logits);
        loss = SoftmaxCrossEntropy.forward(logits, targets, logits); // logits → probabilities
        SoftmaxCrossEntropy.backward(logits, targets, logits); // probabilities → dLogits
        head.backward(ctx, hidden, logits, dHidden);
        lstm.backward(ctx, dHidden, cache);
        adam.step(params);
        // README-CORE-END
        if (step == 0) {
          first = loss;
        }
      }
    }
    assertThat(first).isCloseTo(Math.log(30), org.assertj.core.api.Assertions.within(0.2));
    assertThat(loss).isLessThan(0.1);
  }
}
