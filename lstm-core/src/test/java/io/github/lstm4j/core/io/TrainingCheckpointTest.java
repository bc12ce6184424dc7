package io.github.lstm4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.LstmState;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.optim.Adam;
import io.github.lstm4j.core.optim.AdamW;
import io.github.lstm4j.core.optim.LearningRateSchedule;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCheckpointTest {
  /** Token ids in [0, 5); dropout between the two layers, so the dropout generator matters. */
  private static final LstmConfig CONFIG = LstmConfig.of(5, 6).withNumLayers(2).withDropout(0.3);

  private static final int NUM_CLASSES = 5;
  private static final int SEQ_LEN = 4;
  private static final int BATCH = 2;
  private static final LearningRateSchedule SCHEDULE = LearningRateSchedule.cosine(1e-2, 6, 1e-3);

  @AutoClose private static final ComputeContext ctx = ComputeContext.of(1);

  @TempDir Path dir;

  /**
   * A training loop with everything a resume must restore: parameters, Adam's moments and step
   * count, a cosine schedule driven by the step counter, the dropout and data generators, and a
   * hidden state carried from one window to the next (truncated BPTT).
   */
  private static final class Training {
    final TestModel model;
    final Adam adam = new Adam(1.0); // the schedule sets the rate before every step
    final LstmCache cache;
    final Rng data;
    final LstmState carried = LstmState.zeros(CONFIG, BATCH);
    long step;
    final Tensor logits = Tensor.zeros(SEQ_LEN, BATCH, NUM_CLASSES);
    final Tensor probs = Tensor.zeros(SEQ_LEN, BATCH, NUM_CLASSES);
    final Tensor dOutput = Tensor.zeros(SEQ_LEN, BATCH, CONFIG.outputSize());

    Training(long seed) {
      model = new TestModel(CONFIG, NUM_CLASSES, seed);
      cache = model.lstm.newTrainingCache(SEQ_LEN, BATCH, new Rng(seed + 1));
      data = new Rng(seed + 2);
    }

    void train(int steps) {
      for (int i = 0; i < steps; i++) {
        adam.setLearningRate(SCHEDULE.rate(step));
        int[] ids = TestData.ids(data, SEQ_LEN * BATCH, CONFIG.inputSize());
        int[] targets = TestData.ids(data, SEQ_LEN * BATCH, NUM_CLASSES);
        model.params.zeroGrad();
        Tensor output = model.lstm.forward(ctx, ids, carried, cache);
        model.head.forward(ctx, output, logits);
        SoftmaxCrossEntropy.forward(logits, targets, probs);
        SoftmaxCrossEntropy.backward(probs, targets, probs); // probabilities → dLogits
        model.head.backward(ctx, output, probs, dOutput);
        model.lstm.backward(ctx, dOutput, cache);
        adam.step(model.params);
        carried.copyFrom(cache.finalState());
        step++;
      }
    }

    void save(Path path) throws IOException {
      TrainingCheckpoint.write(
          path,
          model.params,
          adam,
          model.metadata(),
          new TrainingState(
              Map.of("step", step),
              Map.of("dropout", cache.dropoutRng().state(), "data", data.state()),
              Map.of("h", carried.h(), "c", carried.c())));
    }

    /** Overwrites everything this loop holds with the checkpoint's. */
    void restore(TrainingCheckpoint checkpoint) throws IOException {
      checkpoint.restore(model.params, adam);
      TrainingState state = checkpoint.state();
      step = state.counter("step");
      cache.dropoutRng().setState(state.rngState("dropout"));
      data.setState(state.rngState("data"));
      carried.copyFrom(
          new LstmState(
              state.tensor("h", carried.h().shape()), state.tensor("c", carried.c().shape())));
    }
  }

  private Path checkpointAfter(int steps) throws IOException {
    Training training = new Training(1);
    training.train(steps);
    Path path = dir.resolve("checkpoint.safetensors");
    training.save(path);
    return path;
  }

  @Test
  void threeStepsSavedAndResumedForThreeMoreEqualSixUninterruptedStepsBitForBit()
      throws IOException {
    Training uninterrupted = new Training(1);
    uninterrupted.train(6);

    Path path = checkpointAfter(3);
    Training resumed = new Training(99); // other initial weights and generator seeds
    resumed.restore(TrainingCheckpoint.read(path));
    resumed.train(3);

    assertThat(resumed.model.params.values()).isEqualTo(uninterrupted.model.params.values());
    assertThat(resumed.adam.state().get("exp_avg_sq"))
        .isEqualTo(uninterrupted.adam.state().get("exp_avg_sq"));
    assertThat(resumed.adam.stepCount()).isEqualTo(6);
    assertThat(resumed.carried.h().data()).isEqualTo(uninterrupted.carried.h().data());
  }

  @Test
  void aResumeThatForgetsTheDropoutGeneratorDiverges() throws IOException {
    Training uninterrupted = new Training(1);
    uninterrupted.train(6);

    Training resumed = new Training(99);
    resumed.restore(TrainingCheckpoint.read(checkpointAfter(3)));
    resumed.cache.dropoutRng().setState(12345);
    resumed.train(3);

    assertThat(resumed.model.params.values()).isNotEqualTo(uninterrupted.model.params.values());
  }

  @Test
  void aCheckpointIsAlsoAModelFile() throws IOException {
    Path path = checkpointAfter(3);
    Training training = new Training(1);
    training.train(3);

    TestModel model = TestModel.load(ModelFile.read(path));
    TrainingCheckpoint checkpoint = TrainingCheckpoint.read(path);

    assertThat(model.params.values()).isEqualTo(training.model.params.values());
    assertThat(checkpoint.model().metadata()).isEqualTo(training.model.metadata());
    assertThat(checkpoint.state().counters()).containsExactly(Map.entry("step", 3L));
  }

  @Test
  void restoreRejectsAnotherKindOfOptimizerAndChangesNothing() throws IOException {
    Path path = checkpointAfter(2);
    Training fresh = new Training(99);
    float[] before = fresh.model.params.values().clone();
    AdamW adamW = new AdamW(1e-3);

    assertThatIOException()
        .isThrownBy(() -> TrainingCheckpoint.read(path).restore(fresh.model.params, adamW))
        .withMessage(
            path
                + ": optimizer must be Adam as saved, got AdamW; build the optimizer the"
                + " checkpoint was written with");
    assertThat(fresh.model.params.values()).isEqualTo(before);
    assertThat(adamW.stepCount()).isZero();
  }

  /** Rewrites a file's raw tensors and metadata (format keys included). */
  private static Path tampered(
      Path path, Consumer<Map<String, Tensor>> tensors, Consumer<Map<String, String>> metadata)
      throws IOException {
    TensorFile raw = Safetensors.read(path);
    Map<String, Tensor> newTensors = new LinkedHashMap<>(raw.tensors());
    Map<String, String> newMetadata = new LinkedHashMap<>(raw.metadata());
    tensors.accept(newTensors);
    metadata.accept(newMetadata);
    Safetensors.write(path, newTensors, newMetadata);
    return path;
  }

  @Test
  void restoreRejectsOptimizerStateOfAnotherLengthAndChangesNothing() throws IOException {
    Path path =
        tampered(
            checkpointAfter(2),
            tensors -> tensors.put("optimizer.exp_avg", Tensor.zeros(10)),
            metadata -> {});
    Training fresh = new Training(99);
    float[] before = fresh.model.params.values().clone();
    int count = fresh.model.params.count();

    assertThatIOException()
        .isThrownBy(() -> TrainingCheckpoint.read(path).restore(fresh.model.params, fresh.adam))
        .withMessage(
            path
                + ": tensor \"optimizer.exp_avg\" must have shape ("
                + count
                + "), one value per parameter, got (10)");
    assertThat(fresh.model.params.values()).isEqualTo(before);
    assertThat(fresh.adam.stepCount()).isZero();
  }

  @Test
  void restoreRejectsAMissingOptimizerStateArray() throws IOException {
    Path path =
        tampered(
            checkpointAfter(2), tensors -> tensors.remove("optimizer.exp_avg_sq"), metadata -> {});
    Training fresh = new Training(99);

    assertThatIOException()
        .isThrownBy(() -> TrainingCheckpoint.read(path).restore(fresh.model.params, fresh.adam))
        .withMessage(
            path
                + ": optimizer saved state must have the arrays [exp_avg, exp_avg_sq], got"
                + " [exp_avg]");
  }

  @Test
  void restoreIntoAModelOfAnotherShapeIsRejected() throws IOException {
    Path path = checkpointAfter(2);
    TestModel other = new TestModel(CONFIG.withNumLayers(1), NUM_CLASSES, 1);

    assertThatIOException()
        .isThrownBy(() -> TrainingCheckpoint.read(path).restore(other.params, new Adam(1e-3)))
        .withMessageStartingWith(
            path + ": tensor \"optimizer.exp_avg\" must have shape (" + other.params.count());
  }

  @Test
  void aModelFileIsNotATrainingCheckpoint() throws IOException {
    Path path = dir.resolve("model.safetensors");
    new TestModel(CONFIG, NUM_CLASSES, 1).save(path);

    assertThatIOException()
        .isThrownBy(() -> TrainingCheckpoint.read(path))
        .withMessage(
            path
                + ": not a training checkpoint: metadata \"optimizer\" must name the optimizer,"
                + " got none; is it a model file?");
  }

  @Test
  void malformedTrainingMetadataIsNamed() throws IOException {
    Path counter =
        tampered(
            checkpointAfter(1), tensors -> {}, metadata -> metadata.put("counter.step", "1.5"));
    assertThatIOException()
        .isThrownBy(() -> TrainingCheckpoint.read(counter))
        .withMessage(
            counter
                + ": metadata \"counter.step\" must be a decimal integer in the long range, got"
                + " \"1.5\"");

    Path rate =
        tampered(
            checkpointAfter(1),
            tensors -> {},
            metadata -> metadata.put("optimizer.learning_rate", "-0.1"));
    assertThatIOException()
        .isThrownBy(() -> TrainingCheckpoint.read(rate))
        .withMessage(
            rate
                + ": metadata \"optimizer.learning_rate\" must be a finite number > 0, got \"-0.1\"");
  }

  @Test
  void aMissingOrMisshapedTrainingStateEntryIsNamed() throws IOException {
    TrainingState state = TrainingCheckpoint.read(checkpointAfter(1)).state();

    assertThatIOException()
        .isThrownBy(() -> state.counter("epoch"))
        .withMessage("training state must have the counter \"epoch\", got only [step]");
    assertThatIOException()
        .isThrownBy(() -> state.rngState("sampler"))
        .withMessageStartingWith("training state must have the random generator state \"sampler\"");
    assertThatIOException()
        .isThrownBy(() -> state.tensor("h", 1, 2, 6))
        .withMessage("training state tensor \"h\" must have shape (1, 2, 6), got (2, 2, 6)");
  }

  @Test
  void writeRejectsMetadataKeysThatCheckpointsReserve() {
    Training training = new Training(1);

    for (String key : new String[] {"optimizer", "optimizer.beta1", "counter.step", "rng.data"}) {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  TrainingCheckpoint.write(
                      dir.resolve("c.safetensors"),
                      training.model.params,
                      training.adam,
                      Map.of(key, "1"),
                      TrainingState.empty()))
          .withMessage(
              "metadata must not contain the key \""
                  + key
                  + "\", which training checkpoints reserve");
    }
  }
}
