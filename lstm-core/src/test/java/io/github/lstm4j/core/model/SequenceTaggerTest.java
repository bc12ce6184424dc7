package io.github.lstm4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.optim.OptimizerConfig;
import io.github.lstm4j.core.train.Trainer;
import io.github.lstm4j.core.train.TrainerConfig;
import io.github.lstm4j.core.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * The tagger on generated data: sequences of 1–9 ids in [0, 4) whose tag at step t is 1 when id t
 * equals id t − 1 (0 at t = 0). Checks learning, that padded steps are left out of the metrics,
 * save/load bits, exact resume and concurrent inference.
 */
class SequenceTaggerTest {
  @AutoClose private static final ComputeContext ctx = ComputeContext.of(2);

  @TempDir Path dir;

  static TaggedSequences repeats(int n, long seed) {
    Rng rng = new Rng(seed);
    List<int[]> sequences = new ArrayList<>();
    List<int[]> tags = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] s = new int[1 + rng.nextInt(9)];
      int[] tag = new int[s.length];
      for (int t = 0; t < s.length; t++) {
        s[t] = rng.nextInt(4);
        tag[t] = t > 0 && s[t] == s[t - 1] ? 1 : 0;
      }
      sequences.add(s);
      tags.add(tag);
    }
    return new TaggedSequences(Sequences.ofTokens(sequences), tags);
  }

  static SequenceModelConfig config() {
    return SequenceModelConfig.tokenIds(4, List.of("new", "repeat"))
        .withEmbeddingDim(8)
        .withHiddenSize(16);
  }

  static TrainerConfig training(int epochs) {
    return TrainerConfig.defaults()
        .withBatchSize(32)
        .withEpochs(epochs)
        .withOptimizer(OptimizerConfig.of(OptimizerConfig.Kind.ADAM, 1e-2))
        .withValidation(
            TrainerConfig.Validation.everyEpoch("val_accuracy", TrainerConfig.Goal.MAXIMIZE));
  }

  @Test
  void learnsAPerStepRuleAndScoresOnlyTheValidSteps() {
    TaggedSequences train = repeats(500, 1);
    TaggedSequences test = repeats(200, 2);
    SequenceTagger tagger = SequenceTagger.create(config());

    tagger.fit(ctx, train, test, training(12), TrainingListener.NONE);

    ClassificationMetrics metrics = tagger.evaluate(ctx, test);
    long steps = 0;
    for (int i = 0; i < test.inputs().size(); i++) {
      steps += test.inputs().length(i);
    }
    assertThat(metrics.count()).isEqualTo(steps);
    assertThat(metrics.accuracy()).isGreaterThanOrEqualTo(0.98);
    List<int[]> predicted = tagger.predict(ctx, test.inputs());
    for (int i = 0; i < predicted.size(); i++) {
      assertThat(predicted.get(i)).hasSize(test.inputs().length(i));
    }
  }

  @Test
  void saveThenLoadPredictsTheSameBits() throws IOException {
    TaggedSequences data = repeats(100, 3);
    SequenceTagger tagger = SequenceTagger.create(config());
    tagger.fit(ctx, data, data, training(1), TrainingListener.NONE);
    Path file = dir.resolve("tagger.safetensors");
    tagger.save(file);

    SequenceTagger loaded = SequenceTagger.load(file);

    List<float[][]> expected = tagger.predictProbabilities(ctx, data.inputs());
    List<float[][]> actual = loaded.predictProbabilities(ctx, data.inputs());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(Arrays.deepEquals(actual.get(i), expected.get(i))).isTrue();
    }
  }

  @Test
  void eightThreadsPredictingAtOnceGiveTheBitsOfOne() throws Exception {
    TaggedSequences data = repeats(200, 6);
    SequenceTagger tagger = SequenceTagger.create(config());
    tagger.fit(ctx, data, data, training(1), TrainingListener.NONE);
    List<float[][]> alone = tagger.predictProbabilities(ctx, data.inputs());

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<List<float[][]>>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(() -> tagger.predictProbabilities(ctx, data.inputs()));
      }
      for (Future<List<float[][]>> result : pool.invokeAll(calls)) {
        List<float[][]> together = result.get();
        assertThat(together).hasSameSizeAs(alone);
        for (int i = 0; i < alone.size(); i++) {
          assertThat(Arrays.deepEquals(together.get(i), alone.get(i))).isTrue();
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void resumingFromACheckpointGivesTheBitsOfARunThatNeverStopped() throws IOException {
    TaggedSequences train = repeats(150, 4);
    TaggedSequences valid = repeats(40, 5);
    Path checkpoint = dir.resolve("mid.safetensors");
    SequenceTagger straight = SequenceTagger.create(config());
    Trainer trainer = straight.trainer(ctx, train, valid, training(2));
    trainer.fit(
        new TrainingListener() {
          @Override
          public void onStep(Progress progress) {
            if (progress.step() == 6) {
              try {
                trainer.writeCheckpoint(checkpoint, straight.checkpointMetadata());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          }
        });

    SequenceTagger resumed = SequenceTagger.create(config());
    Arrays.fill(resumed.parameters().values(), -0.25f);
    resumed.resume(ctx, checkpoint, train, valid, training(2)).fit(TrainingListener.NONE);

    assertThat(Arrays.equals(resumed.parameters().values(), straight.parameters().values()))
        .isTrue();
  }
}
