package io.github.lstm4j.core.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.optim.Adam;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.TestData;
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
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

  private static final Pattern NAMES_AND_NUMBERS = Pattern.compile("\"[^\"]*\"|-?\\d[\\d.eE+-]*");

  private static ComputeContext ctx;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    ctx = ComputeContext.of(1);
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @Test
  @Timeout(60)
  void mutatedFilesLoadAsValidModelsOrFailWithAnIoException() throws IOException {
    List<byte[]> seeds = seeds();
    SplittableRandom random = new SplittableRandom(42);
    int loaded = 0;
    int rejected = 0;
    Set<String> problems = new HashSet<>();
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
      try {
        String problem = outcome(input, iteration % FILE_CHECK_EVERY == 0);
        if (problem == null) {
          loaded++;
        } else {
          rejected++;
          problems.add(NAMES_AND_NUMBERS.matcher(problem).replaceAll("_"));
        }
      } catch (Throwable unexpected) {
        throw new AssertionError(
            "iteration " + iteration + ", input " + HexFormat.of().formatHex(input), unexpected);
      }
    }

    assertThat(loaded).as("inputs that loaded").isGreaterThan(ITERATIONS / 10);
    assertThat(rejected).as("inputs that were rejected").isGreaterThan(ITERATIONS / 3);
    assertThat(problems)
        .as("distinct kinds of rejection (%d loaded, %d rejected)", loaded, rejected)
        .hasSizeGreaterThan(40);
  }

  /**
   * Loads {@code input} as a model (and, if it is one, as a checkpoint restored into that model and
   * a new Adam) and runs it; returns null if that worked, else the IOException's message.
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
      return e.getMessage();
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
            case 1 -> Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            case 2 -> replaceNumberInHeader(bytes, random);
            case 3, 4 -> mutateMetadata(bytes, random);
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

  /** Replaces a run of digits in the header (a shape, an offset, a config value) and fixes N. */
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
    byte[] result =
        SafetensorsTest.concat(
            Arrays.copyOf(bytes, start), number, Arrays.copyOfRange(bytes, end, bytes.length));
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

  /** Edits the config's JSON members or the format keys, then re-serializes validly. */
  private static byte[] mutateMetadata(byte[] bytes, SplittableRandom random) throws IOException {
    TensorFile file;
    try {
      file = Safetensors.fromBytes(bytes);
    } catch (IOException alreadyBroken) {
      return bytes;
    }
    Map<String, String> metadata = new LinkedHashMap<>(file.metadata());
    String value = VALUES[random.nextInt(VALUES.length)];
    switch (random.nextInt(6)) {
      case 0 -> metadata.put("format_version", random.nextBoolean() ? "2" : value);
      case 1 -> metadata.remove(random.nextBoolean() ? "format" : "config");
      case 2 -> metadata.put("counter.step", value);
      default -> {
        String config = metadata.get("config");
        if (config != null) {
          String key = CONFIG_KEYS[random.nextInt(CONFIG_KEYS.length)];
          String replacement =
              switch (random.nextInt(3)) {
                case 0 -> "\"" + key + "\":" + value + ",\"extra\":1";
                case 1 -> "\"extra\":" + value;
                default -> "\"" + key + "\":" + value;
              };
          metadata.put("config", config.replaceFirst("\"" + key + "\":[^,}]*", replacement));
        }
      }
    }
    return Safetensors.toBytes(file.tensors(), metadata);
  }

  /** Removes, renames, reshapes or adds a tensor, or fills one with NaN. */
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
        String[] extras = {"bias_l0", "optimizer.exp_avg", "state.c", "head.extra", "lstm.weight"};
        tensors.put(extras[random.nextInt(extras.length)], Tensor.zeros(random.nextInt(4)));
      }
      default -> {
        Tensor nan = Tensor.zeros(tensor.shape());
        Arrays.fill(nan.data(), random.nextBoolean() ? Float.NaN : Float.POSITIVE_INFINITY);
        tensors.put(name, nan);
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
