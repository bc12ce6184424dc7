package io.github.lstm4j.vision;

import static io.github.lstm4j.core.testing.ModelFileMutations.editMetadata;
import static io.github.lstm4j.core.testing.ModelFileMutations.flipBit;
import static io.github.lstm4j.core.testing.ModelFileMutations.mutateTensors;
import static io.github.lstm4j.core.testing.ModelFileMutations.replaceNumberInHeader;
import static io.github.lstm4j.core.testing.ModelFileMutations.spliceMember;
import static io.github.lstm4j.core.testing.ModelFileMutations.truncate;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.testing.FuzzCampaign;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates saved classifier files at random (seeded): raw bits, truncation, numbers in the header
 * (shapes, offsets, config values), the config's JSON members and the other metadata, and the set,
 * names and shapes of the tensors. Every mutant must either load as a classifier that then predicts
 * an image of its size, or fail with an {@link IOException}: never another exception or an {@link
 * OutOfMemoryError}.
 *
 * <p>Values that describe a legitimately large model are left out on purpose (a file saying {@code
 * rows = 1000000} is valid and its model needs memory in proportion when it predicts); the size
 * values here are small, or large enough that they must be rejected.
 */
class RowLstmClassifierFileFuzzTest {
  private static final int ITERATIONS = 300;

  /** Values spliced into the config's members, the size metadata and the header's numbers. */
  private static final String[] VALUES = {
    "0",
    "1",
    "2",
    "3",
    "4",
    "7",
    "8",
    "9",
    "16",
    "100",
    "-1",
    "2147483647",
    "2147483648",
    "9223372036854775807",
    "1.5",
    "0.999",
    "-0.0",
    "1e308",
    "true",
    "false",
    "null",
    "\"x\"",
    "\"8\"",
    "[]",
    "{}",
    "\"MEAN_OVER_TIME\"",
    "\"CONSTANT\""
  };

  private static final String[] CONFIG_KEYS = {
    "hiddenSize",
    "numLayers",
    "bidirectional",
    "dropout",
    "readout",
    "batchSize",
    "epochs",
    "learningRate",
    "weightDecay",
    "gradientClip",
    "schedule",
    "validationFraction",
    "augmentShift",
    "seed",
    "threads"
  };

  private static final String[] METADATA_KEYS = {
    "model", "rows", "cols", "numClasses", "format", "format_version"
  };

  /** Names of tensors a classifier file does not have: misplaced, of another kind, or unknown. */
  private static final String[] EXTRA_TENSORS = {
    "lstm.bias_l0", "optimizer.exp_avg", "state.h", "head.extra", "weight_ih_l0"
  };

  private static final Pattern NAMES_AND_NUMBERS = Pattern.compile("\"[^\"]*\"|-?\\d[\\d.eE+-]*");

  @TempDir Path dir;

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void everyMutantLoadsAndPredictsOrThrowsIOException() throws IOException {
    FuzzCampaign run =
        FuzzCampaign.run(
            seeds(), 20240611L, ITERATIONS, RowLstmClassifierFileFuzzTest::mutate, this::outcome);

    // Both outcomes must be common, or the mutations prove little.
    assertThat(run.loaded()).as("mutants that loaded").isGreaterThan(ITERATIONS / 10);
    assertThat(run.rejected()).as("mutants that were rejected").isGreaterThan(ITERATIONS / 3);
    assertThat(run.problems())
        .as("distinct kinds of rejection (%d loaded, %d rejected)", run.loaded(), run.rejected())
        .hasSizeGreaterThan(40);
  }

  /**
   * Loads a mutant as a classifier and predicts an image of its size; returns null if that worked,
   * else the IOException's message with names and numbers masked.
   */
  private String outcome(byte[] input, int iteration) throws IOException {
    // A new file each time: cheaper than truncating and rewriting one.
    Path file = Files.write(dir.resolve("mutant" + iteration + ".safetensors"), input);
    try {
      RowLstmClassifier model = RowLstmClassifier.load(file);
      float[] image = new float[model.shape().rows() * model.shape().cols()];
      for (int i = 0; i < image.length; i++) {
        image[i] = (i % 5) / 4f;
      }
      assertThat(model.predict(image).probabilities()).hasSize(model.shape().numClasses());
      return null;
    } catch (IOException expected) {
      assertThat(expected.getMessage()).startsWith(file.toString());
      return NAMES_AND_NUMBERS.matcher(expected.getMessage()).replaceAll("_");
    }
  }

  /** A one-layer and a stacked bidirectional classifier, as saved. */
  private List<byte[]> seeds() throws IOException {
    ClassifierConfig small = ClassifierConfig.defaults().withHiddenSize(4).withSeed(1);
    ClassifierConfig stacked =
        small
            .withHiddenSize(3)
            .withNumLayers(2)
            .withBidirectional(true)
            .withReadout(Readout.MEAN_OVER_TIME);
    List<byte[]> seeds = new ArrayList<>();
    for (RowLstmClassifier model :
        List.of(
            RowLstmClassifier.create(small, 8, 8, 4), RowLstmClassifier.create(stacked, 5, 6, 3))) {
      Path path = dir.resolve("seed.safetensors");
      model.save(path);
      seeds.add(Files.readAllBytes(path));
    }
    return seeds;
  }

  private static byte[] mutate(byte[] seed, SplittableRandom random) throws IOException {
    byte[] bytes = seed;
    for (int round = random.nextInt(4) == 0 ? 2 : 1; round > 0; round--) {
      bytes =
          switch (random.nextInt(8)) {
            case 0 -> flipBit(bytes, random);
            case 1 -> truncate(bytes, random);
            case 2 -> replaceNumberInHeader(bytes, random, VALUES);
            case 3, 4, 5 -> mutateMetadata(bytes, random);
            default -> mutateTensors(bytes, random, EXTRA_TENSORS);
          };
    }
    return bytes;
  }

  /** Edits a config member or another metadata value, or removes a key; stays valid safetensors. */
  private static byte[] mutateMetadata(byte[] bytes, SplittableRandom random) throws IOException {
    return editMetadata(
        bytes,
        metadata -> {
          String value = VALUES[random.nextInt(VALUES.length)];
          String key = METADATA_KEYS[random.nextInt(METADATA_KEYS.length)];
          switch (random.nextInt(5)) {
            case 0 -> metadata.remove(random.nextBoolean() ? key : "config");
            case 1 -> metadata.put(key, value.replace("\"", ""));
            default ->
                metadata.computeIfPresent(
                    "config",
                    (name, config) ->
                        spliceMember(
                            config,
                            CONFIG_KEYS[random.nextInt(CONFIG_KEYS.length)],
                            value,
                            random.nextInt(4))); // the value alone half the time
          }
        });
  }
}
