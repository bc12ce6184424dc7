package io.github.lstm4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every check passes its value through, or fails with "name must be rule, got value". */
class ChecksTest {

  @Test
  void passingChecksReturnTheirValue() {
    assertThat(Checks.positive("n", 3)).isEqualTo(3);
    assertThat(Checks.nonNegative("n", 0)).isZero();
    assertThat(Checks.positiveFinite("lr", 0.5)).isEqualTo(0.5);
    assertThat(Checks.nonNegativeFinite("wd", 0.0)).isZero();
    assertThat(Checks.finite("bias", -3.5)).isEqualTo(-3.5);
    assertThat(Checks.inHalfOpenRange("p", 0.0, 0.0, 1.0)).isZero();
    assertThat(Checks.index("i", 4, 5)).isEqualTo(4);
    Checks.argument(true, "unused");
  }

  @Test
  void failingChecksNameTheParameterTheRuleAndTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Checks.positive("hiddenSize", 0))
        .withMessage("hiddenSize must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Checks.nonNegative("count", -2))
        .withMessage("count must be >= 0, got -2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Checks.positiveFinite("learningRate", Double.NaN))
        .withMessage("learningRate must be finite and > 0, got NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Checks.positiveFinite("learningRate", Double.POSITIVE_INFINITY))
        .withMessage("learningRate must be finite and > 0, got Infinity");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Checks.positiveFinite("learningRate", -0.0))
        .withMessage("learningRate must be finite and > 0, got -0.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Checks.nonNegativeFinite("weightDecay", -1e-3))
        .withMessage("weightDecay must be finite and >= 0, got -0.001");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Checks.finite("forgetBias", Double.NEGATIVE_INFINITY))
        .withMessage("forgetBias must be finite, got -Infinity");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Checks.inHalfOpenRange("dropout", 1.0, 0.0, 1.0))
        .withMessage("dropout must be in [0.0, 1.0), got 1.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Checks.index("axis", 3, 3))
        .withMessage("axis must be in [0, 3), got 3");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Checks.argument(false, "x must be y, got z"))
        .withMessage("x must be y, got z");
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "2.0, 2.0",
    "-3, -3.0",
    "0.5, 0.5",
    "1e-3, 0.001",
    "2.5e-7, 2.5E-7",
    "1e15, 1.0E15",
    "123456.75, 123456.75",
    "NaN, NaN",
    "Infinity, Infinity",
    "-Infinity, -Infinity"
  })
  void formatIsLocaleIndependent(double value, String expected) {
    Locale saved = Locale.getDefault();
    try {
      // A decimal comma here would turn "2.0" into "2,0".
      Locale.setDefault(Locale.GERMANY);
      assertThat(Checks.format(value)).isEqualTo(expected);
    } finally {
      Locale.setDefault(saved);
    }
  }
}
