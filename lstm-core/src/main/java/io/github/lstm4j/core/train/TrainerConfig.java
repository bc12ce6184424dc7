package io.github.lstm4j.core.train;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Records;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import io.github.lstm4j.core.optim.OptimizerConfig;
import java.util.Objects;

/**
 * How the {@link Trainer} trains: batch size, budget (epochs and, optionally, minutes), the
 * optimizer, the learning-rate schedule, gradient clipping, the non-finite policy, validation and
 * early stopping, and the seed of the example order. Validated on construction; change a field with
 * its wither.
 *
 * <pre>{@code
 * TrainerConfig config = TrainerConfig.defaults().withEpochs(20).withBatchSize(64)
 *     .withValidation(Validation.everyEpoch("accuracy", Goal.MAXIMIZE).withPatience(3));
 * }</pre>
 *
 * @param batchSize examples per step, {@code > 0}
 * @param epochs passes over the examples, {@code > 0}
 * @param maxMinutes a wall-clock budget checked after each step; 0 for none
 * @param optimizer the optimizer and its (peak) learning rate
 * @param schedule how the learning rate moves over the planned steps
 * @param gradientClip the maximum global gradient norm; 0 for no clipping
 * @param nonFinitePolicy what a step with a NaN or infinite loss or gradient does
 * @param validation when to validate, and what "best" means
 * @param emaDecay the decay d of an exponential moving average of the weights, in [0, 1); 0 for
 *     none. With one, validation scores the average, and the best model kept is an average (see
 *     {@link #withEmaDecay}).
 * @param seed the seed of the example order (shuffled every epoch)
 */
public record TrainerConfig(
    int batchSize,
    int epochs,
    double maxMinutes,
    OptimizerConfig optimizer,
    Schedule schedule,
    double gradientClip,
    NonFinitePolicy nonFinitePolicy,
    Validation validation,
    double emaDecay,
    long seed) {

  /** Whether a metric is better when smaller (a loss, an error) or larger (accuracy). */
  public enum Goal {
    /** Smaller is better. */
    MINIMIZE,
    /** Larger is better. */
    MAXIMIZE
  }

  /** The shape of the learning rate over the planned steps. */
  public enum ScheduleKind {
    /** The optimizer's rate at every step (after a linear warm-up, if any). */
    CONSTANT,
    /**
     * A linear warm-up to the optimizer's rate, then cosine annealing down to {@code
     * minLearningRate} over the remaining planned steps, reached at the last one.
     */
    COSINE,
    /**
     * Cosine annealing over the whole run from step 0 (char-rnn's schedule): at step {@code s} of
     * {@code P} planned, {@code min + ½(rate − min)(1 + cos(π·s/P))}; a warm-up does not delay it
     * but scales it by {@code (s + 1)/warmupSteps} during its first steps.
     */
    COSINE_FROM_START
  }

  /** What the learning rate's decay counts as the part of the run done. */
  public enum ScheduleClock {
    /** Steps over planned steps: a run is bit-reproducible. */
    STEPS,
    /**
     * The larger of steps over planned steps and elapsed time over {@code maxMinutes} (the steps
     * alone without a time budget), so that a run cut by its budget has decayed to {@code
     * minLearningRate} when the budget is spent. The rate then depends on the machine's speed, so a
     * run with a budget is not bit-reproducible.
     */
    STEPS_OR_BUDGET
  }

  /**
   * The learning-rate schedule.
   *
   * @param kind constant or one of the cosines
   * @param warmupSteps steps of linear warm-up, {@code >= 0}
   * @param minLearningRate the cosine's final rate, {@code > 0} and at most the optimizer's rate
   * @param clock what the decay counts as progress: steps, or steps or the time budget
   */
  public record Schedule(
      ScheduleKind kind, int warmupSteps, double minLearningRate, ScheduleClock clock) {
    /**
     * Validates the fields.
     *
     * @param kind see the record description
     * @param warmupSteps see the record description
     * @param minLearningRate see the record description
     * @param clock see the record description
     */
    public Schedule {
      Objects.requireNonNull(kind, "kind");
      Checks.argument(warmupSteps >= 0, "warmupSteps must be >= 0, got " + warmupSteps);
      Checks.positiveFinite("minLearningRate", minLearningRate);
      Objects.requireNonNull(clock, "clock");
    }

    /**
     * The optimizer's rate throughout.
     *
     * @return the schedule
     */
    public static Schedule constant() {
      return new Schedule(ScheduleKind.CONSTANT, 0, 1e-6, ScheduleClock.STEPS);
    }

    /**
     * Cosine annealing to {@code minLearningRate} over all planned steps, after a warm-up.
     *
     * @param warmupSteps linear warm-up steps
     * @param minLearningRate the final rate
     * @return the schedule, on the {@link ScheduleClock#STEPS} clock
     */
    public static Schedule cosine(int warmupSteps, double minLearningRate) {
      return new Schedule(ScheduleKind.COSINE, warmupSteps, minLearningRate, ScheduleClock.STEPS);
    }

    /**
     * Cosine annealing over the whole run from step 0, scaled by a warm-up ramp ({@link
     * ScheduleKind#COSINE_FROM_START}).
     *
     * @param warmupSteps steps of the ramp, {@code >= 0}
     * @param minLearningRate the rate the cosine reaches at the end of the run
     * @return the schedule, on the {@link ScheduleClock#STEPS} clock
     */
    public static Schedule cosineFromStart(int warmupSteps, double minLearningRate) {
      return new Schedule(
          ScheduleKind.COSINE_FROM_START, warmupSteps, minLearningRate, ScheduleClock.STEPS);
    }

    /**
     * Returns a copy with another warm-up.
     *
     * @param steps warm-up steps, {@code >= 0}
     * @return the new schedule
     */
    public Schedule withWarmupSteps(int steps) {
      return new Schedule(kind, steps, minLearningRate, clock);
    }

    /**
     * Returns a copy that decays on another clock, e.g. {@code Schedule.cosine(0,
     * 1e-5).withClock(ScheduleClock.STEPS_OR_BUDGET)} for a run cut by {@code maxMinutes}.
     *
     * @param value steps, or steps or the time budget
     * @return the new schedule
     */
    public Schedule withClock(ScheduleClock value) {
      return new Schedule(kind, warmupSteps, minLearningRate, value);
    }
  }

  /**
   * When to validate and which metric decides the best model and early stopping.
   *
   * @param everySteps validate every this many steps and at the end of every epoch; 0 to validate
   *     at the end of every epoch only
   * @param metric the metric that decides (one of the task's validation metrics)
   * @param goal whether it should be small or large
   * @param patience stop after this many validations without a new best; 0 never stops early
   */
  public record Validation(int everySteps, String metric, Goal goal, int patience) {
    /**
     * Validates the fields.
     *
     * @param everySteps see the record description
     * @param metric see the record description
     * @param goal see the record description
     * @param patience see the record description
     */
    public Validation {
      Checks.argument(everySteps >= 0, "everySteps must be >= 0, got " + everySteps);
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(goal, "goal");
      Checks.argument(patience >= 0, "patience must be >= 0, got " + patience);
    }

    /**
     * Validates at the end of every epoch, never stops early.
     *
     * @param metric the deciding metric
     * @param goal smaller or larger is better
     * @return the validation plan
     */
    public static Validation everyEpoch(String metric, Goal goal) {
      return new Validation(0, metric, goal, 0);
    }

    /**
     * Returns a copy that validates every {@code steps} steps, and at the end of every epoch.
     *
     * @param steps steps between validations, {@code > 0}
     * @return the new plan
     */
    public Validation withEverySteps(int steps) {
      Checks.positive("steps", steps);
      return new Validation(steps, metric, goal, patience);
    }

    /**
     * Returns a copy that stops after {@code validations} validations without a new best.
     *
     * @param validations the patience, {@code >= 0}
     * @return the new plan
     */
    public Validation withPatience(int validations) {
      return new Validation(everySteps, metric, goal, validations);
    }

    /** Whether {@code value} is better than {@code best} (NaN is never better). */
    boolean isBetter(double value, double best) {
      if (Double.isNaN(value)) {
        return false;
      }
      return Double.isNaN(best) || (goal == Goal.MINIMIZE ? value < best : value > best);
    }
  }

  /**
   * Validates the fields.
   *
   * @param batchSize see the record description
   * @param epochs see the record description
   * @param maxMinutes see the record description
   * @param optimizer see the record description
   * @param schedule see the record description
   * @param gradientClip see the record description
   * @param nonFinitePolicy see the record description
   * @param validation see the record description
   * @param emaDecay see the record description
   * @param seed see the record description
   */
  public TrainerConfig {
    Checks.positive("batchSize", batchSize);
    Checks.positive("epochs", epochs);
    Checks.argument(
        Double.isFinite(maxMinutes) && maxMinutes >= 0,
        "maxMinutes must be finite and >= 0, got " + Checks.format(maxMinutes));
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(schedule, "schedule");
    Checks.argument(
        Double.isFinite(gradientClip) && gradientClip >= 0,
        "gradientClip must be finite and >= 0, got " + Checks.format(gradientClip));
    Objects.requireNonNull(nonFinitePolicy, "nonFinitePolicy");
    Objects.requireNonNull(validation, "validation");
    Checks.inHalfOpenRange("emaDecay", emaDecay, 0, 1);
  }

  /**
   * Batch 32, 10 epochs, Adam 1e-3 (PyTorch's defaults), cosine to 1e-5 with no warm-up on the
   * {@link ScheduleClock#STEPS_OR_BUDGET} clock (so a run cut by {@code maxMinutes} still ends at
   * 1e-5; without a budget it is the steps clock), clipping at 5, throw on a non-finite step,
   * validate every epoch on {@code val_loss}, no weight averaging, seed 1.
   *
   * @return the defaults
   */
  public static TrainerConfig defaults() {
    return new TrainerConfig(
        32,
        10,
        0,
        OptimizerConfig.of(OptimizerConfig.Kind.ADAM, 1e-3),
        Schedule.cosine(0, 1e-5).withClock(ScheduleClock.STEPS_OR_BUDGET),
        5.0,
        NonFinitePolicy.THROW,
        Validation.everyEpoch("val_loss", Goal.MINIMIZE),
        0,
        1);
  }

  /**
   * Returns a copy with another batch size.
   *
   * @param value examples per step
   * @return the new config
   */
  public TrainerConfig withBatchSize(int value) {
    return Records.with(this, "batchSize", value);
  }

  /**
   * Returns a copy with another number of epochs.
   *
   * @param value passes over the examples
   * @return the new config
   */
  public TrainerConfig withEpochs(int value) {
    return Records.with(this, "epochs", value);
  }

  /**
   * Returns a copy with another time budget.
   *
   * @param value minutes, 0 for none
   * @return the new config
   */
  public TrainerConfig withMaxMinutes(double value) {
    return Records.with(this, "maxMinutes", value);
  }

  /**
   * Returns a copy with another optimizer.
   *
   * @param value the optimizer config
   * @return the new config
   */
  public TrainerConfig withOptimizer(OptimizerConfig value) {
    return Records.with(this, "optimizer", value);
  }

  /**
   * Returns a copy with another schedule.
   *
   * @param value the schedule
   * @return the new config
   */
  public TrainerConfig withSchedule(Schedule value) {
    return Records.with(this, "schedule", value);
  }

  /**
   * Returns a copy with another gradient clipping norm.
   *
   * @param value the maximum global norm, 0 for none
   * @return the new config
   */
  public TrainerConfig withGradientClip(double value) {
    return Records.with(this, "gradientClip", value);
  }

  /**
   * Returns a copy with another non-finite policy.
   *
   * @param value throw or skip
   * @return the new config
   */
  public TrainerConfig withNonFinitePolicy(NonFinitePolicy value) {
    return Records.with(this, "nonFinitePolicy", value);
  }

  /**
   * Returns a copy with another validation plan.
   *
   * @param value the plan
   * @return the new config
   */
  public TrainerConfig withValidation(Validation value) {
    return Records.with(this, "validation", value);
  }

  /**
   * Returns a copy that keeps an exponential moving average of the weights, {@code w̄ ← d·w̄ + (1 −
   * d)·w} after every applied step (PyTorch's {@code AveragedModel} with {@code
   * get_ema_multi_avg_fn(d)}, Keras' {@code use_ema}). Validation then scores the average, the best
   * model kept is an average, and a run without validation ends with the average in the model;
   * training itself steps the raw weights. A decay d averages over about {@code 1/(1 − d)} steps:
   * 0.999 over the last thousand.
   *
   * @param value d in [0, 1); 0 for no averaging
   * @return the new config
   */
  public TrainerConfig withEmaDecay(double value) {
    return Records.with(this, "emaDecay", value);
  }

  /**
   * Returns a copy with another order seed.
   *
   * @param value the seed
   * @return the new config
   */
  public TrainerConfig withSeed(long value) {
    return Records.with(this, "seed", value);
  }
}
