package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.model.ClassificationMetrics;
import io.github.lstm4j.core.nn.Param;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.train.TrainingListener;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RowLstmClassifierTest {
  /** Small and fast: 512 images of 8 × 8, batches of 32 (the last one of 16), 15 epochs. */
  private static final ClassifierConfig BARS =
      ClassifierConfig.defaults()
          .withHiddenSize(16)
          .withBatchSize(32)
          .withEpochs(15)
          .withLearningRate(2e-2)
          .withValidationFraction(0.125)
          .withSeed(1);

  private static final MnistDataset TRAIN = BarImages.generate(512, 1);
  private static final MnistDataset TEST = BarImages.generate(400, 2);

  /** Owns no threads, so it needs no closing. */
  private static final ComputeContext ONE = ComputeContext.singleThreaded();

  private static RowLstmClassifier trained;

  @TempDir Path dir;

  @BeforeAll
  static void train() {
    trained = RowLstmClassifier.fit(TRAIN, BARS, TrainingListener.NONE);
  }

  @Test
  void learnsLineOrientationsToFullTestAccuracy() {
    ClassificationMetrics evaluation = trained.evaluate(ONE, TEST);

    assertThat(evaluation.accuracy()).isEqualTo(1.0);
    assertThat(evaluation.count()).isEqualTo(TEST.size());
  }

  @ParameterizedTest
  @CsvSource({
    "true,  1, 0.0, LAST_HIDDEN,    0",
    "false, 2, 0.1, LAST_HIDDEN,    0",
    "false, 1, 0.0, MEAN_OVER_TIME, 1",
    "true,  1, 0.0, MAX_OVER_TIME,  0"
  })
  void otherShapesReadoutsAndAugmentationLearnToo(
      boolean bidirectional, int numLayers, double dropout, Readout readout, int augmentShift) {
    ClassifierConfig config =
        BARS.withBidirectional(bidirectional)
            .withNumLayers(numLayers)
            .withDropout(dropout)
            .withReadout(readout)
            .withAugmentShift(augmentShift);

    RowLstmClassifier model = RowLstmClassifier.fit(TRAIN, config, TrainingListener.NONE);

    assertThat(model.evaluate(ONE, TEST).accuracy()).isGreaterThanOrEqualTo(0.98);
  }

  @Test
  void sameSeedGivesBitIdenticalParametersAndPredictions() {
    // Every random stream in use: initial weights, split, order, both dropouts, shifts.
    MnistDataset few = BarImages.generate(96, 3);
    ClassifierConfig everything =
        BARS.withEpochs(2)
            .withNumLayers(2)
            .withBidirectional(true)
            .withDropout(0.2)
            .withAugmentShift(1)
            .withReadout(Readout.MEAN_OVER_TIME);

    RowLstmClassifier first = RowLstmClassifier.fit(few, everything, TrainingListener.NONE);
    RowLstmClassifier again = RowLstmClassifier.fit(few, everything, TrainingListener.NONE);

    assertThat(again.parameters().values()).containsExactly(first.parameters().values());
    assertThat(again.predict(BarImages.image(TEST, 3)))
        .isEqualTo(first.predict(BarImages.image(TEST, 3)));
  }

  @Test
  void anotherSeedGivesOtherParameters() {
    RowLstmClassifier other =
        RowLstmClassifier.fit(TRAIN, BARS.withSeed(2).withEpochs(1), TrainingListener.NONE);

    assertThat(Arrays.equals(other.parameters().values(), trained.parameters().values())).isFalse();
  }

  @Test
  void threadCountDoesNotChangeTheTrainedParameters() {
    MnistDataset few = BarImages.generate(96, 3);
    ClassifierConfig bidirectional =
        BARS.withBidirectional(true).withNumLayers(2).withDropout(0.1).withEpochs(1);

    RowLstmClassifier one = RowLstmClassifier.fit(few, bidirectional, TrainingListener.NONE);
    RowLstmClassifier two =
        RowLstmClassifier.fit(few, bidirectional.withThreads(2), TrainingListener.NONE);

    assertThat(two.parameters().values()).containsExactly(one.parameters().values());
  }

  @Test
  void predictFromEightThreadsEqualsSingleThreadedPredict() throws Exception {
    int n = 100;
    Prediction[] expected = new Prediction[n];
    for (int i = 0; i < n; i++) {
      expected[i] = trained.predict(BarImages.image(TEST, i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Prediction[]>> results = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        int first = thread * 13; // each thread starts elsewhere so the calls interleave
        Callable<Prediction[]> job =
            () -> {
              start.await();
              Prediction[] got = new Prediction[n];
              for (int k = 0; k < 3 * n; k++) {
                int i = (first + k) % n;
                got[i] = trained.predict(BarImages.image(TEST, i));
              }
              return got;
            };
        results.add(pool.submit(job));
      }
      start.countDown();
      for (Future<Prediction[]> result : results) {
        assertThat(result.get()).containsExactly(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void predictAgreesWithBatchedInference() {
    int[] batched = trained.predictBatch(ONE, TEST);

    for (int i = 0; i < TEST.size(); i++) {
      assertThat(trained.predict(BarImages.image(TEST, i)).label()).isEqualTo(batched[i]);
    }
  }

  @Test
  void batchedInferenceDoesNotDependOnTheThreadCount() {
    try (ComputeContext two = ComputeContext.of(2)) {
      assertThat(trained.predictBatch(two, TEST)).containsExactly(trained.predictBatch(ONE, TEST));
    }
  }

  @Test
  void predictReturnsTheMostProbableClassWithProbabilitiesSummingToOne() {
    Prediction prediction = trained.predict(BarImages.image(TEST, 2));

    float[] p = prediction.probabilities();
    double sum = 0;
    for (float v : p) {
      sum += v;
      assertThat(v).isLessThanOrEqualTo(prediction.probability());
    }
    assertThat(sum).isCloseTo(1.0, within(1e-6));
    assertThat(prediction.label()).isEqualTo(TEST.label(2));
  }

  @Test
  void predictClassifiesAPngDrawnDarkOnLight() throws Exception {
    // A vertical bar, 7 pixels wide, black on white, at 7× the model's resolution.
    BufferedImage picture = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 56; y++) {
      for (int x = 0; x < 56; x++) {
        picture.setRGB(x, y, x >= 21 && x < 28 ? 0x000000 : 0xFFFFFF);
      }
    }
    Path file = dir.resolve("vertical.png");
    assertThat(ImageIO.write(picture, "png", file.toFile())).isTrue();

    float[] image = ImagePreprocessing.read(file, trained.shape().rows(), trained.shape().cols());
    Prediction prediction = trained.predict(image);

    assertThat(image[3]).isEqualTo(1f); // row 0, column 3: the bar, inverted to full ink
    assertThat(image[0]).isEqualTo(0f);
    assertThat(prediction.label()).isEqualTo(1);
  }

  @Test
  void listenerSeesEveryStepIncludingTheShortLastBatchAndEveryEpoch() {
    List<TrainingListener.Progress> steps = new ArrayList<>();
    List<io.github.lstm4j.core.train.Evaluation> epochs = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onStep(Progress step) {
            steps.add(step);
          }

          @Override
          public void onEvaluation(io.github.lstm4j.core.train.Evaluation epoch) {
            epochs.add(epoch);
          }
        };
    // 512 images, 64 held out: 448 = 14 full batches of 32; with batchSize 30, 14 + 1 of 28.
    RowLstmClassifier.fit(TRAIN, BARS.withEpochs(2).withBatchSize(30), listener);

    assertThat(steps).hasSize(2 * 15);
    // The 15th step of each epoch is the short batch of 28 (448 = 14 · 30 + 28).
    assertThat(steps.get(14).epoch()).isZero();
    assertThat(steps.get(15).epoch()).isEqualTo(1);
    assertThat(steps.get(29).step()).isEqualTo(30);
    assertThat(steps.get(29).plannedSteps()).isEqualTo(30);
    assertThat(steps.get(29).fraction()).isEqualTo(1.0);
    assertThat(steps.get(0).learningRate()).isEqualTo(2e-2);
    assertThat(steps.get(29).learningRate()).isCloseTo(2e-4, within(1e-12));
    assertThat(steps).allSatisfy(s -> assertThat(s.loss()).isFinite().isPositive());
    assertThat(epochs).hasSize(2);
    assertThat(epochs.get(1).epoch()).isEqualTo(1);
    assertThat(epochs.get(1).step()).isEqualTo(30);
    assertThat(epochs.get(1).metric("val_accuracy")).isBetween(0.0, 1.0);
    assertThat(epochs.get(1).metric("train_accuracy")).isBetween(0.0, 1.0);
  }

  @Test
  void withoutValidationTheEpochReportsNaN() {
    List<io.github.lstm4j.core.train.Evaluation> epochs = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onEvaluation(io.github.lstm4j.core.train.Evaluation epoch) {
            epochs.add(epoch);
          }
        };

    RowLstmClassifier.fit(TRAIN, BARS.withEpochs(1).withValidationFraction(0), listener);

    assertThat(epochs.get(0).metric("val_accuracy")).isNaN();
    assertThat(epochs.get(0).trainLoss()).isFinite().isPositive();
  }

  @Test
  void aBatchLargerThanTheTrainingSetTrainsOnOneShortBatch() {
    MnistDataset few = BarImages.generate(10, 3);

    RowLstmClassifier model =
        RowLstmClassifier.fit(
            few,
            BARS.withBatchSize(64).withEpochs(2).withValidationFraction(0),
            TrainingListener.NONE);

    assertThat(model.predictBatch(ONE, few)).hasSize(10);
  }

  @Test
  void divergingTrainingThrowsArithmeticExceptionNamingStepLossAndLearningRate() {
    ClassifierConfig huge =
        BARS.withLearningRate(1e38)
            .withGradientClip(0)
            .withSchedule(ClassifierConfig.Schedule.CONSTANT);

    assertThatThrownBy(() -> RowLstmClassifier.fit(TRAIN, huge, TrainingListener.NONE))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage(
            "loss must be finite, got NaN at step 2 with learningRate 1.0E38; lower learningRate"
                + " or set gradientClip");
  }

  @Test
  void parametersAreNamedLikeAPyTorchStateDict() {
    RowLstmClassifier model = RowLstmClassifier.create(BARS.withBidirectional(true), 8, 8, 4);

    assertThat(model.parameters().list())
        .extracting(Param::name)
        .containsExactly(
            "lstm.weight_ih_l0",
            "lstm.weight_hh_l0",
            "lstm.bias_l0",
            "lstm.weight_ih_l0_reverse",
            "lstm.weight_hh_l0_reverse",
            "lstm.bias_l0_reverse",
            "head.weight",
            "head.bias");
    assertThat(model.parameters().get("head.weight").shape()).containsExactly(4, 32);
  }

  @Test
  void createGivesTheInitialWeightsOfFit() {
    RowLstmClassifier untrained = RowLstmClassifier.create(BARS, 8, 8, 4);
    RowLstmClassifier fresh = RowLstmClassifier.create(BARS, 8, 8, 4);
    float[] before = untrained.parameters().values().clone();

    // One step at a tiny learning rate moves every weight only a little from where fit started.
    RowLstmClassifier oneStep =
        RowLstmClassifier.fit(
            BarImages.generate(32, 1),
            BARS.withEpochs(1).withValidationFraction(0).withLearningRate(1e-9),
            TrainingListener.NONE);

    assertThat(fresh.parameters().values()).containsExactly(before);
    float[] after = oneStep.parameters().values();
    for (int i = 0; i < before.length; i++) {
      assertThat(after[i]).isCloseTo(before[i], within(1e-6f));
    }
  }

  @Test
  void predictRejectsAnImageOfTheWrongSize() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> trained.predict(new float[63]))
        .withMessage("image must have length rows * cols = 8 * 8 = 64, got 63");
  }

  @Test
  void predictRejectsNonFinitePixels() {
    float[] image = new float[64];
    image[5] = Float.NaN;

    assertThatIllegalArgumentException()
        .isThrownBy(() -> trained.predict(image))
        .withMessage("image[5] must be finite, got NaN");
  }

  @Test
  void evaluateRejectsImagesOfAnotherSize() {
    MnistDataset wide = MnistDataset.of(new byte[8 * 9], new byte[] {0}, 8, 9, 4);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> trained.evaluate(ONE, wide))
        .withMessage("data must have images of rows × cols = 8 × 8 like the model, got 8 × 9");
  }

  @Test
  void evaluateRejectsAnotherClassCount() {
    MnistDataset tenClasses = MnistDataset.of(new byte[64], new byte[] {0}, 8, 8, 10);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> trained.evaluate(ONE, tenClasses))
        .withMessage("data must have numClasses = 4 like the model, got 10");
  }

  @Test
  void fitRejectsAShiftThatCoversTheWholeImage() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> RowLstmClassifier.fit(TRAIN, BARS.withAugmentShift(8), TrainingListener.NONE))
        .withMessage("augmentShift must be < min(rows, cols) = 8, got 8");
  }
}
