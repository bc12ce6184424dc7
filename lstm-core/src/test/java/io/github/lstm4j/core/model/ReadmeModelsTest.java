package io.github.lstm4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.optim.OptimizerConfig;
import io.github.lstm4j.core.testing.ReadmeSnippets;
import io.github.lstm4j.core.train.TrainerConfig;
import io.github.lstm4j.core.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's snippets of the classifier, the tagger and the forecaster, compiled and run on small
 * generated data: each model must learn its rule, and its saved file must predict the same bits.
 * Keep each block between the markers identical to README.md (each test checks that it is).
 */
class ReadmeModelsTest {
  private static final Path SOURCE =
      Path.of("src/test/java/io/github/lstm4j/core/model/ReadmeModelsTest.java");
  private static final Path README = Path.of("../README.md");

  @TempDir Path dir;

  /** Sequences of 1–10 ids in [0, 6). */
  private static List<int[]> tokenSequences(int n, long seed) {
    Rng rng = new Rng(seed);
    List<int[]> sequences = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] s = new int[1 + rng.nextInt(10)];
      for (int t = 0; t < s.length; t++) {
        s[t] = rng.nextInt(6);
      }
      sequences.add(s);
    }
    return sequences;
  }

  /** The classifier's rule: how many 5s a sequence holds, capped at 2 ("more"). */
  private static int[] fivesCapped(List<int[]> sequences) {
    int[] labels = new int[sequences.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (int) Math.min(2, Arrays.stream(sequences.get(i)).filter(id -> id == 5).count());
    }
    return labels;
  }

  private static LabeledSequences fivesData(int n, long seed) {
    List<int[]> sequences = tokenSequences(n, seed);
    return new LabeledSequences(Sequences.ofTokens(sequences), fivesCapped(sequences));
  }

  private static void assertReadmeShows(String name) throws IOException {
    assertThat(
            ReadmeSnippets.snippet(
                SOURCE, "// README-" + name + "-BEGIN", "// README-" + name + "-END"))
        .isEqualTo(
            ReadmeSnippets.snippet(
                README, "<!-- README-" + name + "-BEGIN -->", "<!-- README-" + name + "-END -->"));
  }

  @Test
  void classifierSnippetLearnsToCountATokenOverVariableLengths() throws IOException {
    List<int[]> sequences = tokenSequences(1200, 1);
    int[] labels = fivesCapped(sequences);
    LabeledSequences valid = fivesData(200, 2);
    LabeledSequences test = fivesData(400, 3);
    Path file = dir.resolve("classifier.safetensors");
    // README-CLASSIFIER-BEGIN
    // sequences: List<int[]> of token ids in [0, 6), of any lengths; labels: int[] of class ids
    LabeledSequences train = new LabeledSequences(Sequences.ofTokens(sequences), labels);
    SequenceClassifier model =
        SequenceClassifier.create(
            SequenceModelConfig.tokenIds(6, List.of("none", "one", "more"))
                .withEmbeddingDim(8)
                .withHiddenSize(16)
                .withBidirectional(true)
                .withReadout(Readout.MAX_OVER_TIME));
    TrainerConfig config =
        TrainerConfig.defaults()
            .withEpochs(12)
            .withOptimizer(OptimizerConfig.of(OptimizerConfig.Kind.ADAMW, 1e-2))
            .withValidation(
                TrainerConfig.Validation.everyEpoch("val_accuracy", TrainerConfig.Goal.MAXIMIZE));
    ComputeContext ctx = ComputeContext.of(2); // worker threads; close when done
    model.fit(ctx, train, valid, config, TrainingListener.NONE); // keeps the best validation
    int[] predicted = model.predict(ctx, test.inputs()); // class ids
    ClassificationMetrics metrics = model.evaluate(ctx, test); // toString: per-class table
    model.save(file); // weights, config and class names in one safetensors file
    SequenceClassifier loaded = SequenceClassifier.load(file);
    // README-CLASSIFIER-END
    int[] loadedPredicted = loaded.predict(ctx, test.inputs());
    float[][] probabilities = model.predictProbabilities(ctx, test.inputs());
    float[][] loadedProbabilities = loaded.predictProbabilities(ctx, test.inputs());
    ctx.close();
    assertThat(metrics.accuracy()).isGreaterThanOrEqualTo(0.97);
    assertThat(metrics.count()).isEqualTo(400);
    assertThat(predicted).hasSize(400);
    assertThat(loadedPredicted).isEqualTo(predicted);
    assertThat(Arrays.deepEquals(loadedProbabilities, probabilities)).isTrue();
    assertReadmeShows("CLASSIFIER");
  }

  /** Tag 1 ("seen") where a step's id already occurred earlier in its sequence, else 0. */
  private static List<int[]> seenBefore(List<int[]> sequences) {
    List<int[]> tags = new ArrayList<>();
    for (int[] s : sequences) {
      int[] tag = new int[s.length];
      int seen = 0; // bit set of the ids so far
      for (int t = 0; t < s.length; t++) {
        tag[t] = (seen >> s[t] & 1);
        seen |= 1 << s[t];
      }
      tags.add(tag);
    }
    return tags;
  }

  private static TaggedSequences seenData(int n, long seed) {
    List<int[]> sequences = tokenSequences(n, seed);
    return new TaggedSequences(Sequences.ofTokens(sequences), seenBefore(sequences));
  }

  @Test
  void taggerSnippetLearnsAPerStepRule() throws IOException {
    List<int[]> sequences = tokenSequences(800, 4);
    List<int[]> tags = seenBefore(sequences);
    TaggedSequences valid = seenData(200, 5);
    TaggedSequences test = seenData(300, 6);
    Path file = dir.resolve("tagger.safetensors");
    // README-TAGGER-BEGIN
    // sequences: List<int[]> of token ids in [0, 6); tags: List<int[]>, a class id per step
    TaggedSequences train = new TaggedSequences(Sequences.ofTokens(sequences), tags);
    SequenceTagger tagger =
        SequenceTagger.create(
            SequenceModelConfig.tokenIds(6, List.of("new", "seen"))
                .withEmbeddingDim(8)
                .withHiddenSize(32));
    TrainerConfig config =
        TrainerConfig.defaults()
            .withEpochs(20)
            .withOptimizer(OptimizerConfig.of(OptimizerConfig.Kind.ADAM, 1e-2));
    ComputeContext ctx = ComputeContext.of(2);
    tagger.fit(ctx, train, valid, config, TrainingListener.NONE); // padded steps: no loss
    List<int[]> predicted = tagger.predict(ctx, test.inputs()); // a tag per valid step
    ClassificationMetrics metrics = tagger.evaluate(ctx, test); // over the valid steps only
    tagger.save(file);
    SequenceTagger loaded = SequenceTagger.load(file);
    // README-TAGGER-END
    List<int[]> loadedPredicted = loaded.predict(ctx, test.inputs());
    ctx.close();
    assertThat(metrics.accuracy()).isGreaterThanOrEqualTo(0.98);
    for (int i = 0; i < predicted.size(); i++) {
      assertThat(predicted.get(i)).hasSize(test.inputs().length(i));
      assertThat(loadedPredicted.get(i)).isEqualTo(predicted.get(i));
    }
    assertReadmeShows("TAGGER");
  }

  @Test
  void forecasterSnippetBeatsBothBaselinesOnANoisySine() throws IOException {
    double[] series = ForecasterTest.noisySine(900, 1); // period 16, noise σ 0.1
    Path file = dir.resolve("forecaster.safetensors");
    // README-FORECASTER-BEGIN
    ForecasterConfig config =
        ForecasterConfig.defaults()
            .withWindow(16) // steps the LSTM reads
            .withHorizon(2) // steps it forecasts at once (direct, not recursive)
            .withNormalization(Normalization.STANDARD) // fitted on the training part only
            .withRegressor(
                RegressorConfig.defaults()
                    .withHiddenSize(16)
                    .withEpochs(12)
                    .withLearningRate(1e-2));
    double[] training = Arrays.copyOf(series, 720); // NaN = missing, interpolated inside
    Forecaster model = Forecaster.fit(List.of(training), config, TrainingListener.NONE);
    double[] next = model.forecast(training); // the 2 values after row 719
    ComputeContext ctx = ComputeContext.of(2); // worker threads; close when done
    ForecastEvaluation scores = model.evaluate(ctx, 0, series, 720, 16); // test from 720, season 16
    String table = scores.table(1, 2); // RMSE, MAE, MAPE: model, persistence, seasonal naive
    model.save(file);
    Forecaster loaded = Forecaster.load(file);
    // README-FORECASTER-END
    ctx.close();
    assertThat(scores.model(1).rmse()).isLessThanOrEqualTo(1.5 * 0.1);
    assertThat(scores.model(2).rmse()).isLessThanOrEqualTo(1.5 * 0.1);
    for (int h = 1; h <= 2; h++) {
      assertThat(scores.model(h).rmse()).isLessThan(scores.persistence(h).rmse());
      assertThat(scores.model(h).rmse()).isLessThan(scores.seasonalNaive(h).rmse());
    }
    assertThat(next).hasSize(2);
    assertThat(next[0]).isCloseTo(Math.sin(2 * Math.PI * 720 / 16), within(0.4));
    assertThat(table).contains("persistence", "seasonal");
    assertThat(loaded.forecast(training)).isEqualTo(next);
    assertReadmeShows("FORECASTER");
  }
}
