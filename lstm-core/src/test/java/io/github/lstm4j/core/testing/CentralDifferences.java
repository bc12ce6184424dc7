package io.github.lstm4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.ToDoubleFunction;

/**
 * Central differences in double precision, the oracle of every hand-written double reference
 * gradient: (f(x + ε·e_i) − f(x − ε·e_i)) / 2ε at each coordinate, ε = {@link
 * Tolerances#REFERENCE_GRADCHECK_EPS}.
 */
public final class CentralDifferences {
  private CentralDifferences() {}

  /** The numeric gradient of f at every coordinate of {@code at} (perturbed and restored). */
  public static double[] gradient(double[] at, ToDoubleFunction<double[]> f) {
    double eps = Tolerances.REFERENCE_GRADCHECK_EPS;
    double[] g = new double[at.length];
    for (int i = 0; i < at.length; i++) {
      double saved = at[i];
      at[i] = saved + eps;
      double plus = f.applyAsDouble(at);
      at[i] = saved - eps;
      double minus = f.applyAsDouble(at);
      at[i] = saved;
      g[i] = (plus - minus) / (2 * eps);
    }
    return g;
  }

  /**
   * Asserts that an analytic gradient matches the central differences of f within {@link
   * Tolerances#REFERENCE_GRADCHECK_RELATIVE}·max(1, |g|).
   */
  public static void assertGradient(
      String what, double[] analytic, double[] at, ToDoubleFunction<double[]> f) {
    double[] numeric = gradient(at, f);
    for (int i = 0; i < at.length; i++) {
      assertThat(numeric[i])
          .as("%s, coordinate %d", what, i)
          .isCloseTo(
              analytic[i],
              within(
                  Tolerances.REFERENCE_GRADCHECK_RELATIVE * Math.max(1.0, Math.abs(analytic[i]))));
    }
  }
}
