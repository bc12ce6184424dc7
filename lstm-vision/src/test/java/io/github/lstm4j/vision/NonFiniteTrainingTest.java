package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Param;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import io.github.lstm4j.core.train.Evaluation;
import io.github.lstm4j.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A NaN that reaches a training step through the real training loop stops the run at that step with
 * no weight changed: the value is planted between two steps (the images are bytes, so the NaN
 * cannot come from the data), as a corrupted or diverged weight would appear.
 */
class NonFiniteTrainingTest {
  private static final MnistDataset DATA = BarImages.generate(64, 1);

  private static RowLstmClassifier model(NonFinitePolicy policy) {
    ClassifierConfig config =
        ClassifierConfig.defaults()
            .withHiddenSize(8)
            .withBatchSize(16)
            .withEpochs(1)
            .withValidationFraction(0)
            .withSeed(1)
            .withNonFinitePolicy(policy);
    return RowLstmClassifier.create(
        config, DATA.shape().rows(), DATA.shape().cols(), DATA.shape().numClasses());
  }

  /**
   * After step 1 plants a NaN in {@code lstm.weight_hh_l0[5]}; after step 2 records the weights and
   * puts the value back. Records every event.
   */
  private static final class Poison implements TrainingListener {
    final Parameters params;
    final int index;
    final List<TrainingListener.Progress> steps = new ArrayList<>();
    final List<Evaluation> epochs = new ArrayList<>();
    float[] afterFirstStep;
    float[] afterSecondStep;
    private float saved;

    Poison(Parameters params) {
      this.params = params;
      this.index = params.get("lstm.weight_hh_l0").offset() + 5;
    }

    @Override
    public void onStep(TrainingListener.Progress step) {
      steps.add(step);
      float[] values = params.values();
      if (step.step() == 1) {
        afterFirstStep = values.clone();
        saved = values[index];
        values[index] = Float.NaN;
      } else if (step.step() == 2) {
        afterSecondStep = values.clone();
        values[index] = saved;
      }
    }

    @Override
    public void onEvaluation(Evaluation epoch) {
      epochs.add(epoch);
    }
  }

  private static void train(RowLstmClassifier model, TrainingListener listener) {
    try (ComputeContext ctx = ComputeContext.of(1)) {
      new ClassifierTraining(model, DATA, null, new Rng(1), listener, ctx).run();
    }
  }

  @Test
  void theDefaultPolicyStopsAtTheNonFiniteStepBeforeAnyWeightChanges() {
    RowLstmClassifier model = model(NonFinitePolicy.THROW);
    Poison poison = new Poison(model.parameters());

    assertThatThrownBy(() -> train(model, poison))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageStartingWith("loss must be finite, got NaN at step 2 ");

    assertSameBitsExceptPoisoned(poison, model.parameters().values(), poison.afterFirstStep);
  }

  @Test
  void skipLeavesTheStepOutCountsItAndTrainingGoesOn() {
    RowLstmClassifier model = model(NonFinitePolicy.SKIP);
    Poison poison = new Poison(model.parameters());

    train(model, poison);

    assertSameBitsExceptPoisoned(poison, poison.afterSecondStep, poison.afterFirstStep);
    assertThat(poison.steps).hasSize(4);
    TrainingListener.Progress skipped = poison.steps.get(1);
    assertThat(skipped.loss()).isNaN();
    assertThat(skipped.skippedSteps()).isEqualTo(1);
    assertThat(poison.steps.get(3).skippedSteps()).isEqualTo(1);
    // The epoch's loss and accuracy count the three applied steps only.
    Evaluation epoch = poison.epochs.get(0);
    double applied =
        (poison.steps.get(0).loss() + poison.steps.get(2).loss() + poison.steps.get(3).loss()) / 3;
    assertThat(epoch.trainLoss()).isFinite().isEqualTo(applied);
    for (float v : model.parameters().values()) {
      assertThat(v).isFinite();
    }
  }

  private static void assertSameBitsExceptPoisoned(
      Poison poison, float[] actual, float[] expected) {
    for (int i = 0; i < actual.length; i++) {
      if (i != poison.index) {
        assertThat(Float.floatToRawIntBits(actual[i]))
            .as("bits of %s", nameOf(poison.params, i))
            .isEqualTo(Float.floatToRawIntBits(expected[i]));
      }
    }
  }

  private static String nameOf(Parameters params, int index) {
    for (Param p : params.list()) {
      if (index >= p.offset() && index < p.offset() + p.size()) {
        return p.name() + "[" + (index - p.offset()) + "]";
      }
    }
    return "index " + index;
  }
}
