package io.github.lstm4j.core.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.lstm4j.core.io.Safetensors;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Seeded random edits of a safetensors model file, shared by the fuzz tests of every module that
 * loads one (lstm-vision reaches them through lstm-core's test jar): flip a bit, truncate, replace
 * a number in the header, remove, rename, reshape, add or poison a tensor, and edit the metadata or
 * a member of a JSON value in it.
 *
 * <p>Each edit returns new bytes, or its input when it does not apply (no intact header, no
 * tensors), and draws from the caller's generator in a fixed order, so a seed gives the same
 * mutants on every run. Which metadata to edit is up to each test: the keys differ by file kind.
 */
public final class ModelFileMutations {
  private ModelFileMutations() {}

  /** Flips one random bit. */
  public static byte[] flipBit(byte[] bytes, SplittableRandom random) {
    if (bytes.length == 0) {
      return bytes;
    }
    byte[] copy = bytes.clone();
    copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
    return copy;
  }

  /** Keeps a random prefix, from none of the bytes to all of them. */
  public static byte[] truncate(byte[] bytes, SplittableRandom random) {
    return Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
  }

  /**
   * Replaces a run of digits in the header (a shape, an offset, a config value) with one of {@code
   * values}, or with 7 if that value is not an integer, and corrects the header length.
   */
  public static byte[] replaceNumberInHeader(
      byte[] bytes, SplittableRandom random, String[] values) {
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
    String value = values[random.nextInt(values.length)];
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

  /**
   * Removes, renames, reshapes or shrinks a tensor, adds one named from {@code extraNames}, or
   * fills one with NaN or infinity; the result is valid safetensors with the same metadata.
   */
  public static byte[] mutateTensors(byte[] bytes, SplittableRandom random, String[] extraNames)
      throws IOException {
    TensorFile file = validOrNull(bytes);
    if (file == null) {
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
      case 4 ->
          tensors.put(
              extraNames[random.nextInt(extraNames.length)], Tensor.zeros(random.nextInt(4)));
      default -> {
        Tensor bad = Tensor.zeros(tensor.shape());
        Arrays.fill(bad.data(), random.nextBoolean() ? Float.NaN : Float.POSITIVE_INFINITY);
        tensors.put(name, bad);
      }
    }
    return Safetensors.toBytes(tensors, file.metadata());
  }

  /**
   * Re-serializes a valid file after {@code edit} has changed a copy of its metadata; returns other
   * bytes unchanged.
   */
  public static byte[] editMetadata(byte[] bytes, Consumer<Map<String, String>> edit)
      throws IOException {
    TensorFile file = validOrNull(bytes);
    if (file == null) {
      return bytes;
    }
    Map<String, String> metadata = new LinkedHashMap<>(file.metadata());
    edit.accept(metadata);
    return Safetensors.toBytes(file.tensors(), metadata);
  }

  /**
   * Splices {@code value} into the first member {@code key} of a flat JSON object's text, in one of
   * three forms: 0 also adds a member {@code "extra":1} after it, 1 renames the member to {@code
   * "extra"}, any other form only replaces the value. Text without the key is returned as is.
   */
  public static String spliceMember(String json, String key, String value, int form) {
    String replacement =
        switch (form) {
          case 0 -> "\"" + key + "\":" + value + ",\"extra\":1";
          case 1 -> "\"extra\":" + value;
          default -> "\"" + key + "\":" + value;
        };
    return json.replaceFirst("\"" + key + "\":[^,}]*", replacement);
  }

  private static TensorFile validOrNull(byte[] bytes) {
    try {
      return Safetensors.fromBytes(bytes);
    } catch (IOException alreadyBroken) {
      return null;
    }
  }

  private static int[] reversed(int[] shape) {
    int[] out = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      out[i] = shape[shape.length - 1 - i];
    }
    return out;
  }
}
