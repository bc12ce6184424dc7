package io.github.lstm4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.nn.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Global-norm and per-value clipping, as PyTorch's {@code clip_grad_norm_}/{@code _value_}. */
class GradientClippingTest {

  /** Two parameters with gradients (3, 4) and (12): global norm √(9 + 16 + 144) = 13. */
  private static Parameters gradientsOfNormThirteen() {
    Parameters params = new Parameters();
    params.add("a", 2);
    params.add("b", 1);
    float[] g = params.grads();
    g[0] = 3f;
    g[1] = 4f;
    g[2] = 12f;
    return params;
  }

  private static double norm(float[] g) {
    double sum = 0;
    for (float v : g) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum);
  }

  @Test
  void returnsTheNormOverAllParametersBeforeClipping() {
    Parameters params = gradientsOfNormThirteen();
    assertThat(GradientClipping.clipGlobalNorm(params, 1.3)).isEqualTo(13.0);
  }

  @ParameterizedTest(name = "maxNorm {0}")
  @ValueSource(doubles = {1.3, 6.5, 12.9})
  void scalesAllGradientsTogetherDownToTheMaximumNorm(double maxNorm) {
    Parameters params = gradientsOfNormThirteen();
    assertThat(GradientClipping.clipGlobalNorm(params, maxNorm)).isEqualTo(13.0);
    assertThat(norm(params.grads())).isCloseTo(maxNorm, within(maxNorm * 1e-5));
    // One common factor maxNorm/13, so the direction (3, 4, 12) is kept.
    float scale = (float) (maxNorm / 13);
    assertThat(params.grads())
        .containsExactly(new float[] {3 * scale, 4 * scale, 12 * scale}, within(1e-5f));
  }

  @Test
  void leavesGradientsBelowTheMaximumUntouched() {
    Parameters params = gradientsOfNormThirteen();
    float[] before = params.grads().clone();
    assertThat(GradientClipping.clipGlobalNorm(params, 13.5)).isEqualTo(13.0);
    assertThat(params.grads()).containsExactly(before);
  }

  @Test
  void reportsANonFiniteNorm() {
    Parameters params = gradientsOfNormThirteen();
    params.grads()[1] = Float.NaN;
    assertThat(GradientClipping.clipGlobalNorm(params, 1.0)).isNaN();
  }

  @Test
  void clipByValueClampsEachGradient() {
    Parameters params = new Parameters();
    params.add("w", 5);
    System.arraycopy(new float[] {-5f, -1f, 0.5f, 1f, 3f}, 0, params.grads(), 0, 5);
    GradientClipping.clipValue(params, 1.0);
    assertThat(params.grads()).containsExactly(-1f, -1f, 0.5f, 1f, 1f);
  }

  @Test
  void rejectsANonPositiveBound() {
    Parameters params = gradientsOfNormThirteen();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GradientClipping.clipGlobalNorm(params, 0))
        .withMessage("maxNorm must be finite and > 0, got 0.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GradientClipping.clipValue(params, Double.NaN))
        .withMessage("maxValue must be finite and > 0, got NaN");
  }
}
