package io.github.lstm4j.core.optim;

import io.github.lstm4j.core.Checks;
import java.util.Objects;
import java.util.function.LongToDoubleFunction;

/**
 * The learning rate as a function of the 0-based step number; a training loop calls {@code
 * optimizer.setLearningRate(schedule.rate(step))} before each step.
 *
 * <pre>{@code
 * LearningRateSchedule s = LearningRateSchedule.linearWarmup(100, LearningRateSchedule.cosine(2e-3, 10_000, 1e-5));
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {
  /**
   * Returns the learning rate for a step.
   *
   * @param step the 0-based step number
   * @return the rate, finite and {@code > 0}
   */
  double rate(long step);

  /**
   * The same rate at every step.
   *
   * @param rate the learning rate, finite and {@code > 0}
   * @return the schedule
   */
  static LearningRateSchedule constant(double rate) {
    Checks.positiveFinite("rate", rate);
    return step -> rate;
  }

  /**
   * Multiplies the rate by {@code gamma} every {@code stepSize} steps (PyTorch's StepLR).
   *
   * @param initialRate the rate at step 0, finite and {@code > 0}
   * @param stepSize steps between decays, {@code > 0}
   * @param gamma the factor, in (0, 1]
   * @return the schedule
   */
  static LearningRateSchedule stepDecay(double initialRate, long stepSize, double gamma) {
    Checks.positiveFinite("initialRate", initialRate);
    Checks.argument(stepSize > 0, "stepSize must be > 0, got " + stepSize);
    Checks.argument(
        gamma > 0 && gamma <= 1, "gamma must be in (0, 1], got " + Checks.format(gamma));
    return step -> initialRate * Math.pow(gamma, step / stepSize);
  }

  /**
   * Cosine annealing from {@code initialRate} at step 0 to {@code minRate} at {@code totalSteps},
   * constant afterwards (PyTorch's CosineAnnealingLR with T_max = totalSteps).
   *
   * @param initialRate the rate at step 0, finite and {@code > 0}
   * @param totalSteps the length of the decay, {@code > 0}
   * @param minRate the final rate, finite, {@code > 0} and {@code <= initialRate}
   * @return the schedule
   */
  static LearningRateSchedule cosine(double initialRate, long totalSteps, double minRate) {
    Checks.argument(totalSteps > 0, "totalSteps must be > 0, got " + totalSteps);
    return cosine(initialRate, step -> (double) step / totalSteps, minRate);
  }

  /**
   * Cosine annealing over the fraction of the run done, {@code f = min(1, progress(step))}:
   *
   * <pre>
   * rate(step) = minRate + ½ (initialRate − minRate) (1 + cos(π f))
   * </pre>
   *
   * <p>{@code progress} decides what "done" means: {@code step / totalSteps} for a run planned in
   * steps, or the larger of that and the part of a time budget spent, so that a run cut by the
   * clock still ends at {@code minRate}.
   *
   * @param initialRate the rate at {@code f = 0}, finite and {@code > 0}
   * @param progress the fraction of the run done at a step; values above 1 count as 1
   * @param minRate the rate at {@code f = 1}, finite, {@code > 0} and {@code <= initialRate}
   * @return the schedule
   */
  static LearningRateSchedule cosine(
      double initialRate, LongToDoubleFunction progress, double minRate) {
    Checks.positiveFinite("initialRate", initialRate);
    Checks.positiveFinite("minRate", minRate);
    Objects.requireNonNull(progress, "progress");
    Checks.argument(
        minRate <= initialRate,
        "minRate must be <= initialRate "
            + Checks.format(initialRate)
            + ", got "
            + Checks.format(minRate));
    return step -> {
      double f = Math.min(1.0, progress.applyAsDouble(step));
      return minRate + 0.5 * (initialRate - minRate) * (1 + Math.cos(Math.PI * f));
    };
  }

  /**
   * Ramps the rate linearly from {@code after.rate(0) / warmupSteps} up to {@code after}'s rate
   * over the first {@code warmupSteps} steps, then follows {@code after} (whose step count starts
   * at 0 when the warm-up ends).
   *
   * @param warmupSteps the length of the ramp, {@code > 0}
   * @param after the schedule that follows
   * @return the schedule
   */
  static LearningRateSchedule linearWarmup(long warmupSteps, LearningRateSchedule after) {
    Checks.argument(warmupSteps > 0, "warmupSteps must be > 0, got " + warmupSteps);
    Objects.requireNonNull(after, "after");
    return step ->
        step < warmupSteps
            ? after.rate(0) * (step + 1) / warmupSteps
            : after.rate(step - warmupSteps);
  }

  /**
   * Scales this schedule by {@code (step + 1) / warmupSteps} over the first {@code warmupSteps}
   * steps; unlike {@link #linearWarmup}, this schedule keeps its own step count during the ramp (a
   * cosine is already decaying while the ramp rises), as char-rnn's warm-up does.
   *
   * <pre>
   * rate'(step) = rate(step) · (step + 1) / warmupSteps   for step &lt; warmupSteps
   *             = rate(step)                             afterwards
   * </pre>
   *
   * @param warmupSteps the length of the ramp, {@code > 0}
   * @return the ramped schedule
   */
  default LearningRateSchedule withWarmupRamp(long warmupSteps) {
    Checks.argument(warmupSteps > 0, "warmupSteps must be > 0, got " + warmupSteps);
    return step -> step < warmupSteps ? rate(step) * (step + 1) / warmupSteps : rate(step);
  }
}
