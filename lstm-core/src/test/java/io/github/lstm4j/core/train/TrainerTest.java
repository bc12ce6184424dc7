package io.github.lstm4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.TrainingCheckpoint;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import io.github.lstm4j.core.optim.OptimizerConfig;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.train.TrainerConfig.Goal;
import io.github.lstm4j.core.train.TrainerConfig.Validation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training engine on a tiny real model: a 2-layer LSTM with dropout reading sequences of
 * different lengths, whose label is whether their last valid value is positive (so reading the
 * padding would fail). Checks learning and best-model keeping, exact resume, early stopping, the
 * time budget, the non-finite policy and the metrics log.
 */
class TrainerTest {
  @AutoClose private static final ComputeContext ctx = ComputeContext.of(2);

  @TempDir Path dir;

  /** N sequences of lengths 1..6 with one feature; label 1 if x[len − 1] > 0. */
  static final class SignTask implements TrainingTask {
    static final int T = 6;
    final Parameters params = new Parameters();
    final Lstm lstm;
    final Linear head;
    final Rng dropoutRng = new Rng(77);
    final float[][] sequences;
    final int[] labels;
    final int validFrom; // examples [validFrom, n) are the validation set
    final Map<Integer, LstmCache> caches = new HashMap<>();
    double poisonLossAtStep = -1; // test hook: a NaN loss at this step
    long calls;

    SignTask(int n, long seed) {
      this.lstm =
          new Lstm(LstmConfig.of(1, 8).withNumLayers(2).withDropout(0.3), params, new Rng(seed));
      this.head = new Linear("head", 8, 2, params, new Rng(seed + 1));
      Rng data = new Rng(5);
      this.sequences = new float[n + n / 4][];
      this.labels = new int[sequences.length];
      for (int i = 0; i < sequences.length; i++) {
        sequences[i] = new float[1 + data.nextInt(T)];
        for (int t = 0; t < sequences[i].length; t++) {
          sequences[i][t] = (float) data.nextGaussian();
        }
        labels[i] = sequences[i][sequences[i].length - 1] > 0 ? 1 : 0;
      }
      this.validFrom = n;
    }

    @Override
    public Parameters parameters() {
      return params;
    }

    @Override
    public int exampleCount() {
      return validFrom;
    }

    @Override
    public double trainBatch(int[] order, int from, int count) {
      int[] rows = Arrays.copyOfRange(order, from, from + count);
      double loss = run(rows, lstm.newTrainingCache(T, count, dropoutRng), true);
      return calls++ == poisonLossAtStep ? Double.NaN : loss;
    }

    @Override
    public Map<String, Double> validate() {
      int[] rows = new int[sequences.length - validFrom];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = validFrom + i;
      }
      LstmCache cache = caches.computeIfAbsent(rows.length, b -> lstm.newCache(T, b));
      Tensor logits = forward(rows, cache);
      Tensor probs = Tensor.zeros(rows.length, 2);
      int[] y = labelsOf(rows);
      double loss = SoftmaxCrossEntropy.forward(logits, y, probs);
      int correct = 0;
      for (int b = 0; b < rows.length; b++) {
        correct += (probs.data()[2 * b + 1] > 0.5f ? 1 : 0) == y[b] ? 1 : 0;
      }
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("val_loss", loss);
      metrics.put("accuracy", correct / (double) rows.length);
      return metrics;
    }

    @Override
    public Map<String, Rng> generators() {
      return Map.of("dropout", dropoutRng);
    }

    private int[] labelsOf(int[] rows) {
      int[] y = new int[rows.length];
      for (int b = 0; b < rows.length; b++) {
        y[b] = labels[rows[b]];
      }
      return y;
    }

    private Tensor forward(int[] rows, LstmCache cache) {
      int batch = rows.length;
      Tensor x = Tensor.zeros(T, batch, 1);
      int[] lengths = new int[batch];
      for (int b = 0; b < batch; b++) {
        float[] s = sequences[rows[b]];
        lengths[b] = s.length;
        for (int t = 0; t < s.length; t++) {
          x.data()[t * batch + b] = s[t];
        }
      }
      lstm.forward(ctx, x, lengths, cache);
      Tensor features = Tensor.zeros(batch, 8);
      Readout.LAST_HIDDEN.forward(cache, features);
      Tensor logits = Tensor.zeros(batch, 2);
      head.forward(ctx, features, logits);
      return logits;
    }

    private double run(int[] rows, LstmCache cache, boolean backward) {
      int batch = rows.length;
      Tensor logits = forward(rows, cache);
      int[] y = labelsOf(rows);
      double loss = SoftmaxCrossEntropy.forward(logits, y, logits);
      if (backward) {
        SoftmaxCrossEntropy.backward(logits, y, logits);
        Tensor features = Tensor.zeros(batch, 8);
        Readout.LAST_HIDDEN.forward(cache, features);
        Tensor dFeatures = Tensor.zeros(batch, 8);
        head.backward(ctx, features, logits, dFeatures);
        Tensor dOut = Tensor.zeros(T, batch, 8);
        Readout.LAST_HIDDEN.backward(cache, dFeatures, dOut);
        lstm.backward(ctx, dOut, cache);
      }
      return loss;
    }
  }

  private static TrainerConfig config(int epochs) {
    return TrainerConfig.defaults()
        .withEpochs(epochs)
        .withBatchSize(16)
        .withOptimizer(OptimizerConfig.of(OptimizerConfig.Kind.ADAM, 2e-2))
        .withValidation(
            TrainerConfig.Validation.everyEpoch("accuracy", TrainerConfig.Goal.MAXIMIZE));
  }

  @Test
  void aRunLearnsTheRuleAndEndsWithTheBestValidationsWeights() {
    SignTask task = new SignTask(120, 1);
    List<TrainingListener.Progress> steps = new java.util.ArrayList<>();
    TrainingResult result =
        new Trainer(task, config(12))
            .fit(
                new TrainingListener() {
                  @Override
                  public void onStep(Progress progress) {
                    steps.add(progress);
                  }
                });

    assertThat(result.steps()).isEqualTo(12 * 8); // ceil(120 / 16) = 8 steps per epoch
    assertThat(steps).hasSize(96);
    assertThat(steps.get(95).fraction()).isEqualTo(1.0);
    assertThat(steps.get(0).learningRate()).isEqualTo(2e-2); // cosine starts at the peak
    assertThat(steps.get(95).learningRate()).isLessThan(1e-3);
    assertThat(result.history()).hasSize(12);
    Evaluation best = result.best().orElseThrow();
    assertThat(best.metric("accuracy")).isGreaterThanOrEqualTo(0.9);
    assertThat(task.validate().get("accuracy")).isEqualTo(best.metric("accuracy"));
  }

  @Test
  void resumingFromACheckpointGivesTheBitsOfARunThatNeverStopped() throws IOException {
    // One run writes a checkpoint after its 15th step (mid-run: 5 steps an epoch) and goes on.
    Path checkpoint = dir.resolve("mid.safetensors");
    SignTask straight = new SignTask(70, 3);
    Trainer trainer = new Trainer(straight, config(6));
    trainer.fit(new CheckpointAtStep(trainer, 13, checkpoint, Map.of("model", "sign")));

    SignTask resumed = new SignTask(70, 99); // other initial weights: all must come from the file
    Trainer again = new Trainer(resumed, config(6));
    again.restore(TrainingCheckpoint.read(checkpoint));
    TrainingResult result = again.fit(TrainingListener.NONE);

    assertThat(result.steps()).isEqualTo(6 * 5);
    assertThat(Arrays.equals(resumed.params.values(), straight.params.values()))
        .as("weights after resume are the bits of the uninterrupted run")
        .isTrue();
    assertThat(resumed.dropoutRng.state()).isEqualTo(straight.dropoutRng.state());
    assertThat(result.best().orElseThrow().metric("accuracy"))
        .isEqualTo(trainer.fit(TrainingListener.NONE).best().orElseThrow().metric("accuracy"));
  }

  @Test
  void earlyStoppingEndsTheRunAfterPatienceValidationsWithoutANewBest() {
    SignTask task = new SignTask(40, 4);
    TrainerConfig config =
        config(50)
            .withValidation(
                new TrainerConfig.Validation(1, "val_loss", TrainerConfig.Goal.MAXIMIZE, 3));
    // Maximizing a falling loss: the first validation stays the best, three more end the run.
    TrainingResult result = new Trainer(task, config).fit(TrainingListener.NONE);
    assertThat(result.stoppedEarly()).isTrue();
    assertThat(result.steps()).isLessThan(50L * 3);
    assertThat(result.best().orElseThrow().step()).isLessThan(result.steps());
  }

  @Test
  void theTimeBudgetEndsTheRunAfterTheStepThatSpendsIt() {
    SignTask task = new SignTask(40, 5);
    TrainingResult result =
        new Trainer(task, config(10_000).withMaxMinutes(0.5 / 60)).fit(TrainingListener.NONE);
    assertThat(result.outOfTime()).isTrue();
    assertThat(result.elapsedSeconds()).isGreaterThanOrEqualTo(0.5).isLessThan(5);
    assertThat(result.steps()).isLessThan(10_000L * 3);
  }

  @Test
  void aSkippedNonFiniteStepChangesNoWeightAndIsCounted() {
    SignTask task = new SignTask(32, 6);
    task.poisonLossAtStep = 1;
    List<float[]> before = new java.util.ArrayList<>();
    List<float[]> after = new java.util.ArrayList<>();
    TrainingResult result =
        new Trainer(
                task,
                config(1)
                    .withNonFinitePolicy(NonFinitePolicy.SKIP)
                    .withValidation(
                        TrainerConfig.Validation.everyEpoch(
                            "val_loss", TrainerConfig.Goal.MINIMIZE)))
            .fit(
                new TrainingListener() {
                  @Override
                  public void onStep(Progress progress) {
                    after.add(task.params.values().clone());
                  }
                });
    assertThat(result.skippedSteps()).isEqualTo(1);
    assertThat(result.steps()).isEqualTo(2);
    before.add(after.get(0));
    assertThat(Arrays.equals(after.get(1), before.get(0))).as("step 2 was skipped").isTrue();
  }

  @Test
  void aNonFiniteStepThrowsByDefaultNamingTheStep() {
    SignTask task = new SignTask(32, 6);
    task.poisonLossAtStep = 1;
    Trainer trainer = new Trainer(task, config(1));
    assertThatThrownBy(() -> trainer.fit(TrainingListener.NONE))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("step 2");
  }

  @Test
  void theMetricsLogWritesOneRowPerValidation() throws IOException {
    SignTask task = new SignTask(32, 7);
    Path jsonl = dir.resolve("m.jsonl");
    Path csv = dir.resolve("m.csv");
    try (MetricsLog json = MetricsLog.jsonLines(jsonl);
        MetricsLog table = MetricsLog.csv(csv)) {
      new Trainer(task, config(3)).fit(json.andThen(table));
    }
    List<String> rows = Files.readAllLines(jsonl);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).startsWith("{\"step\":2,\"epoch\":0,").contains("\"accuracy\":");
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("step,epoch,elapsed_s,train_loss,val_loss,accuracy,best");
    assertThat(lines).hasSize(4);
  }

  @Test
  void theReadmeSnippetTrainsAndLogs() throws IOException {
    SignTask task = new SignTask(64, 8);
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      // README-TRAINER-BEGIN
      TrainerConfig config =
          TrainerConfig.defaults()
              .withEpochs(20)
              .withValidation(Validation.everyEpoch("accuracy", Goal.MAXIMIZE).withPatience(3));
      try (MetricsLog log = MetricsLog.jsonLines(dir.resolve("run.jsonl"))) {
        TrainingResult result = new Trainer(task, config).fit(log); // best weights kept
        System.out.println(result.best().orElseThrow().metrics()); // {val_loss=…, accuracy=…}
      }
      // README-TRAINER-END
    } finally {
      System.setOut(stdout);
    }
    assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("{val_loss=")
        .contains("accuracy=");
    assertThat(Files.readAllLines(dir.resolve("run.jsonl"))).isNotEmpty();
    assertThat(
            io.github.lstm4j.core.testing.ReadmeSnippets.snippet(
                Path.of("src/test/java/io/github/lstm4j/core/train/TrainerTest.java"),
                "// README-TRAINER-BEGIN",
                "// README-TRAINER-END"))
        .isEqualTo(
            io.github.lstm4j.core.testing.ReadmeSnippets.snippet(
                Path.of("../README.md"),
                "<!-- README-TRAINER-BEGIN -->",
                "<!-- README-TRAINER-END -->"));
  }

  @Test
  void badConfigValuesAreNamed() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TrainerConfig.defaults().withBatchSize(0))
        .withMessage("batchSize must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TrainerConfig.defaults().withMaxMinutes(Double.NaN))
        .withMessage("maxMinutes must be finite and >= 0, got NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new Trainer(
                    new SignTask(16, 1),
                    TrainerConfig.defaults().withSchedule(TrainerConfig.Schedule.cosine(0, 1))))
        .withMessage("minRate must be <= initialRate 0.001, got 1.0");
    SignTask task = new SignTask(16, 1);
    Trainer trainer =
        new Trainer(
            task,
            config(1)
                .withValidation(
                    TrainerConfig.Validation.everyEpoch("f1", TrainerConfig.Goal.MAXIMIZE)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> trainer.fit(TrainingListener.NONE))
        .withMessage(
            "validation metric must be one of the task's [val_loss, accuracy], got \"f1\"");
  }
}
