package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lstm4j.core.io.Safetensors;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.core.io.TrainingCheckpoint;
import io.github.lstm4j.core.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving, loading and resuming a CharLstm, and what survives a failed run. */
class CharLstmPersistenceTest {
  private static final String TEXT =
      "a stitch in time saves nine; nine lives has a cat.\n".repeat(24);

  @TempDir Path dir;

  /** Constant learning rate so that a run cut into two plans the same rate at every step. */
  private static CharLstmConfig config(int epochs) {
    return CharLstmConfig.defaults()
        .withNumLayers(2)
        .withHiddenSize(24)
        .withDropout(0.2)
        .withSeqLen(12)
        .withBatchSize(4)
        .withLearningRate(5e-3)
        .withSchedule(CharLstmConfig.Schedule.CONSTANT)
        .withEpochs(epochs)
        .withEvaluateEvery(5)
        .withThreads(1);
  }

  @Test
  void aSavedModelLoadsWithIdenticalWeightsAndGeneration() throws IOException {
    Path file = dir.resolve("model.safetensors");
    try (CharLstm model = CharLstm.fit(TEXT, config(2))) {
      model.save(file);
      try (CharLstm loaded = CharLstm.load(file)) {
        assertThat(loaded.parameters().values()).containsExactly(model.parameters().values());
        assertThat(loaded.vocabulary()).isEqualTo(model.vocabulary());
        assertThat(loaded.config()).isEqualTo(model.config());
        SamplingConfig sampling = SamplingConfig.defaults().withTemperature(0.9);
        assertThat(loaded.generate("a ", 100, sampling, 3L))
            .isEqualTo(model.generate("a ", 100, sampling, 3L));
      }
    }
  }

  /**
   * A checkpoint holds the raw weights where training stood (for resuming) and, beside them, the
   * weights the run kept; loaded to generate or score, it runs the kept ones. With a moving average
   * those are the validated average, which differs from the raw weights at every step.
   */
  @Test
  void aCheckpointLoadsTheWeightsItsRunKept() throws IOException {
    Path checkpoint = dir.resolve("averaged.ckpt");
    CharLstmConfig averaged = config(2).withEmaDecay(0.9);
    try (CharLstm model = CharLstm.fit(TEXT, averaged, TrainingListener.NONE, checkpoint);
        CharLstm loaded = CharLstm.load(checkpoint)) {
      assertThat(loaded.parameters().values()).containsExactly(model.parameters().values());
      assertThat(loaded.evaluate(TEXT)).isEqualTo(model.evaluate(TEXT));
      TrainingCheckpoint saved = TrainingCheckpoint.read(checkpoint);
      float[] raw = saved.model().tensors().get("head.weight").data();
      int offset = model.head().weight().offset();
      float[] kept = Arrays.copyOfRange(model.parameters().values(), offset, offset + raw.length);
      assertThat(Arrays.equals(raw, kept)).isFalse(); // the raw weights are not the kept ones
    }
  }

  @Test
  void resumingFromTheCheckpointContinuesBitIdentically() throws IOException {
    Path uninterruptedCheckpoint = dir.resolve("whole.ckpt");
    Path interruptedCheckpoint = dir.resolve("part.ckpt");
    float[] whole;
    try (CharLstm model =
        CharLstm.fit(TEXT, config(3), TrainingListener.NONE, uninterruptedCheckpoint)) {
      whole = model.parameters().values().clone();
    }
    // The same run stopped after its first epoch, then resumed for the remaining two.
    CharLstm.fit(TEXT, config(1), TrainingListener.NONE, interruptedCheckpoint).close();
    TrainingCheckpoint saved = TrainingCheckpoint.read(interruptedCheckpoint);
    assertThat(saved.state().counter("trainer.epoch")).isEqualTo(1);
    try (CharLstm resumed =
        CharLstm.resume(interruptedCheckpoint, TEXT, config(3), TrainingListener.NONE)) {
      assertThat(Arrays.equals(resumed.parameters().values(), whole)).isTrue();
    }
    assertThat(withoutTrainingTime(interruptedCheckpoint))
        .isEqualTo(withoutTrainingTime(uninterruptedCheckpoint));
  }

  /**
   * The bytes of a checkpoint with every tensor and metadata entry but the one clock reading, the
   * training time, which no two runs share.
   */
  private static byte[] withoutTrainingTime(Path checkpoint) throws IOException {
    TensorFile file = Safetensors.read(checkpoint);
    Map<String, String> metadata = new LinkedHashMap<>(file.metadata());
    assertThat(metadata.remove("counter.trainer.elapsed_nanos")).isNotNull();
    return Safetensors.toBytes(file.tensors(), metadata);
  }

  @Test
  void aDivergingRunLeavesTheLastGoodCheckpointIntact() throws IOException {
    Path checkpoint = dir.resolve("good.ckpt");
    CharLstm.fit(TEXT, config(1), TrainingListener.NONE, checkpoint).close();
    byte[] good = Files.readAllBytes(checkpoint);
    CharLstmConfig exploding = config(1).withLearningRate(Float.MAX_VALUE);
    assertThatThrownBy(() -> CharLstm.fit(TEXT, exploding, TrainingListener.NONE, checkpoint))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageMatching(
            "training loss became (NaN|Infinity) at step \\d+ \\(learningRate 3.40e\\+38\\).*")
        .hasMessageContaining("the last good checkpoint is " + checkpoint);
    assertThat(Files.readAllBytes(checkpoint)).isEqualTo(good);
    try (CharLstm model = CharLstm.load(checkpoint)) {
      assertThat(model.evaluate(TEXT).natsPerToken()).isFinite();
    }
  }

  @Test
  void resumingWithAnotherModelShapeIsRejected() throws IOException {
    Path checkpoint = dir.resolve("shape.ckpt");
    CharLstm.fit(TEXT, config(1), TrainingListener.NONE, checkpoint).close();
    CharLstmConfig wider = config(2).withHiddenSize(32);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CharLstm.resume(checkpoint, TEXT, wider, TrainingListener.NONE))
        .withMessageStartingWith("config must keep the checkpoint's model shape and data layout");
  }

  @Test
  void corruptOrForeignFilesAreIoExceptionsThatSayWhy() throws IOException {
    Path file = dir.resolve("model.safetensors");
    try (CharLstm model = CharLstm.fit(TEXT, config(1))) {
      model.save(file);
    }
    byte[] bytes = Files.readAllBytes(file);
    Path truncated = dir.resolve("truncated.safetensors");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 10));
    assertThatThrownBy(() -> CharLstm.load(truncated)).isInstanceOf(IOException.class);

    String header = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(header).contains("\"model\":\"CharLstm\"");
    Path foreign = dir.resolve("foreign.safetensors");
    Files.write(foreign, replace(bytes, "\"model\":\"CharLstm\"", "\"model\":\"Classify\""));
    assertThatThrownBy(() -> CharLstm.load(foreign))
        .isInstanceOf(IOException.class)
        .hasMessage(foreign + ": not a CharLstm file: model=\"Classify\"");
    Path badConfig = dir.resolve("bad-config.safetensors");
    Files.write(badConfig, replace(bytes, "\\\"hiddenSize\\\":24", "\\\"hiddenSize\\\":-1"));
    assertThatThrownBy(() -> CharLstm.load(badConfig))
        .isInstanceOf(IOException.class)
        .hasMessage(badConfig + ": config.hiddenSize must be > 0, got -1");
    assertThatThrownBy(() -> CharLstm.load(dir.resolve("missing.safetensors")))
        .isInstanceOf(IOException.class);
  }

  /** Replaces one ASCII occurrence of equal length, keeping every offset in the file valid. */
  private static byte[] replace(byte[] bytes, String from, String to) {
    assertThat(to).hasSameSizeAs(from);
    String s = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = s.indexOf(from);
    assertThat(at).as("'%s' in the file", from).isNotNegative();
    byte[] out = bytes.clone();
    byte[] replacement = to.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    System.arraycopy(replacement, 0, out, at, replacement.length);
    return out;
  }
}
