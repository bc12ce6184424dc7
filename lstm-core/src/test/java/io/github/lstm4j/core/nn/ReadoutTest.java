package io.github.lstm4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.TestData;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The readouts against a double-precision reference written from their definitions, their backward
 * against central differences, and LAST_HIDDEN against the LSTM's own final state.
 */
class ReadoutTest {
  @AutoClose private static final ComputeContext ctx = ComputeContext.of(1);

  private static final int[] LENGTHS = {3, 5, 1, 4};
  private static final int SEQ_LEN = 5;

  /** The definitions, in double: features[b][j]. */
  private static double[][] reference(Readout readout, double[] out, int directions, int width) {
    int batch = LENGTHS.length;
    int half = width / directions;
    double[][] f = new double[batch][width];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < width; j++) {
        double acc = readout == Readout.MAX_OVER_TIME ? Double.NEGATIVE_INFINITY : 0;
        for (int t = 0; t < LENGTHS[b]; t++) {
          double v = out[(t * batch + b) * width + j];
          switch (readout) {
            case LAST_HIDDEN -> {
              int wanted = j < half ? LENGTHS[b] - 1 : 0;
              acc += t == wanted ? v : 0;
            }
            case MEAN_OVER_TIME -> acc += v / LENGTHS[b];
            case MAX_OVER_TIME -> acc = Math.max(acc, v);
          }
        }
        f[b][j] = acc;
      }
    }
    return f;
  }

  @ParameterizedTest(name = "{0} directions={1}")
  @CsvSource({
    "LAST_HIDDEN, 1",
    "LAST_HIDDEN, 2",
    "MEAN_OVER_TIME, 1",
    "MEAN_OVER_TIME, 2",
    "MAX_OVER_TIME, 1",
    "MAX_OVER_TIME, 2"
  })
  void forwardMatchesTheDefinitionAndBackwardMatchesCentralDifferences(
      Readout readout, int directions) {
    int batch = LENGTHS.length;
    int width = 3 * directions;
    Tensor out = TestData.gaussian(new Rng(5), 1.0, SEQ_LEN, batch, width);
    Tensor features = Tensor.zeros(batch, width);
    readout.forward(out, LENGTHS, directions, features);
    double[][] expected = reference(readout, TestData.toDouble(out.data()), directions, width);
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < width; j++) {
        assertThat((double) features.data()[b * width + j])
            .as("features[%d, %d]", b, j)
            .isCloseTo(expected[b][j], within(1e-6));
      }
    }

    // L = Σ features ⊙ r, so ∂L/∂features = r; check ∂L/∂output element by element.
    Tensor r = TestData.gaussian(new Rng(6), 1.0, batch, width);
    Tensor dOut = TestData.gaussian(new Rng(7), 1.0, SEQ_LEN, batch, width); // overwritten
    readout.backward(out, LENGTHS, directions, r, dOut);
    double[] x = TestData.toDouble(out.data());
    double eps = 1e-6;
    for (int i = 0; i < x.length; i++) {
      double saved = x[i];
      x[i] = saved + eps;
      double plus = dot(reference(readout, x, directions, width), r.data());
      x[i] = saved - eps;
      double minus = dot(reference(readout, x, directions, width), r.data());
      x[i] = saved;
      int t = i / width / batch;
      int b = i / width % batch;
      double numeric = (plus - minus) / (2 * eps);
      assertThat((double) dOut.data()[i])
          .as("dOutput[%d] (t=%d, b=%d)", i, t, b)
          .isCloseTo(numeric, within(1e-5));
      if (t >= LENGTHS[b]) {
        assertThat(dOut.data()[i]).as("padding passes no gradient").isZero();
      }
    }
  }

  @Test
  void lastHiddenOfABidirectionalLstmIsTheTopLayersFinalStateOfEachDirection() {
    LstmConfig config = LstmConfig.of(3, 4).withNumLayers(2).withBidirectional(true);
    Lstm lstm = new Lstm(config, new Parameters(), new Rng(1));
    Tensor x = TestData.gaussian(new Rng(2), 1.0, SEQ_LEN, LENGTHS.length, 3);
    LstmCache cache = lstm.newCache(SEQ_LEN, LENGTHS.length);
    Tensor out = lstm.forward(ctx, x, LENGTHS, cache);
    Tensor features = Tensor.zeros(LENGTHS.length, 8);
    Readout.LAST_HIDDEN.forward(out, cache.lengths(), 2, features);

    float[] h = cache.finalState().h().data(); // (L·D, B, H); top layer is slots 2 and 3
    for (int b = 0; b < LENGTHS.length; b++) {
      for (int d = 0; d < 2; d++) {
        for (int j = 0; j < 4; j++) {
          assertThat(features.data()[b * 8 + d * 4 + j])
              .isEqualTo(h[((2 + d) * LENGTHS.length + b) * 4 + j]);
        }
      }
    }
  }

  @Test
  void badArgumentsNameTheValue() {
    Tensor out = Tensor.zeros(SEQ_LEN, 4, 6);
    Tensor features = Tensor.zeros(4, 6);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Readout.MEAN_OVER_TIME.forward(out, new int[] {1, 2, 6, 1}, 1, features))
        .withMessage("lengths[2] must be in [1, seqLen=5], got 6");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Readout.LAST_HIDDEN.forward(out, LENGTHS, 3, features))
        .withMessage("directions must be 1 or 2, got 3");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Readout.LAST_HIDDEN.forward(out, LENGTHS, 1, Tensor.zeros(4, 5)))
        .withMessageStartingWith("features must have shape");
  }

  private static double dot(double[][] f, float[] r) {
    double s = 0;
    int width = f[0].length;
    for (int b = 0; b < f.length; b++) {
      for (int j = 0; j < width; j++) {
        s += f[b][j] * r[b * width + j];
      }
    }
    return s;
  }
}
