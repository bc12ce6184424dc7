package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Param;
import io.github.lstm4j.core.nn.Parameters;
import org.junit.jupiter.api.Test;

/**
 * A NaN that reaches a training step through the real training loop stops the run at that step with
 * no weight changed: the value is planted between two steps (the images are bytes, so the NaN
 * cannot come from the data), as a corrupted or diverged weight would appear.
 */
class NonFiniteTrainingTest {
  @Test
  void aNanWeightStopsTheNextStepBeforeAnyWeightChanges() {
    ClassifierConfig config =
        ClassifierConfig.builder()
            .hiddenSize(8)
            .batchSize(16)
            .epochs(1)
            .validationFraction(0)
            .seed(1)
            .build();
    MnistDataset data = BarImages.generate(64, 1);
    RowLstmClassifier model =
        RowLstmClassifier.create(config, data.rows(), data.cols(), data.numClasses());
    Parameters params = model.parameters();
    int poisoned = params.get("lstm.weight_hh_l0").offset() + 5;
    float[][] afterFirstStep = new float[1][];
    TrainingListener poison =
        new TrainingListener() {
          @Override
          public void onStep(TrainingListener.Step step) {
            afterFirstStep[0] = params.values().clone();
            params.values()[poisoned] = Float.NaN;
          }
        };

    try (ComputeContext ctx = ComputeContext.of(1)) {
      ClassifierTraining training =
          new ClassifierTraining(model, data, null, new Rng(1), poison, ctx);
      assertThatThrownBy(training::run)
          .isInstanceOf(ArithmeticException.class)
          .hasMessageStartingWith("loss must be finite, got NaN at step 2 ");
    }

    float[] values = params.values();
    for (int i = 0; i < values.length; i++) {
      if (i != poisoned) {
        assertThat(Float.floatToRawIntBits(values[i]))
            .as("bits of %s", nameOf(params, i))
            .isEqualTo(Float.floatToRawIntBits(afterFirstStep[0][i]));
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
