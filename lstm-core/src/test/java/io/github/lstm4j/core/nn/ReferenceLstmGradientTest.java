package io.github.lstm4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.testing.ReferenceLstm;
import io.github.lstm4j.core.testing.Tolerances;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The oracle is checked first: the double-precision reference's backward against central finite
 * differences of its forward, for every weight, every input and every initial-state value.
 */
class ReferenceLstmGradientTest {

  @ParameterizedTest(name = "layers={0} bidirectional={1} dropout={2} lengths={3}")
  @CsvSource({
    "1, false, false, 5 5 5",
    "2, false, false, 5 5 5",
    "1, true, false, 5 5 5",
    "2, true, true, 5 5 5",
    "1, false, false, 3 5 1",
    "2, true, false, 3 5 1",
    "2, true, true, 1 4 5"
  })
  void referenceBackwardMatchesCentralDifferences(
      int layers, boolean bidirectional, boolean dropout, String lengthList) {
    int[] lengths =
        java.util.Arrays.stream(lengthList.split(" ")).mapToInt(Integer::parseInt).toArray();
    int inputSize = 3;
    int hiddenSize = 3;
    int seqLen = 5;
    int batch = 3;
    LstmConfig config =
        LstmConfig.of(inputSize, hiddenSize).withNumLayers(layers).withBidirectional(bidirectional);
    Rng rng = new Rng(11);
    int slots = layers * config.numDirections();
    Map<String, double[]> weights = new HashMap<>();
    for (int l = 0; l < layers; l++) {
      for (int d = 0; d < config.numDirections(); d++) {
        String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
        weights.put("weight_ih" + suffix, gaussian(rng, 4 * hiddenSize * config.layerInputSize(l)));
        weights.put("weight_hh" + suffix, gaussian(rng, 4 * hiddenSize * hiddenSize));
        weights.put("bias" + suffix, gaussian(rng, 4 * hiddenSize));
      }
    }
    ReferenceLstm ref = new ReferenceLstm(config, weights);
    double[] x = gaussian(rng, seqLen * batch * inputSize);
    double[] h0 = gaussian(rng, slots * batch * hiddenSize);
    double[] c0 = gaussian(rng, slots * batch * hiddenSize);
    double[][] masks = null;
    if (dropout) {
      masks = new double[layers - 1][seqLen * batch * config.outputSize()];
      for (double[] mask : masks) {
        for (int i = 0; i < mask.length; i++) {
          mask[i] = rng.nextDouble() < 0.7 ? 1 / 0.7 : 0;
        }
      }
    }
    // L = Σ output⊙rOut + Σ h_n⊙rH + Σ c_n⊙rC, so ∂L/∂output = rOut etc.
    double[] rOut = gaussian(rng, seqLen * batch * config.outputSize());
    double[] rH = gaussian(rng, slots * batch * hiddenSize);
    double[] rC = gaussian(rng, slots * batch * hiddenSize);
    double[][] maskCopy = masks;
    Loss loss =
        () -> {
          ReferenceLstm.Forward f = ref.forward(x, h0, c0, seqLen, batch, maskCopy, lengths);
          return dot(f.outputFlat(), rOut) + dot(f.hNFlat(), rH) + dot(f.cNFlat(), rC);
        };
    ReferenceLstm.Backward grads =
        ref.backward(ref.forward(x, h0, c0, seqLen, batch, masks, lengths), rOut, rH, rC);

    int checked = 0;
    for (Map.Entry<String, double[]> e : weights.entrySet()) {
      checked += checkAll(e.getKey(), e.getValue(), grads.weights.get(e.getKey()), loss);
    }
    checked += checkAll("input", x, ReferenceLstm.flatten(grads.input), loss);
    checked += checkAll("h0", h0, ReferenceLstm.flatten(grads.h0), loss);
    checked += checkAll("c0", c0, ReferenceLstm.flatten(grads.c0), loss);
    assertThat(checked).isGreaterThan(100);
  }

  interface Loss {
    double value();
  }

  private static int checkAll(String name, double[] values, double[] analytic, Loss loss) {
    double eps = Tolerances.REFERENCE_GRADCHECK_EPS;
    for (int i = 0; i < values.length; i++) {
      double saved = values[i];
      values[i] = saved + eps;
      double plus = loss.value();
      values[i] = saved - eps;
      double minus = loss.value();
      values[i] = saved;
      double numeric = (plus - minus) / (2 * eps);
      double bound = Tolerances.REFERENCE_GRADCHECK_RELATIVE * Math.abs(analytic[i]) + 1e-8;
      assertThat(Math.abs(numeric - analytic[i]))
          .as("%s[%d]: numeric %s, analytic %s", name, i, numeric, analytic[i])
          .isLessThanOrEqualTo(bound);
    }
    return values.length;
  }

  private static double[] gaussian(Rng rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextGaussian() * 0.5;
    }
    return v;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
