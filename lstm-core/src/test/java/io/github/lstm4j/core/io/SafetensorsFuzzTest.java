package io.github.lstm4j.core.io;

import static io.github.lstm4j.core.io.SafetensorsTest.assertSameContents;
import static io.github.lstm4j.core.io.SafetensorsTest.file;
import static io.github.lstm4j.core.testing.ModelFileMutations.flipBit;
import static io.github.lstm4j.core.testing.ModelFileMutations.truncate;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.FuzzCampaign;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates valid files at random (seeded) and requires every result to either load, and then
 * re-serialize and re-load to the same contents, or fail with an {@link IOException}: never another
 * exception, an {@link OutOfMemoryError} or a hang.
 */
class SafetensorsFuzzTest {
  private static final int ITERATIONS = 10_000;
  private static final int FILE_CHECK_EVERY = 64; // also read through a real file now and then

  /** JSON fragments spliced into headers. */
  private static final String[] TOKENS = {
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    " ",
    "\n",
    "null",
    "true",
    "{}",
    "[]",
    "[0,0]",
    "\"F32\"",
    "\"F64\"",
    "\"BF16\"",
    "\"I32\"",
    "\"__metadata__\"",
    "\"dtype\"",
    "\"shape\"",
    "\"data_offsets\"",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "\"\\u00e9\"",
    "\"x\":1",
    "\"é😀\"",
  };

  /** Replacements for a run of digits in a header. */
  private static final String[] NUMBERS = {
    "0",
    "1",
    "2",
    "3",
    "4",
    "8",
    "12",
    "16",
    "24",
    "-1",
    "-0",
    "1.0",
    "1e3",
    "1000000000",
    "2147483648",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "1e400",
  };

  private static final Pattern VALUE = Pattern.compile(",? got .*");
  private static final Pattern NAMES_AND_NUMBERS = Pattern.compile("\"[^\"]*\"|\\d+");

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void mutatedFilesLoadAndRoundTripOrFailWithAnIoException() throws IOException {
    FuzzCampaign run =
        FuzzCampaign.run(
            seeds(),
            42,
            ITERATIONS,
            SafetensorsFuzzTest::mutate,
            (input, iteration) -> outcome(input, iteration % FILE_CHECK_EVERY == 0));

    assertThat(run.loaded()).as("inputs that loaded").isGreaterThan(ITERATIONS / 50);
    assertThat(run.rejected()).as("inputs that were rejected").isGreaterThan(ITERATIONS / 2);
    assertThat(run.problems())
        .as("distinct kinds of rejection (%d loaded, %d rejected)", run.loaded(), run.rejected())
        .hasSizeGreaterThan(25);
  }

  /** The problem without names, numbers and the offending value; JSON errors keep their kind. */
  private static String kindOf(String problem) {
    int json = problem.indexOf("invalid JSON at offset ");
    String kind =
        json >= 0
            ? problem.substring(problem.indexOf(": ", json) + 2)
            : VALUE.matcher(problem).replaceFirst("");
    return NAMES_AND_NUMBERS.matcher(kind).replaceAll("_");
  }

  /**
   * Returns null if {@code input} loads and round-trips, else the kind of problem the reader named.
   */
  private String outcome(byte[] input, boolean alsoFromFile) throws IOException {
    TensorFile file;
    try {
      file = Safetensors.fromBytes(input);
    } catch (IOException e) {
      String prefix = "safetensors bytes: ";
      if (!e.getMessage().startsWith(prefix)) {
        throw new AssertionError("message must name the source: " + e.getMessage(), e);
      }
      String problem = e.getMessage().substring(prefix.length());
      if (alsoFromFile) {
        Path path = writeInput(input);
        String pathPrefix = path + ": ";
        try {
          Safetensors.read(path);
          throw new AssertionError("read(Path) accepted what fromBytes rejected: " + problem);
        } catch (IOException fromFile) {
          assertThat(fromFile).hasMessage(pathPrefix + problem);
        }
      }
      return kindOf(problem);
    }
    TensorFile again = Safetensors.fromBytes(Safetensors.toBytes(file.tensors(), file.metadata()));
    assertSameContents(file, again);
    if (alsoFromFile) {
      assertSameContents(file, Safetensors.read(writeInput(input)));
    }
    return null;
  }

  private Path writeInput(byte[] input) throws IOException {
    return Files.write(dir.resolve("input.safetensors"), input);
  }

  private static List<byte[]> seeds() {
    SplittableRandom random = new SplittableRandom(7);
    Map<String, Tensor> many = new LinkedHashMap<>();
    many.put("weight_ih_l0", randomTensor(random, 8, 3));
    many.put("weight_hh_l0", randomTensor(random, 8, 2));
    many.put("bias_l0", randomTensor(random, 8));
    many.put("head.weight", randomTensor(random, 2, 2));
    many.put("scalar", randomTensor(random));
    many.put("empty", Tensor.zeros(0, 3));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("config", Json.write(Map.of("hiddenSize", 2, "chars", "ab\n")));
    metadata.put("name", "é😀\t\"q\"");

    byte[] doubles = new byte[40];
    ByteBuffer.wrap(doubles)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putDouble(0.1)
        .putDouble(-2.5)
        .putDouble(1e300)
        .putDouble(Double.MIN_VALUE)
        .putFloat(3f)
        .putFloat(Float.NaN);
    byte[] mixed =
        file(
            "{\"d\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[0,32]},"
                + "\"f\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[32,40]}}",
            doubles);

    return List.of(
        Safetensors.toBytes(Map.of(), Map.of()),
        Safetensors.toBytes(Map.of("w", Tensor.wrap(new float[] {1, 2, 3}, 3)), Map.of()),
        Safetensors.toBytes(many, metadata),
        Safetensors.toBytes(
            Map.of("a", Tensor.zeros(0), "b", Tensor.zeros(2, 0)), Map.of("k", "v")),
        Safetensors.toBytes(Map.of(), Map.of("config", "{\"hiddenSize\":4}")),
        mixed);
  }

  private static Tensor randomTensor(SplittableRandom random, int... shape) {
    Tensor tensor = Tensor.zeros(shape);
    for (int i = 0; i < tensor.size(); i++) {
      tensor.data()[i] = (float) random.nextGaussian();
    }
    return tensor;
  }

  private static byte[] mutate(byte[] seed, SplittableRandom random) {
    byte[] bytes = seed;
    for (int round = 1 + random.nextInt(3); round > 0; round--) {
      bytes =
          switch (random.nextInt(8)) {
            case 0 -> flipBit(bytes, random);
            case 1 -> overwriteByte(bytes, random);
            case 2 -> truncate(bytes, random);
            case 3 -> insert(bytes, random.nextInt(bytes.length + 1), randomBytes(random));
            case 4 -> withHeaderLength(bytes, forgedHeaderLength(bytes, random));
            case 5 -> spliceIntoHeader(bytes, random, TOKENS[random.nextInt(TOKENS.length)]);
            case 6 -> replaceNumberInHeader(bytes, random);
            default -> duplicateHeaderSlice(bytes, random);
          };
    }
    return bytes;
  }

  private static byte[] overwriteByte(byte[] bytes, SplittableRandom random) {
    if (bytes.length == 0) {
      return bytes;
    }
    byte[] interesting = "\"{}[],:0-9\\ e\u0000".getBytes(UTF_8);
    byte[] copy = bytes.clone();
    copy[random.nextInt(copy.length)] =
        random.nextBoolean()
            ? interesting[random.nextInt(interesting.length)]
            : (byte) random.nextInt(256);
    return copy;
  }

  private static byte[] randomBytes(SplittableRandom random) {
    byte[] bytes = new byte[1 + random.nextInt(16)];
    random.nextBytes(bytes);
    return bytes;
  }

  private static long forgedHeaderLength(byte[] bytes, SplittableRandom random) {
    long n = headerLength(bytes);
    long[] candidates = {
      0,
      1,
      7,
      8,
      n - 8,
      n - 1,
      n + 1,
      n + 8,
      bytes.length - 8L,
      bytes.length - 7L,
      100_000_000,
      100_000_001,
      Long.MAX_VALUE,
      Long.MIN_VALUE,
      -1,
      random.nextLong(),
      random.nextInt(Integer.MAX_VALUE)
    };
    return candidates[random.nextInt(candidates.length)];
  }

  private static byte[] spliceIntoHeader(byte[] bytes, SplittableRandom random, String token) {
    if (bytes.length < 8) {
      return bytes; // no header to edit
    }
    int n = (int) headerLength(bytes);
    int at = 8 + random.nextInt(n + 1);
    int removed = Math.min(random.nextInt(5), 8 + n - at);
    return replace(bytes, at, removed, token.getBytes(UTF_8), random);
  }

  private static byte[] replaceNumberInHeader(byte[] bytes, SplittableRandom random) {
    if (bytes.length < 8) {
      return bytes; // no header to edit
    }
    int n = (int) headerLength(bytes);
    int start = 8 + random.nextInt(n + 1);
    while (start < 8 + n && (bytes[start] < '0' || bytes[start] > '9')) {
      start++;
    }
    int end = start + numberAt(bytes, start, 8 + n).length;
    byte[] number =
        random.nextBoolean()
            ? NUMBERS[random.nextInt(NUMBERS.length)].getBytes(UTF_8)
            : numberAt(bytes, 8 + random.nextInt(n + 1), 8 + n); // e.g. another tensor's offset
    return replace(bytes, start, end - start, number, random);
  }

  /** The first run of digits at or after {@code from} and before {@code to}, maybe empty. */
  private static byte[] numberAt(byte[] bytes, int from, int to) {
    int start = from;
    while (start < to && (bytes[start] < '0' || bytes[start] > '9')) {
      start++;
    }
    int end = start;
    while (end < to && bytes[end] >= '0' && bytes[end] <= '9') {
      end++;
    }
    return Arrays.copyOfRange(bytes, start, end);
  }

  private static byte[] duplicateHeaderSlice(byte[] bytes, SplittableRandom random) {
    if (bytes.length < 8) {
      return bytes; // no header to edit
    }
    int n = (int) headerLength(bytes);
    int from = 8 + random.nextInt(n + 1);
    int length = Math.min(random.nextInt(64), 8 + n - from);
    byte[] slice = Arrays.copyOfRange(bytes, from, from + length);
    return replace(bytes, 8 + random.nextInt(n + 1), 0, slice, random);
  }

  /**
   * Replaces {@code removed} bytes at {@code at} with {@code inserted}; usually also corrects the
   * header length so that the edit reaches the JSON and validation code behind the length check.
   */
  private static byte[] replace(
      byte[] bytes, int at, int removed, byte[] inserted, SplittableRandom random) {
    byte[] result =
        concat(
            Arrays.copyOf(bytes, at),
            inserted,
            Arrays.copyOfRange(bytes, at + removed, bytes.length));
    return random.nextInt(4) == 0
        ? result
        : withHeaderLength(result, headerLength(bytes) + inserted.length - removed);
  }

  private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
    return concat(Arrays.copyOf(bytes, at), inserted, Arrays.copyOfRange(bytes, at, bytes.length));
  }

  /** The header length field, clamped to the bytes present (0 if there is no field). */
  private static long headerLength(byte[] bytes) {
    if (bytes.length < 8) {
      return 0;
    }
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    return n < 0 || n > bytes.length - 8 ? bytes.length - 8 : n;
  }

  private static byte[] withHeaderLength(byte[] bytes, long n) {
    if (bytes.length < 8) {
      return bytes;
    }
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
    return copy;
  }

  private static byte[] concat(byte[]... parts) {
    return SafetensorsTest.concat(parts);
  }
}
