package io.github.lstm4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.io.TrainingCheckpoint;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import io.github.lstm4j.core.optim.OptimizerConfig;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task whose batches come in order with a state carried from one to the next, as truncated BPTT
 * needs: the trainer keeps the order, tells the task when an epoch starts and when a step was
 * applied (not skipped), and saves and restores the carried state with a checkpoint.
 */
class CarriedStateTest {
  @TempDir Path dir;

  /** Six examples, batches of two; the carried state counts the applied batches of the epoch. */
  private static final class InOrder extends OneWeightTask {
    final Tensor carried = Tensor.zeros(1); // applied batches since the epoch start
    final List<String> events = new ArrayList<>();
    long poisonedCall = -1;
    long calls;

    @Override
    public int exampleCount() {
      return 6;
    }

    @Override
    public void shuffle(int[] order, Rng rng) {}

    @Override
    public void onEpochStart(int epoch) {
      carried.data()[0] = 0;
      events.add("epoch " + epoch);
    }

    @Override
    public double trainBatch(int[] order, int from, int count) {
      events.add("batch " + order[from] + " after " + (int) carried.data()[0]);
      return calls++ == poisonedCall ? Double.NaN : 1.0;
    }

    @Override
    public void onStepApplied() {
      carried.data()[0]++;
    }

    @Override
    public Map<String, Tensor> carriedState() {
      return Map.of("applied", carried);
    }
  }

  private static TrainerConfig config(int epochs) {
    return TrainerConfig.defaults()
        .withBatchSize(2)
        .withEpochs(epochs)
        .withOptimizer(OptimizerConfig.of(OptimizerConfig.Kind.SGD, 0.1))
        .withNonFinitePolicy(NonFinitePolicy.SKIP);
  }

  @Test
  void batchesComeInOrderAndASkippedStepLeavesTheCarriedStateAsItWas() {
    InOrder task = new InOrder();
    task.poisonedCall = 1; // the second batch of epoch 0

    TrainingResult result = new Trainer(task, config(2)).fit(TrainingListener.NONE);

    assertThat(result.skippedSteps()).isEqualTo(1);
    assertThat(task.events)
        .containsExactly(
            "epoch 0",
            "batch 0 after 0",
            "batch 2 after 1",
            "batch 4 after 1",
            "epoch 1",
            "batch 0 after 0",
            "batch 2 after 1",
            "batch 4 after 2");
  }

  @Test
  void aCheckpointInTheMiddleOfAnEpochResumesWithTheCarriedStateAndNoEpochStart()
      throws IOException {
    Path file = dir.resolve("mid.ckpt");
    InOrder first = new InOrder();
    Trainer trainer = new Trainer(first, config(1));
    trainer.fit(new CheckpointAtStep(trainer, 2, file, Map.of()));

    InOrder resumed = new InOrder();
    Trainer again = new Trainer(resumed, config(1));
    again.restore(TrainingCheckpoint.read(file));
    assertThat(resumed.carried.data()[0]).isEqualTo(2f);
    again.fit(TrainingListener.NONE);

    assertThat(resumed.events).containsExactly("batch 4 after 2");
  }
}
