package io.github.lstm4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The schedules' values at their defining points (PyTorch's StepLR and CosineAnnealingLR). */
class LearningRateScheduleTest {

  @Test
  void constantRateNeverChanges() {
    LearningRateSchedule s = LearningRateSchedule.constant(0.1);
    assertThat(s.rate(0)).isEqualTo(0.1);
    assertThat(s.rate(1_000_000)).isEqualTo(0.1);
  }

  @ParameterizedTest(name = "step {0} → {1}")
  @CsvSource({"0, 1.0", "9, 1.0", "10, 0.5", "19, 0.5", "20, 0.25", "35, 0.125"})
  void stepDecayMultipliesByGammaEveryStepSizeSteps(long step, double expected) {
    assertThat(LearningRateSchedule.stepDecay(1.0, 10, 0.5).rate(step)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "step {0} → {1}")
  @CsvSource({
    "0, 1.0", // cos(0) = 1: the initial rate
    "25, 0.8681980515339464", // 0.1 + 0.45·(1 + cos(π/4))
    "50, 0.55", // cos(π/2) = 0: halfway between the rates
    "100, 0.1", // cos(π) = −1: the minimum
    "150, 0.1" // constant after the end
  })
  void cosineAnnealsFromTheInitialToTheMinimumRate(long step, double expected) {
    assertThat(LearningRateSchedule.cosine(1.0, 100, 0.1).rate(step))
        .isCloseTo(expected, within(1e-12));
  }

  @Test
  void linearWarmupRampsUpToTheFollowingScheduleThenHandsOver() {
    LearningRateSchedule after = LearningRateSchedule.stepDecay(2.0, 3, 0.5);
    LearningRateSchedule s = LearningRateSchedule.linearWarmup(4, after);
    // rate(step) = after.rate(0)·(step + 1)/4 for step < 4, then after.rate(step − 4).
    assertThat(s.rate(0)).isEqualTo(0.5);
    assertThat(s.rate(1)).isEqualTo(1.0);
    assertThat(s.rate(2)).isEqualTo(1.5);
    assertThat(s.rate(3)).isEqualTo(2.0);
    assertThat(s.rate(4)).isEqualTo(2.0);
    assertThat(s.rate(6)).isEqualTo(2.0);
    assertThat(s.rate(7)).isEqualTo(1.0);
  }

  @Test
  void badArgumentsAreRejectedWithTheirNameAndValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LearningRateSchedule.constant(-1))
        .withMessage("rate must be finite and > 0, got -1.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LearningRateSchedule.stepDecay(1.0, 0, 0.5))
        .withMessage("stepSize must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LearningRateSchedule.stepDecay(1.0, 10, 1.5))
        .withMessage("gamma must be in (0, 1], got 1.5");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LearningRateSchedule.cosine(0.1, 100, 0.2))
        .withMessage("minRate must be <= initialRate 0.1, got 0.2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LearningRateSchedule.cosine(0.1, 0, 0.01))
        .withMessage("totalSteps must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LearningRateSchedule.linearWarmup(0, LearningRateSchedule.constant(0.1)))
        .withMessage("warmupSteps must be > 0, got 0");
  }
}
