package io.github.lstm4j.vision;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.io.Safetensors;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private static final Pattern NAMES_AND_NUMBERS = Pattern.compile("\"[^\"]*\"|-?\\d[\\d.eE+-]*");

  @TempDir Path dir;

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void everyMutantLoadsAndPredictsOrThrowsIOException() throws IOException {
    List<byte[]> seeds = seeds();
    SplittableRandom random = new SplittableRandom(20240611L);
    int loaded = 0;
    int rejected = 0;
    Set<String> problems = new HashSet<>();
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
      // A new file each time: cheaper than truncating and rewriting one.
      Path file = Files.write(dir.resolve("mutant" + iteration + ".safetensors"), input);
      try {
        RowLstmClassifier model = RowLstmClassifier.load(file);
        float[] image = new float[model.rows() * model.cols()];
        for (int i = 0; i < image.length; i++) {
          image[i] = (i % 5) / 4f;
        }
        assertThat(model.predict(image).probabilities()).hasSize(model.numClasses());
        loaded++;
      } catch (IOException expected) {
        assertThat(expected.getMessage()).startsWith(file.toString());
        rejected++;
        problems.add(NAMES_AND_NUMBERS.matcher(expected.getMessage()).replaceAll("_"));
      } catch (RuntimeException | Error unexpected) {
        throw new AssertionError(
            "iteration " + iteration + ", input " + HexFormat.of().formatHex(input), unexpected);
      }
    }

    // Both outcomes must be common, or the mutations prove little.
    assertThat(loaded).as("mutants that loaded").isGreaterThan(ITERATIONS / 10);
    assertThat(rejected).as("mutants that were rejected").isGreaterThan(ITERATIONS / 3);
    assertThat(problems)
        .as("distinct kinds of rejection (%d loaded, %d rejected)", loaded, rejected)
        .hasSizeGreaterThan(40);
  }

  /** A one-layer and a stacked bidirectional classifier, as saved. */
  private List<byte[]> seeds() throws IOException {
    ClassifierConfig small = ClassifierConfig.builder().hiddenSize(4).seed(1).build();
    ClassifierConfig stacked =
        small.toBuilder()
            .hiddenSize(3)
            .numLayers(2)
            .bidirectional(true)
            .readout(Readout.MEAN_OVER_TIME)
            .build();
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
            case 1 -> Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            case 2 -> replaceNumberInHeader(bytes, random);
            case 3, 4, 5 -> mutateMetadata(bytes, random);
            default -> mutateTensors(bytes, random);
          };
    }
    return bytes;
  }

  private static byte[] flipBit(byte[] bytes, SplittableRandom random) {
    if (bytes.length == 0) {
      return bytes;
    }
    byte[] copy = bytes.clone();
    copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
    return copy;
  }

  /** Replaces a run of digits in the header (a shape, an offset, a size) and fixes its length. */
  private static byte[] replaceNumberInHeader(byte[] bytes, SplittableRandom random) {
    int n = headerLength(bytes);
    if (n < 0) {
      return bytes;
    }
    int start = 8 + random.nextInt(n);
    while (start < 8 + n && (bytes[start] < '0' || bytes[start] > '9')) {
      start++;
    }
    int end = start;
    while (end < 8 + n && bytes[end] >= '0' && bytes[end] <= '9') {
      end++;
    }
    String value = VALUES[random.nextInt(VALUES.length)];
    byte[] number = value.matches("-?[0-9]+") ? value.getBytes(UTF_8) : new byte[] {'7'};
    byte[] result = new byte[start + number.length + bytes.length - end];
    System.arraycopy(bytes, 0, result, 0, start);
    System.arraycopy(number, 0, result, start, number.length);
    System.arraycopy(bytes, end, result, start + number.length, bytes.length - end);
    ByteBuffer.wrap(result)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(0, n + number.length - (end - start));
    return result;
  }

  /** The header length of a file whose header is intact, else -1. */
  private static int headerLength(byte[] bytes) {
    if (bytes.length < 8) {
      return -1;
    }
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    return n <= 0 || n > bytes.length - 8 ? -1 : (int) n;
  }

  /** Edits a config member or another metadata value, or removes a key; stays valid safetensors. */
  private static byte[] mutateMetadata(byte[] bytes, SplittableRandom random) throws IOException {
    TensorFile file;
    try {
      file = Safetensors.fromBytes(bytes);
    } catch (IOException alreadyBroken) {
      return bytes;
    }
    Map<String, String> metadata = new LinkedHashMap<>(file.metadata());
    String value = VALUES[random.nextInt(VALUES.length)];
    String key = METADATA_KEYS[random.nextInt(METADATA_KEYS.length)];
    switch (random.nextInt(5)) {
      case 0 -> metadata.remove(random.nextBoolean() ? key : "config");
      case 1 -> metadata.put(key, value.replace("\"", ""));
      default -> {
        String config = metadata.get("config");
        if (config != null) {
          String member = CONFIG_KEYS[random.nextInt(CONFIG_KEYS.length)];
          String replacement =
              switch (random.nextInt(4)) {
                case 0 -> "\"" + member + "\":" + value + ",\"extra\":1";
                case 1 -> "\"extra\":" + value;
                default -> "\"" + member + "\":" + value;
              };
          metadata.put("config", config.replaceFirst("\"" + member + "\":[^,}]*", replacement));
        }
      }
    }
    return Safetensors.toBytes(file.tensors(), metadata);
  }

  /** Removes, renames, reshapes or adds a tensor, or fills one with NaN or infinity. */
  private static byte[] mutateTensors(byte[] bytes, SplittableRandom random) throws IOException {
    TensorFile file;
    try {
      file = Safetensors.fromBytes(bytes);
    } catch (IOException alreadyBroken) {
      return bytes;
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>(file.tensors());
    List<String> names = new ArrayList<>(tensors.keySet());
    if (names.isEmpty()) {
      return bytes;
    }
    String name = names.get(random.nextInt(names.size()));
    Tensor tensor = tensors.get(name);
    switch (random.nextInt(6)) {
      case 0 -> tensors.remove(name);
      case 1 ->
          tensors.put(
              name.replace("_l0", "_l1").replace("bias_ih", "bias_l"), tensors.remove(name));
      case 2 -> tensors.put(name, Tensor.wrap(tensor.data(), reversed(tensor.shape())));
      case 3 -> tensors.put(name, Tensor.zeros(Math.max(0, tensor.size() - 1 - random.nextInt(3))));
      case 4 -> {
        String[] extras = {
          "lstm.bias_l0", "optimizer.exp_avg", "state.h", "head.extra", "weight_ih_l0"
        };
        tensors.put(extras[random.nextInt(extras.length)], Tensor.zeros(random.nextInt(4)));
      }
      default -> {
        Tensor bad = Tensor.zeros(tensor.shape());
        Arrays.fill(bad.data(), random.nextBoolean() ? Float.NaN : Float.POSITIVE_INFINITY);
        tensors.put(name, bad);
      }
    }
    return Safetensors.toBytes(tensors, file.metadata());
  }

  private static int[] reversed(int[] shape) {
    int[] out = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      out[i] = shape[shape.length - 1 - i];
    }
    return out;
  }
}
