package io.github.lstm4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.TestData;
import io.github.lstm4j.core.testing.TinyTrainer;
import io.github.lstm4j.core.testing.TinyTrainer.Batch;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Training is a pure function of the seed and the data: the same seed gives bit-identical
 * parameters, whatever the thread count (work is split over output rows only, each summed in a
 * fixed order), and another seed gives other parameters.
 */
class LstmDeterminismTest {

  /** A run's losses and final parameters. */
  private record Run(double[] losses, float[] parameters) {}

  /**
   * A 2-layer bidirectional LSTM with dropout and a head, trained for {@code steps} Adam steps on
   * seeded random batches (dense input, a label at every step).
   */
  private static Run train(
      int threads, long seed, int steps, int seqLen, int batch, int inputSize, int hiddenSize) {
    int classes = 3;
    LstmConfig config =
        LstmConfig.of(inputSize, hiddenSize)
            .withNumLayers(2)
            .withBidirectional(true)
            .withDropout(0.25);
    double[] losses = new double[steps];
    try (ComputeContext ctx = ComputeContext.of(threads)) {
      TinyTrainer trainer = new TinyTrainer(ctx, config, classes, seqLen, batch, 1e-2, seed);
      Rng data = new Rng(1000);
      for (int s = 0; s < steps; s++) {
        Batch b =
            Batch.ofDense(
                TestData.gaussian(data, 1.0, seqLen, batch, inputSize),
                TestData.ids(data, seqLen * batch, classes));
        losses[s] = trainer.trainStep(b);
      }
      return new Run(losses, trainer.parameters().values().clone());
    }
  }

  @Test
  void theSameSeedGivesBitIdenticalParametersAndLosses() {
    Run a = train(2, 42, 4, 5, 3, 4, 6);
    Run b = train(2, 42, 4, 5, 3, 4, 6);
    assertThat(Arrays.equals(a.parameters(), b.parameters())).isTrue();
    assertThat(a.losses()).containsExactly(b.losses());
  }

  @Test
  void oneAndTwoThreadsGiveBitIdenticalParameters() {
    // Large enough that the work is really split: the input product is (T·B=64)×(4H=256)×(I=20)
    // = 327 680 multiply-adds and the recurrent one 16×256×64 = 262 144 per step, both above
    // Gemm's parallel threshold of 32 768; the cell update has B·H = 1024 elements, at the LSTM
    // layer's threshold for splitting it. (Checked: perturbing only the second thread's chunk of
    // either the products or the cell update makes this test fail.)
    Run one = train(1, 7, 3, 4, 16, 20, 64);
    Run two = train(2, 7, 3, 4, 16, 20, 64);
    assertThat(Arrays.equals(one.parameters(), two.parameters())).isTrue();
    assertThat(one.losses()).containsExactly(two.losses());
  }

  @Test
  void skippingTheInputGradientLeavesEveryOtherGradientBitIdentical() {
    // Two layers, both directions and dropout: only the first layer's ∂L/∂input may be skipped.
    LstmConfig config =
        LstmConfig.of(4, 5).withNumLayers(2).withBidirectional(true).withDropout(0.25);
    Rng data = new Rng(3);
    Tensor x = TestData.gaussian(data, 1.0, 3, 2, 4);
    Tensor dOutput = TestData.gaussian(data, 1.0, 3, 2, 10);
    float[][] grads = new float[2][];
    float[][] dInitialH = new float[2][];
    float[][] dInitialC = new float[2][];
    try (ComputeContext ctx = ComputeContext.singleThreaded()) {
      for (int run = 0; run < 2; run++) {
        Parameters params = new Parameters();
        Lstm lstm = new Lstm(config, params, new Rng(1));
        LstmCache cache =
            run == 0
                ? lstm.newTrainingCache(3, 2, new Rng(2))
                : lstm.newTrainingCacheWithoutInputGradient(3, 2, new Rng(2));
        lstm.forward(ctx, x, cache);
        lstm.backward(ctx, dOutput, cache);
        grads[run] = params.grads().clone();
        dInitialH[run] = cache.initialStateGradient().h().data().clone();
        dInitialC[run] = cache.initialStateGradient().c().data().clone();
      }
    }
    assertThat(grads[0]).isNotEqualTo(new float[grads[0].length]);
    assertThat(grads[1]).isEqualTo(grads[0]);
    assertThat(dInitialH[1]).isEqualTo(dInitialH[0]);
    assertThat(dInitialC[1]).isEqualTo(dInitialC[0]);
  }

  @Test
  void anotherSeedGivesOtherParameters() {
    Run a = train(1, 42, 3, 5, 3, 4, 6);
    Run b = train(1, 43, 3, 5, 3, 4, 6);
    assertThat(Arrays.equals(a.parameters(), b.parameters())).isFalse();
    assertThat(a.losses()[0]).isNotEqualTo(b.losses()[0]);
  }

  @Test
  void trainingActuallyChangesTheParameters() {
    // Guards the tests above against comparing two untouched initialisations.
    LstmConfig config = LstmConfig.of(4, 6).withNumLayers(2).withBidirectional(true);
    Parameters initial = new Parameters();
    new Lstm(config, initial, new Rng(42));
    Run trained = train(1, 42, 3, 5, 3, 4, 6);
    float[] lstmPart = Arrays.copyOf(trained.parameters(), initial.count());
    assertThat(Arrays.equals(lstmPart, initial.values())).isFalse();
  }
}
