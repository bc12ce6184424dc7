package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.train.Evaluation;
import io.github.lstm4j.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the training curve of the row classifier: the per-step losses and the per-epoch validation
 * accuracies of two small seeded runs, recorded from the training loop as it was before it moved
 * onto core's training engine ({@code core.train.Trainer}). The same seed must give the same curve
 * within float tolerance.
 */
class TrainingCurvePinTest {
  private static final MnistDataset TRAIN = BarImages.generate(200, 1);

  /** Run A: dropout, shifts, cosine, Adam. Run B: bidirectional, mean readout, constant, AdamW. */
  private static ClassifierConfig config(String run) {
    ClassifierConfig b =
        ClassifierConfig.defaults()
            .withHiddenSize(12)
            .withBatchSize(32)
            .withEpochs(3)
            .withLearningRate(2e-2)
            .withValidationFraction(0.2)
            .withSeed(7);
    return run.equals("A")
        ? b.withDropout(0.2).withAugmentShift(1).withSchedule(ClassifierConfig.Schedule.COSINE)
        : b.withBidirectional(true)
            .withReadout(Readout.MEAN_OVER_TIME)
            .withSchedule(ClassifierConfig.Schedule.CONSTANT)
            .withWeightDecay(0.05)
            .withGradientClip(1.0);
  }

  static List<double[]> curve(String run) {
    List<Double> losses = new ArrayList<>();
    List<Double> accuracies = new ArrayList<>();
    RowLstmClassifier.fit(
        TRAIN,
        config(run),
        new TrainingListener() {
          @Override
          public void onStep(Progress step) {
            losses.add(step.loss());
          }

          @Override
          public void onEvaluation(Evaluation epoch) {
            accuracies.add(epoch.metric("val_accuracy"));
          }
        });
    return List.of(
        losses.stream().mapToDouble(Double::doubleValue).toArray(),
        accuracies.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @ParameterizedTest(name = "run {0}")
  @CsvSource(
      delimiter = '|',
      value = {"A | LOSSES_A | ACCURACY_A", "B | LOSSES_B | ACCURACY_B"})
  void theSameSeedGivesTheCurveOfTheLoopBeforeTheEngine(
      String run, String lossesName, String accuracyName) throws Exception {
    List<double[]> curve = curve(run);
    double[] losses = (double[]) getClass().getDeclaredField(lossesName).get(null);
    double[] accuracy = (double[]) getClass().getDeclaredField(accuracyName).get(null);
    assertThat(curve.get(0)).containsExactly(losses, within(1e-6));
    assertThat(curve.get(1)).containsExactly(accuracy, within(1e-9));
  }

  static final double[] LOSSES_A = {
    1.3887096173838014,
    1.3881236582877234,
    1.3830411897412673,
    1.3865090820133787,
    1.389817795228317,
    1.3834454179863327,
    1.3714203126638334,
    1.3836849514022078,
    1.3856078823112723,
    1.3623866014881216,
    1.3836323117855802,
    1.365415238048217,
    1.4036860671517037,
    1.359763400315164,
    1.3607686080051127
  };
  static final double[] ACCURACY_A = {0.5, 0.375, 0.375};
  static final double[] LOSSES_B = {
    1.390177500802927,
    1.3875885897270344,
    1.380343090931494,
    1.3821295946365277,
    1.4144426914990247,
    1.3573357935406545,
    1.378141367631559,
    1.3495406411412338,
    1.3461320346392511,
    1.3257170074473625,
    1.2984712509463534,
    1.3357504912949105,
    1.260226190109842,
    1.1950890603205746,
    1.1825646861215198
  };
  static final double[] ACCURACY_B = {0.25, 0.725, 0.7};
}
