package io.github.lstm4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** Elementwise closeness assertions that name the first offending index. */
public final class Closeness {
  private Closeness() {}

  /** Asserts |actual − expected| ≤ rel·|expected| + abs for every element. */
  public static void assertClose(
      String what, float[] actual, double[] expected, double rel, double abs) {
    assertThat(actual).as(what + " length").hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      double bound = rel * Math.abs(expected[i]) + abs;
      assertThat(Math.abs(actual[i] - expected[i]))
          .as("%s[%d]: actual %s, expected %s", what, i, actual[i], expected[i])
          .isLessThanOrEqualTo(bound);
    }
  }

  /** Float production values against the double reference with the standard tolerances. */
  public static void assertFloatMatchesReference(String what, float[] actual, double[] expected) {
    assertClose(
        what,
        actual,
        expected,
        Tolerances.FLOAT_VS_DOUBLE_RELATIVE,
        Tolerances.FLOAT_VS_DOUBLE_ABSOLUTE);
  }
}
