package io.github.lstm4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.optim.OptimizerConfig;
import io.github.lstm4j.core.train.TrainerConfig.Schedule;
import io.github.lstm4j.core.train.TrainerConfig.ScheduleClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The learning rate's clock: with {@link ScheduleClock#STEPS_OR_BUDGET} a run cut by its time
 * budget decays to the floor as the budget is spent, with {@link ScheduleClock#STEPS} it does not.
 * Time is a fake clock that each batch moves on by one second, so nothing here waits.
 */
class ScheduleClockTest {
  private static final double PEAK = 0.1;
  private static final double FLOOR = 0.005;
  private static final long SECOND = 1_000_000_000L;

  /** Four examples, a constant loss, and one second of fake time per batch. */
  private static final class OneSecondPerBatch extends OneWeightTask {
    final long[] nanos = {123};

    @Override
    public int exampleCount() {
      return 4;
    }

    @Override
    public double trainBatch(int[] order, int from, int count) {
      nanos[0] += SECOND;
      return 1.0;
    }
  }

  /** 1,000 epochs of 4 steps planned, a budget of 10 seconds. */
  private static TrainerConfig config(ScheduleClock clock) {
    return TrainerConfig.defaults()
        .withBatchSize(1)
        .withEpochs(1000)
        .withMaxMinutes(10.0 / 60)
        .withOptimizer(OptimizerConfig.of(OptimizerConfig.Kind.SGD, PEAK))
        .withSchedule(Schedule.cosineFromStart(0, FLOOR).withClock(clock));
  }

  private static final class Rates implements TrainingListener {
    final List<Double> rates = new ArrayList<>();

    @Override
    public void onStep(Progress progress) {
      rates.add(progress.learningRate());
    }
  }

  private static double cosine(double fraction) {
    return FLOOR + 0.5 * (PEAK - FLOOR) * (1 + Math.cos(Math.PI * fraction));
  }

  @Test
  void onTheBudgetClockTheCosineReachesItsFloorWhenTheBudgetIsSpent() {
    OneSecondPerBatch task = new OneSecondPerBatch();
    Trainer trainer = new Trainer(task, config(ScheduleClock.STEPS_OR_BUDGET), () -> task.nanos[0]);
    Rates listener = new Rates();

    TrainingResult result = trainer.fit(listener);

    // Step k starts after k seconds: the budget's fraction k / 10 is far ahead of k / 4000 steps.
    assertThat(result.outOfTime()).isTrue();
    assertThat(listener.rates).hasSize(10);
    for (int k = 0; k < 10; k++) {
      assertThat(listener.rates.get(k)).as("step %d", k).isCloseTo(cosine(k / 10.0), within(1e-15));
    }
    // A further fit starts with the budget spent: its one step runs at the floor.
    trainer.fit(listener);
    assertThat(listener.rates).hasSize(11);
    assertThat(listener.rates.get(10)).isEqualTo(FLOOR);
  }

  @Test
  void onTheStepClockABudgetCutLeavesTheRateNearItsPeak() {
    OneSecondPerBatch task = new OneSecondPerBatch();
    Rates listener = new Rates();

    new Trainer(task, config(ScheduleClock.STEPS), () -> task.nanos[0]).fit(listener);

    assertThat(listener.rates).hasSize(10);
    assertThat(listener.rates.get(9)).isCloseTo(cosine(9 / 4000.0), within(1e-15));
    assertThat(listener.rates.get(9)).isGreaterThan(0.99 * PEAK);
  }

  @Test
  void withoutABudgetBothClocksGiveTheSameRates() {
    Rates steps = new Rates();
    Rates budget = new Rates();
    OneSecondPerBatch a = new OneSecondPerBatch();
    OneSecondPerBatch b = new OneSecondPerBatch();

    new Trainer(a, config(ScheduleClock.STEPS).withMaxMinutes(0).withEpochs(3), () -> a.nanos[0])
        .fit(steps);
    new Trainer(
            b,
            config(ScheduleClock.STEPS_OR_BUDGET).withMaxMinutes(0).withEpochs(3),
            () -> b.nanos[0])
        .fit(budget);

    assertThat(budget.rates).hasSize(12).isEqualTo(steps.rates);
    assertThat(steps.rates.get(6)).isEqualTo(cosine(6 / 12.0));
  }
}
