package io.github.lstm4j.core.io;

import static io.github.lstm4j.core.testing.ModelFileMutations.editMetadata;
import static io.github.lstm4j.core.testing.ModelFileMutations.flipBit;
import static io.github.lstm4j.core.testing.ModelFileMutations.mutateTensors;
import static io.github.lstm4j.core.testing.ModelFileMutations.replaceNumberInHeader;
import static io.github.lstm4j.core.testing.ModelFileMutations.spliceMember;
import static io.github.lstm4j.core.testing.ModelFileMutations.truncate;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.optim.Adam;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.FuzzCampaign;
import io.github.lstm4j.core.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates valid model files and training checkpoints at random (seeded): raw bytes, numbers in the
 * header (shapes, offsets, config values), the config's JSON members, the format metadata, and the
 * set, names and shapes of the tensors. Every result must either load as a valid model, which then
 * runs forward, or fail with an {@link IOException}: never another exception, an {@link
 * OutOfMemoryError} (a forged config must not allocate more than the file holds) or a hang.
 */
class ModelFileFuzzTest {
  private static final int ITERATIONS = 2_000;
  private static final int FILE_CHECK_EVERY = 50; // also read through a real file now and then

  private static final LstmConfig CONFIG = LstmConfig.of(3, 4).withNumLayers(2).withDropout(0.1);
  private static final int NUM_CLASSES = 3;

  /** Values spliced into the config's JSON members and the header's numbers. */
  private static final String[] VALUES = {
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "8",
    "-1",
    "1000",
    "1000000",
    "2147483647",
    "2147483648",
    "-2147483648",
    "9223372036854775807",
    "1.5",
    "0.999",
    "-0.0",
    "1e308",
    "true",
    "false",
    "null",
    "\"x\"",
    "\"4\"",
    "[]",
    "{}",
    "\"ORTHOGONAL\"",
    "\"XAVIER_UNIFORM\""
  };

  private static final String[] CONFIG_KEYS = {
    "inputSize",
    "hiddenSize",
    "numLayers",
    "bidirectional",
    "dropout",
    "forgetBias",
    "inputInit",
    "recurrentInit",
    "numClasses",
    "lstm"
  };

  /** Names of tensors the model files do not have: misplaced, of another kind, or unknown. */
  private static final String[] EXTRA_TENSORS = {
    "bias_l0", "optimizer.exp_avg", "state.c", "head.extra", "lstm.weight"
  };

  private static final Pattern NAMES_AND_NUMBERS = Pattern.compile("\"[^\"]*\"|-?\\d[\\d.eE+-]*");

  @AutoClose private static final ComputeContext ctx = ComputeContext.of(1);

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void mutatedFilesLoadAsValidModelsOrFailWithAnIoException() throws IOException {
    FuzzCampaign run =
        FuzzCampaign.run(
            seeds(),
            42,
            ITERATIONS,
            ModelFileFuzzTest::mutate,
            (input, iteration) -> outcome(input, iteration % FILE_CHECK_EVERY == 0));

    assertThat(run.loaded()).as("inputs that loaded").isGreaterThan(ITERATIONS / 10);
    assertThat(run.rejected()).as("inputs that were rejected").isGreaterThan(ITERATIONS / 3);
    assertThat(run.problems())
        .as("distinct kinds of rejection (%d loaded, %d rejected)", run.loaded(), run.rejected())
        .hasSizeGreaterThan(40);
  }

  /**
   * Loads {@code input} as a model (and, if it is one, as a checkpoint restored into that model and
   * a new Adam) and runs it; returns null if that worked, else the IOException's message with names
   * and numbers masked.
   */
  private String outcome(byte[] input, boolean alsoFromFile) {
    try {
      TensorFile file = ModelFile.fromBytes(input);
      if (alsoFromFile) {
        Path path = Files.write(dir.resolve("input.safetensors"), input);
        assertThat(ModelFile.read(path).metadata()).isEqualTo(file.metadata());
      }
      TestModel model = TestModel.load(file);
      if (file.metadata().containsKey("optimizer")) {
        TrainingCheckpoint checkpoint = TrainingCheckpoint.fromBytes(input);
        checkpoint.restore(model.params, new Adam(1e-3));
        checkpoint.state().counter("step");
        checkpoint.state().rngState("dropout");
      }
      Tensor x = TestData.gaussian(new Rng(1), 1.0, 2, 1, model.config.inputSize());
      assertThat(model.logits(ctx, x).shape()).containsExactly(2, 1, model.numClasses);
      return null;
    } catch (IOException e) {
      return NAMES_AND_NUMBERS.matcher(e.getMessage()).replaceAll("_");
    }
  }

  private static List<byte[]> seeds() throws IOException {
    TestModel model = new TestModel(CONFIG, NUM_CLASSES, 7);
    TestModel bidirectional = new TestModel(CONFIG.withBidirectional(true), 2, 8);
    Adam adam = new Adam(1e-3);
    Arrays.fill(model.params.grads(), 0.5f);
    adam.step(model.params);
    Map<String, String> checkpointMetadata = new LinkedHashMap<>(ModelFile.withFormat(Map.of()));
    checkpointMetadata.putAll(model.metadata());
    checkpointMetadata.put("optimizer", "Adam");
    checkpointMetadata.put("optimizer.step_count", "1");
    checkpointMetadata.put("optimizer.learning_rate", "0.001");
    checkpointMetadata.put("counter.step", "1");
    checkpointMetadata.put("rng.dropout", "-42");
    Map<String, Tensor> checkpointTensors = new LinkedHashMap<>(StateDict.export(model.params));
    for (Map.Entry<String, float[]> state : adam.state().entrySet()) {
      checkpointTensors.put(
          "optimizer." + state.getKey(), Tensor.wrap(state.getValue(), model.params.count()));
    }
    checkpointTensors.put("state.h", Tensor.zeros(2, 1, 4));
    return List.of(
        modelBytes(model),
        modelBytes(bidirectional),
        Safetensors.toBytes(checkpointTensors, checkpointMetadata));
  }

  private static byte[] modelBytes(TestModel model) {
    return Safetensors.toBytes(
        StateDict.export(model.params), ModelFile.withFormat(model.metadata()));
  }

  private static byte[] mutate(byte[] seed, SplittableRandom random) throws IOException {
    byte[] bytes = seed;
    for (int round = 1 + random.nextInt(2); round > 0; round--) {
      bytes =
          switch (random.nextInt(7)) {
            case 0 -> flipBit(bytes, random);
            case 1 -> truncate(bytes, random);
            case 2 -> replaceNumberInHeader(bytes, random, VALUES);
            case 3, 4 -> mutateMetadata(bytes, random);
            default -> mutateTensors(bytes, random, EXTRA_TENSORS);
          };
    }
    return bytes;
  }

  /** Edits the config's JSON members or the format keys, then re-serializes validly. */
  private static byte[] mutateMetadata(byte[] bytes, SplittableRandom random) throws IOException {
    return editMetadata(
        bytes,
        metadata -> {
          String value = VALUES[random.nextInt(VALUES.length)];
          switch (random.nextInt(6)) {
            case 0 -> metadata.put("format_version", random.nextBoolean() ? "2" : value);
            case 1 -> metadata.remove(random.nextBoolean() ? "format" : "config");
            case 2 -> metadata.put("counter.step", value);
            default ->
                metadata.computeIfPresent(
                    "config",
                    (name, config) ->
                        spliceMember(
                            config,
                            CONFIG_KEYS[random.nextInt(CONFIG_KEYS.length)],
                            value,
                            random.nextInt(3)));
          }
        });
  }
}
