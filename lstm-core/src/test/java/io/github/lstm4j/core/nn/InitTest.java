package io.github.lstm4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Initialisation: PyTorch's uniform bounds, the forget-bias fill, Glorot's bound, orthogonal gate
 * blocks, and reproducibility from the seed.
 */
class InitTest {

  private static float[] values(Parameters params, String name) {
    return params.valueOf(params.get(name)).data();
  }

  /** Every |v| ≤ bound, and the largest is near the bound (the range is really used). */
  private static void assertUniformWithin(String what, float[] v, double bound) {
    double largest = 0;
    double sum = 0;
    for (float x : v) {
      assertThat(Math.abs(x)).as(what).isLessThanOrEqualTo((float) bound);
      largest = Math.max(largest, Math.abs(x));
      sum += x;
    }
    assertThat(largest).as(what + " largest").isGreaterThan(0.9 * bound);
    // Mean of n values of U(−a, a): standard error a/√(3n); allow five of them.
    assertThat(sum / v.length)
        .as(what + " mean")
        .isCloseTo(0, within(5 * bound / Math.sqrt(3.0 * v.length)));
  }

  @Test
  void lstmWeightsFollowPyTorchsUniformBoundOfOneOverRootH() {
    int hidden = 16;
    Parameters params = new Parameters();
    new Lstm(
        LstmConfig.of(10, hidden).withNumLayers(2).withBidirectional(true), params, new Rng(1));
    double bound = 1 / Math.sqrt(hidden);
    for (Param p : params.list()) {
      if (p.name().startsWith("weight")) {
        assertUniformWithin(p.name(), values(params, p.name()), bound);
      }
    }
  }

  @ParameterizedTest(name = "forgetBias {0}")
  @CsvSource({"1.0", "0.0", "-2.5"})
  void forgetBiasBlockStartsAtForgetBiasAndOtherBiasBlocksAtZero(double forgetBias) {
    int hidden = 4;
    Parameters params = new Parameters();
    new Lstm(
        LstmConfig.of(3, hidden)
            .withNumLayers(2)
            .withBidirectional(true)
            .withForgetBias(forgetBias),
        params,
        new Rng(2));
    for (String name : new String[] {"bias_l0", "bias_l0_reverse", "bias_l1", "bias_l1_reverse"}) {
      float[] bias = values(params, name);
      for (Gate gate : Gate.values()) {
        int from = gate.blockOffset(hidden);
        float expected = gate == Gate.FORGET ? (float) forgetBias : 0f;
        assertThat(Arrays.copyOfRange(bias, from, from + hidden))
            .as("%s %s", name, gate)
            .containsOnly(expected);
      }
    }
  }

  @Test
  void xavierUniformUsesGlorotsBound() {
    int input = 6;
    int hidden = 5;
    Parameters params = new Parameters();
    new Lstm(
        LstmConfig.of(input, hidden).withInit(Init.XAVIER_UNIFORM, Init.XAVIER_UNIFORM),
        params,
        new Rng(3));
    // Glorot: U(±√(6/(fanIn + fanOut))) over the whole (4H, in) matrix.
    assertUniformWithin(
        "weight_ih_l0", values(params, "weight_ih_l0"), Math.sqrt(6.0 / (4 * hidden + input)));
    assertUniformWithin(
        "weight_hh_l0", values(params, "weight_hh_l0"), Math.sqrt(6.0 / (4 * hidden + hidden)));
  }

  @Test
  void orthogonalRecurrentInitGivesOrthogonalGateBlocks() {
    int hidden = 7;
    Parameters params = new Parameters();
    new Lstm(
        LstmConfig.of(3, hidden).withNumLayers(2).withInit(Init.PYTORCH_DEFAULT, Init.ORTHOGONAL),
        params,
        new Rng(4));
    for (String name : new String[] {"weight_hh_l0", "weight_hh_l1"}) {
      float[] w = values(params, name); // (4H, H)
      for (Gate gate : Gate.values()) {
        int row0 = gate.blockOffset(hidden);
        // W·Wᵀ = I for the H×H block of rows [row0, row0 + H).
        for (int a = 0; a < hidden; a++) {
          for (int b = 0; b < hidden; b++) {
            double dot = 0;
            for (int k = 0; k < hidden; k++) {
              dot += (double) w[(row0 + a) * hidden + k] * w[(row0 + b) * hidden + k];
            }
            assertThat(dot)
                .as("%s %s (%d, %d)", name, gate, a, b)
                .isCloseTo(a == b ? 1 : 0, within(1e-5));
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "({0} × {1})")
  @CsvSource({"12, 3", "3, 12", "5, 5"})
  void orthogonalFillMakesTheShorterSidesVectorsOrthonormal(int rows, int cols) {
    float[] w = new float[rows * cols + 2];
    Init.ORTHOGONAL.fill(w, 1, rows, cols, cols, new Rng(5));
    assertThat(w[0]).isZero();
    assertThat(w[w.length - 1]).isZero();
    boolean byColumns = rows > cols;
    int vectors = Math.min(rows, cols);
    int length = Math.max(rows, cols);
    for (int a = 0; a < vectors; a++) {
      for (int b = 0; b < vectors; b++) {
        double dot = 0;
        for (int k = 0; k < length; k++) {
          int ia = byColumns ? k * cols + a : a * cols + k;
          int ib = byColumns ? k * cols + b : b * cols + k;
          dot += (double) w[1 + ia] * w[1 + ib];
        }
        assertThat(dot).isCloseTo(a == b ? 1 : 0, within(1e-5));
      }
    }
  }

  @Test
  void linearFollowsPyTorchsUniformBoundOfOneOverRootIn() {
    Parameters params = new Parameters();
    new Linear("head", 25, 40, params, new Rng(6));
    assertUniformWithin("head.weight", values(params, "head.weight"), 0.2);
    assertUniformWithin("head.bias", values(params, "head.bias"), 0.2);
  }

  @Test
  void theSameSeedGivesTheSameWeightsAndAnotherSeedOthers() {
    LstmConfig config =
        LstmConfig.of(4, 6).withNumLayers(2).withInit(Init.XAVIER_UNIFORM, Init.ORTHOGONAL);
    Parameters a = new Parameters();
    Parameters b = new Parameters();
    Parameters c = new Parameters();
    new Lstm(config, a, new Rng(7));
    new Lstm(config, b, new Rng(7));
    new Lstm(config, c, new Rng(8));
    assertThat(a.values()).containsExactly(b.values());
    assertThat(Arrays.equals(a.values(), c.values())).isFalse();
  }
}
