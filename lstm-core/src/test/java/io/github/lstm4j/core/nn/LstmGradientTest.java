package io.github.lstm4j.core.nn;

import static io.github.lstm4j.core.testing.Closeness.assertFloatMatchesReference;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.ReferenceLstm;
import io.github.lstm4j.core.testing.TestData;
import io.github.lstm4j.core.testing.Tolerances;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The production float LSTM against the double reference: outputs, final states and every gradient
 * (weights, biases, input, initial state), for stacked, bidirectional, token-id and dropout
 * configurations; plus a coarse finite-difference check on the float code itself.
 */
class LstmGradientTest {
  @AutoClose private static final ComputeContext ctx = ComputeContext.of(2);

  @ParameterizedTest(name = "layers={0} bidirectional={1} I={2} H={3} T={4} B={5}")
  @CsvSource({
    "1, false, 7, 5, 6, 3",
    "2, false, 7, 5, 6, 3",
    "1, true, 7, 5, 6, 3",
    "2, true, 6, 13, 5, 4",
    "3, true, 3, 9, 7, 5"
  })
  void floatLstmMatchesDoubleReferenceInOutputsAndEveryGradient(
      int layers, boolean bidirectional, int inputSize, int hiddenSize, int seqLen, int batch) {
    LstmConfig config =
        LstmConfig.of(inputSize, hiddenSize).withNumLayers(layers).withBidirectional(bidirectional);
    LstmCase c = new LstmCase(config, seqLen, batch, 100 + layers);
    LstmCache cache = c.lstm.newTrainingCache(seqLen, batch, new Rng(5));
    Tensor out = c.lstm.forward(ctx, c.x, c.initial, cache);
    c.params.zeroGrad();
    c.lstm.backward(ctx, c.dOutput, c.dFinal, cache);

    ReferenceLstm.Forward f = c.referenceForward(c.x, null);
    ReferenceLstm.Backward g = c.referenceBackward(f);

    assertFloatMatchesReference("output", out.data(), f.outputFlat());
    assertFloatMatchesReference("h_n", cache.finalState().h().data(), f.hNFlat());
    assertFloatMatchesReference("c_n", cache.finalState().c().data(), f.cNFlat());
    assertAllGradientsMatch(c, g, cache);
  }

  @Test
  void dropoutMasksAreAppliedInForwardAndBackward() {
    LstmConfig config = LstmConfig.of(4, 6).withNumLayers(3).withDropout(0.4);
    LstmCase c = new LstmCase(config, 5, 3, 7);
    LstmCache cache = c.lstm.newTrainingCache(5, 3, new Rng(9));
    Tensor out = c.lstm.forward(ctx, c.x, c.initial, cache);
    c.params.zeroGrad();
    c.lstm.backward(ctx, c.dOutput, c.dFinal, cache);
    double[][] masks = new double[cache.dropoutMask.length][];
    int zeros = 0;
    for (int l = 0; l < masks.length; l++) {
      masks[l] = TestData.toDouble(cache.dropoutMask[l]);
      for (double m : masks[l]) {
        zeros += m == 0 ? 1 : 0;
        assertThat(m).isIn(0.0, (double) (1f / 0.6f));
      }
    }
    assertThat(zeros).as("some units are dropped").isGreaterThan(0);

    ReferenceLstm.Forward f = c.referenceForward(c.x, masks);
    ReferenceLstm.Backward g = c.referenceBackward(f);
    assertFloatMatchesReference("output", out.data(), f.outputFlat());
    assertAllGradientsMatch(c, g, cache);
  }

  @Test
  void inferenceCacheAppliesNoDropout() {
    LstmConfig config = LstmConfig.of(4, 6).withNumLayers(2).withDropout(0.5);
    LstmCase c = new LstmCase(config, 5, 3, 8);
    Tensor out = c.lstm.forward(ctx, c.x, c.initial, c.lstm.newCache(5, 3));
    ReferenceLstm.Forward f = c.referenceForward(c.x, null);
    assertFloatMatchesReference("output", out.data(), f.outputFlat());
  }

  @ParameterizedTest(name = "bidirectional={0}")
  @CsvSource({"false", "true"})
  void tokenIdsGiveTheSameResultsAsOneHotRows(boolean bidirectional) {
    int vocab = 11;
    LstmConfig config = LstmConfig.of(vocab, 6).withNumLayers(2).withBidirectional(bidirectional);
    LstmCase c = new LstmCase(config, 5, 3, 21);
    int[] ids = TestData.ids(new Rng(4), 5 * 3, vocab);
    Tensor oneHot = Tensor.zeros(5, 3, vocab);
    for (int r = 0; r < ids.length; r++) {
      oneHot.data()[r * vocab + ids[r]] = 1f;
    }
    LstmCache cache = c.lstm.newTrainingCache(5, 3, new Rng(5));
    Tensor out = c.lstm.forward(ctx, ids, c.initial, cache);
    c.params.zeroGrad();
    c.lstm.backward(ctx, c.dOutput, c.dFinal, cache);

    ReferenceLstm.Forward f = c.referenceForward(oneHot, null);
    ReferenceLstm.Backward g = c.referenceBackward(f);
    assertFloatMatchesReference("output", out.data(), f.outputFlat());
    for (Param p : c.params.list()) {
      assertFloatMatchesReference(
          "grad " + p.name(), c.params.gradOf(p).data(), g.weights.get(p.name()));
    }
  }

  @Test
  void floatGradientsAgreeWithFloatFiniteDifferencesAlongARandomDirection() {
    LstmConfig config = LstmConfig.of(5, 7).withNumLayers(2).withBidirectional(true);
    LstmCase c = new LstmCase(config, 6, 3, 77);
    LstmCache cache = c.lstm.newTrainingCache(6, 3, new Rng(5));
    c.lstm.forward(ctx, c.x, c.initial, cache);
    c.params.zeroGrad();
    c.lstm.backward(ctx, c.dOutput, c.dFinal, cache);
    float[] grads = c.params.grads().clone();
    float[] values = c.params.values();
    float[] saved = values.clone();
    Rng rng = new Rng(3);
    double[] direction = new double[values.length];
    double directional = 0;
    for (int i = 0; i < values.length; i++) {
      direction[i] = rng.nextGaussian();
      directional += direction[i] * grads[i];
    }
    double eps = Tolerances.FLOAT_GRADCHECK_EPS / Math.sqrt(values.length);
    double plus = perturbedLoss(c, cache, saved, direction, eps);
    double minus = perturbedLoss(c, cache, saved, direction, -eps);
    System.arraycopy(saved, 0, values, 0, values.length);
    double numeric = (plus - minus) / (2 * eps);
    assertThat(numeric)
        .isCloseTo(
            directional,
            org.assertj.core.api.Assertions.within(
                Tolerances.FLOAT_GRADCHECK_RELATIVE * Math.abs(directional)));
  }

  private static double perturbedLoss(
      LstmCase c, LstmCache cache, float[] saved, double[] direction, double eps) {
    float[] values = c.params.values();
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (saved[i] + eps * direction[i]);
    }
    Tensor out = c.lstm.forward(ctx, c.x, c.initial, cache);
    double loss = 0;
    for (int i = 0; i < out.size(); i++) {
      loss += (double) out.data()[i] * c.dOutput.data()[i];
    }
    float[] h = cache.finalState().h().data();
    float[] cc = cache.finalState().c().data();
    for (int i = 0; i < h.length; i++) {
      loss += (double) h[i] * c.dFinal.h().data()[i] + (double) cc[i] * c.dFinal.c().data()[i];
    }
    return loss;
  }

  private static void assertAllGradientsMatch(
      LstmCase c, ReferenceLstm.Backward g, LstmCache cache) {
    for (Param p : c.params.list()) {
      assertFloatMatchesReference(
          "grad " + p.name(), c.params.gradOf(p).data(), g.weights.get(p.name()));
    }
    assertFloatMatchesReference(
        "grad input", cache.inputGradient().data(), ReferenceLstm.flatten(g.input));
    assertFloatMatchesReference(
        "grad h0", cache.initialStateGradient().h().data(), ReferenceLstm.flatten(g.h0));
    assertFloatMatchesReference(
        "grad c0", cache.initialStateGradient().c().data(), ReferenceLstm.flatten(g.c0));
  }
}
