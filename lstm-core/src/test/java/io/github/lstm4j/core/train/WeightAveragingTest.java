package io.github.lstm4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.io.TrainingCheckpoint;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.optim.OptimizerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's exponential moving average of the weights: validation and the kept model see the
 * average (checked against the average recomputed in double from the raw weights of every step),
 * the steps move the raw weights, and a resumed run gives the bits of one that never stopped.
 */
class WeightAveragingTest {
  private static final double DECAY = 0.8;
  // The float lerp against the double recurrence, over 20 steps of weights of size ~1.
  private static final Offset<Double> FLOAT_LERP = Offset.offset(2e-6);

  @TempDir Path dir;

  /** The sign task of {@link TrainerTest}, recording the weights each hook sees. */
  static class RecordingTask implements TrainingTask {
    final TrainerTest.SignTask task;
    final List<float[]> beforeStep = new ArrayList<>(); // the weights trainBatch starts from
    final List<float[]> afterStep = new ArrayList<>(); // the raw weights after each applied step
    final List<float[]> validated = new ArrayList<>(); // the weights each validation scores
    int replaced; // onWeightsReplaced calls

    RecordingTask(int n, long seed) {
      this.task = new TrainerTest.SignTask(n, seed);
    }

    @Override
    public Parameters parameters() {
      return task.parameters();
    }

    @Override
    public int exampleCount() {
      return task.exampleCount();
    }

    @Override
    public double trainBatch(int[] order, int from, int count) {
      beforeStep.add(task.params.values().clone());
      return task.trainBatch(order, from, count);
    }

    @Override
    public Map<String, Double> validate() {
      validated.add(task.params.values().clone());
      return task.validate();
    }

    @Override
    public Map<String, Rng> generators() {
      return task.generators();
    }

    @Override
    public void onStepApplied() {
      afterStep.add(task.params.values().clone());
    }

    @Override
    public void onWeightsReplaced() {
      replaced++;
    }
  }

  private static TrainerConfig config(int epochs) {
    return TrainerConfig.defaults()
        .withEpochs(epochs)
        .withBatchSize(16)
        .withOptimizer(OptimizerConfig.of(OptimizerConfig.Kind.ADAM, 2e-2))
        .withValidation(
            TrainerConfig.Validation.everyEpoch("accuracy", TrainerConfig.Goal.MAXIMIZE))
        .withEmaDecay(DECAY);
  }

  /** w̄ after each step, in double: w̄₁ = w₁, w̄ₖ = d·w̄ₖ₋₁ + (1 − d)·wₖ. */
  private static List<double[]> averages(List<float[]> raw) {
    List<double[]> out = new ArrayList<>();
    double[] average = null;
    for (float[] w : raw) {
      if (average == null) {
        average = new double[w.length];
        for (int i = 0; i < w.length; i++) {
          average[i] = w[i];
        }
      } else {
        for (int i = 0; i < w.length; i++) {
          average[i] = DECAY * average[i] + (1 - DECAY) * w[i];
        }
      }
      out.add(average.clone());
    }
    return out;
  }

  private static void assertClose(float[] actual, double[] expected, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).as(what + " [" + i + "]").isCloseTo(expected[i], FLOAT_LERP);
    }
  }

  @Test
  void validationScoresTheAverageWhileTheStepsMoveTheRawWeights() {
    RecordingTask task = new RecordingTask(64, 2); // 4 steps an epoch
    TrainingResult result = new Trainer(task, config(5)).fit(TrainingListener.NONE);

    assertThat(task.afterStep).hasSize(20);
    for (int k = 1; k < task.beforeStep.size(); k++) {
      assertThat(Arrays.equals(task.beforeStep.get(k), task.afterStep.get(k - 1)))
          .as("step %d starts from the raw weights of step %d, not from their average", k + 1, k)
          .isTrue();
    }
    List<double[]> expected = averages(task.afterStep);
    assertThat(task.validated).hasSize(5);
    for (int e = 0; e < 5; e++) {
      assertClose(task.validated.get(e), expected.get(4 * e + 3), "validation " + e);
    }
    assertThat(Arrays.equals(task.validated.get(4), task.afterStep.get(19)))
        .as("the average differs from the last raw weights")
        .isFalse();
    int bestEpoch = result.best().orElseThrow().epoch();
    assertThat(Arrays.equals(task.task.params.values(), task.validated.get(bestEpoch)))
        .as("the model keeps the best validation's average")
        .isTrue();
    assertThat(task.replaced).as("swapped in and out per validation, best put back").isEqualTo(11);
  }

  @Test
  void withoutValidationTheRunEndsWithTheAverageInTheModel() {
    RecordingTask task =
        new RecordingTask(48, 3) {
          @Override
          public Map<String, Double> validate() {
            return Map.of(); // no metric: nothing to keep a best by
          }
        };
    TrainerConfig config =
        config(2)
            .withValidation(
                TrainerConfig.Validation.everyEpoch("none", TrainerConfig.Goal.MINIMIZE));
    new Trainer(task, config).fit(TrainingListener.NONE);
    List<double[]> expected = averages(task.afterStep);
    assertClose(task.task.params.values(), expected.get(expected.size() - 1), "final weights");
  }

  @Test
  void resumingWithAnAverageGivesTheBitsOfARunThatNeverStopped() throws IOException {
    Path checkpoint = dir.resolve("mid.safetensors");
    TrainerTest.SignTask straight = new TrainerTest.SignTask(70, 3); // 5 steps an epoch
    Trainer trainer = new Trainer(straight, config(6));
    trainer.fit(new CheckpointAtStep(trainer, 13, checkpoint, Map.of("model", "sign")));

    TrainerTest.SignTask resumed = new TrainerTest.SignTask(70, 99);
    Trainer again = new Trainer(resumed, config(6));
    again.restore(TrainingCheckpoint.read(checkpoint));
    again.fit(TrainingListener.NONE);

    assertThat(Arrays.equals(resumed.params.values(), straight.params.values()))
        .as("the kept (averaged) weights after resume are the bits of the uninterrupted run")
        .isTrue();
  }

  @Test
  void aCheckpointWithoutAnAverageCannotResumeARunThatAverages() throws IOException {
    Path checkpoint = dir.resolve("plain.safetensors");
    TrainerTest.SignTask plain = new TrainerTest.SignTask(32, 4);
    Trainer trainer = new Trainer(plain, config(1).withEmaDecay(0));
    trainer.fit(TrainingListener.NONE);
    trainer.writeCheckpoint(checkpoint, Map.of("model", "sign"));

    Trainer averaging = new Trainer(new TrainerTest.SignTask(32, 4), config(2));
    TrainingCheckpoint saved = TrainingCheckpoint.read(checkpoint);
    assertThatThrownBy(() -> averaging.restore(saved))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("\"trainer.weight_average\"");
  }

  @Test
  void theDecayMustBeAProbability() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TrainerConfig.defaults().withEmaDecay(1))
        .withMessage("emaDecay must be in [0.0, 1.0), got 1.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TrainerConfig.defaults().withEmaDecay(Double.NaN))
        .withMessage("emaDecay must be in [0.0, 1.0), got NaN");
  }
}
