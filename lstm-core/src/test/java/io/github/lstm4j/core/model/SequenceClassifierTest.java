package io.github.lstm4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.optim.OptimizerConfig;
import io.github.lstm4j.core.train.Trainer;
import io.github.lstm4j.core.train.TrainerConfig;
import io.github.lstm4j.core.train.TrainingListener;
import io.github.lstm4j.core.train.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sequence classifier on generated data: sequences of 1–8 token ids whose class is the last
 * valid id mod 3 (so a model that read the padding, or ignored the lengths, would fail). Checks
 * learning, save/load bits, exact resume, concurrent inference and the messages of bad input.
 */
class SequenceClassifierTest {
  @AutoClose private static final ComputeContext ctx = ComputeContext.of(2);

  @TempDir Path dir;

  private static final int VOCAB = 6;

  /** N sequences of lengths 1..8; label = last id mod 3. */
  static LabeledSequences lastTokenData(int n, long seed) {
    Rng rng = new Rng(seed);
    List<int[]> sequences = new ArrayList<>();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int[] s = new int[1 + rng.nextInt(8)];
      for (int t = 0; t < s.length; t++) {
        s[t] = rng.nextInt(VOCAB);
      }
      sequences.add(s);
      labels[i] = s[s.length - 1] % 3;
    }
    return new LabeledSequences(Sequences.ofTokens(sequences), labels);
  }

  static SequenceModelConfig config() {
    return SequenceModelConfig.tokenIds(VOCAB, List.of("zero", "one", "two"))
        .withEmbeddingDim(8)
        .withHiddenSize(16)
        .withBidirectional(true)
        .withReadout(Readout.LAST_HIDDEN)
        .withDropout(0.1);
  }

  static TrainerConfig training(int epochs) {
    return TrainerConfig.defaults()
        .withBatchSize(32)
        .withEpochs(epochs)
        .withOptimizer(OptimizerConfig.of(OptimizerConfig.Kind.ADAMW, 1e-2))
        .withValidation(
            TrainerConfig.Validation.everyEpoch("val_accuracy", TrainerConfig.Goal.MAXIMIZE));
  }

  @Test
  void learnsTheLastTokenRuleOverVariableLengths() {
    LabeledSequences train = lastTokenData(640, 1);
    LabeledSequences valid = lastTokenData(200, 2);
    LabeledSequences test = lastTokenData(400, 3);
    SequenceClassifier model = SequenceClassifier.create(config());

    TrainingResult result = model.fit(ctx, train, valid, training(12), TrainingListener.NONE);

    ClassificationMetrics metrics = model.evaluate(ctx, test);
    assertThat(metrics.accuracy()).isGreaterThanOrEqualTo(0.99);
    assertThat(metrics.macroF1()).isGreaterThanOrEqualTo(0.99);
    assertThat(metrics.count()).isEqualTo(400);
    assertThat(result.best().orElseThrow().metric("val_accuracy")).isGreaterThanOrEqualTo(0.99);
    assertThat(metrics.toString()).contains("zero", "macro-F1", "confusion");
  }

  @Test
  void labelSmoothingLearnsTheRuleButStopsShortOfCertainty() {
    // The smoothed loss is least at p[y] = 1 − ε + ε/C = 0.8 + 0.2/3 ≈ 0.867, not at 1.
    LabeledSequences train = lastTokenData(640, 1);
    LabeledSequences test = lastTokenData(400, 3);
    SequenceClassifier model = SequenceClassifier.create(config().withLabelSmoothing(0.2));

    model.fit(
        ctx,
        train,
        LabeledSequences.none(SequenceModelConfig.Input.TOKEN_IDS),
        training(12),
        TrainingListener.NONE);

    assertThat(model.evaluate(ctx, test).accuracy()).isGreaterThanOrEqualTo(0.99);
    double meanTop =
        Arrays.stream(model.predictProbabilities(ctx, test.inputs()))
            .mapToDouble(p -> Math.max(p[0], Math.max(p[1], p[2])))
            .average()
            .orElseThrow();
    assertThat(meanTop).isBetween(0.80, 0.93);
  }

  @Test
  void learnsFromFeatureVectorsWithAMeanReadout() {
    // Two features per step; class 1 when the mean of feature 0 over the valid steps is > 0.
    Rng rng = new Rng(9);
    List<float[][]> sequences = new ArrayList<>();
    int[] labels = new int[600];
    for (int i = 0; i < labels.length; i++) {
      float[][] s = new float[1 + rng.nextInt(6)][2];
      double sum = 0;
      for (float[] step : s) {
        step[0] = (float) rng.nextGaussian();
        step[1] = (float) rng.nextGaussian();
        sum += step[0];
      }
      sequences.add(s);
      labels[i] = sum > 0 ? 1 : 0;
    }
    LabeledSequences all = new LabeledSequences(Sequences.ofFeatures(sequences), labels);
    SequenceModelConfig config =
        SequenceModelConfig.features(2, SequenceModelConfig.numberedClasses(2))
            .withHiddenSize(16)
            .withReadout(Readout.MEAN_OVER_TIME);
    SequenceClassifier model = SequenceClassifier.create(config);
    model.fit(
        ctx,
        all,
        LabeledSequences.none(SequenceModelConfig.Input.FEATURES),
        training(30),
        TrainingListener.NONE);
    assertThat(model.evaluate(ctx, all).accuracy()).isGreaterThanOrEqualTo(0.97);
  }

  @Test
  void saveThenLoadPredictsTheSameBits() throws IOException {
    LabeledSequences data = lastTokenData(150, 4);
    SequenceClassifier model = SequenceClassifier.create(config());
    model.fit(ctx, data, data, training(2), TrainingListener.NONE);
    Path file = dir.resolve("model.safetensors");
    model.save(file);

    SequenceClassifier loaded = SequenceClassifier.load(file);

    assertThat(loaded.config()).isEqualTo(model.config());
    float[][] expected = model.predictProbabilities(ctx, data.inputs());
    float[][] actual = loaded.predictProbabilities(ctx, data.inputs());
    assertThat(Arrays.deepEquals(actual, expected)).isTrue();
    assertThat(loaded.predict(ctx, data.inputs()))
        .containsExactly(model.predict(ctx, data.inputs()));
  }

  @Test
  void resumingFromACheckpointGivesTheBitsOfARunThatNeverStopped() throws IOException {
    LabeledSequences train = lastTokenData(200, 5); // 7 steps an epoch
    LabeledSequences valid = lastTokenData(60, 6);
    Path checkpoint = dir.resolve("mid.safetensors");
    SequenceClassifier straight = SequenceClassifier.create(config());
    Trainer trainer = straight.trainer(ctx, train, valid, training(3));
    trainer.fit(
        new TrainingListener() {
          @Override
          public void onStep(Progress progress) {
            if (progress.step() == 10) {
              try {
                trainer.writeCheckpoint(checkpoint, straight.checkpointMetadata());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          }
        });

    SequenceClassifier resumed = SequenceClassifier.create(config());
    Arrays.fill(resumed.parameters().values(), 0.5f); // everything must come from the file
    resumed.resume(ctx, checkpoint, train, valid, training(3)).fit(TrainingListener.NONE);

    assertThat(Arrays.equals(resumed.parameters().values(), straight.parameters().values()))
        .as("weights after resume are the bits of the uninterrupted run")
        .isTrue();
  }

  @Test
  void eightThreadsPredictingAtOnceGiveTheBitsOfOne() throws Exception {
    LabeledSequences data = lastTokenData(300, 7);
    SequenceClassifier model = SequenceClassifier.create(config());
    model.fit(ctx, data, data, training(1), TrainingListener.NONE);
    float[][] alone = model.predictProbabilities(ctx, data.inputs());

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<float[][]>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(() -> model.predictProbabilities(ctx, data.inputs()));
      }
      for (Future<float[][]> result : pool.invokeAll(calls)) {
        assertThat(Arrays.deepEquals(result.get(), alone)).isTrue();
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void badConfigValuesAreNamed() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> config().withHiddenSize(0))
        .withMessage("hiddenSize must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> config().withDropout(1))
        .withMessage("dropout must be in [0.0, 1.0), got 1.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> config().withLabelSmoothing(1))
        .withMessage("labelSmoothing must be in [0.0, 1.0), got 1.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> config().withClassNames(List.of("a", "a")))
        .withMessage("classNames must be distinct, got \"a\" twice");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> config().withInput(SequenceModelConfig.Input.FEATURES).withEmbeddingDim(4))
        .withMessageStartingWith("embeddingDim must be 0 for input FEATURES");
  }

  @Test
  void badDataIsNamedWithItsIndex() {
    SequenceClassifier model = SequenceClassifier.create(config());
    LabeledSequences badId =
        new LabeledSequences(
            Sequences.ofTokens(List.of(new int[] {1, 2}, new int[] {3, 6})), new int[] {0, 1});
    LabeledSequences badLabel =
        new LabeledSequences(Sequences.ofTokens(List.of(new int[] {1})), new int[] {3});
    assertThatIllegalArgumentException()
        .isThrownBy(() -> model.fit(ctx, badId, badId, training(1), TrainingListener.NONE))
        .withMessage("train.inputs[1][1] must be a token id in [0, 6), got 6");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> model.evaluate(ctx, badLabel))
        .withMessage("data.labels[0] must be a class id in [0, 3), got 3");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Sequences.ofTokens(List.of(new int[] {1}, new int[0])))
        .withMessage("sequences[1] must have at least 1 step, got 0");
  }

  @Test
  void badFilesAreIoExceptionsNamingThePathAndTheProblem() throws IOException {
    Path garbage = dir.resolve("garbage.safetensors");
    Files.write(garbage, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> SequenceClassifier.load(garbage))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(garbage.toString());

    Path tagger = dir.resolve("tagger.safetensors");
    SequenceTagger.create(config()).save(tagger);
    assertThatThrownBy(() -> SequenceClassifier.load(tagger))
        .isInstanceOf(IOException.class)
        .hasMessage(
            tagger
                + ": not a SequenceClassifier file: metadata \"model\" must be"
                + " \"SequenceClassifier\", got \"SequenceTagger\"");
  }
}
