package io.github.lstm4j.vision;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Small seeded IDX files built in memory, so no test depends on the real data sets. */
final class IdxTestFiles {
  private IdxTestFiles() {}

  /** An IDX file: header with {@code magic} and {@code dims}, then {@code data} as given. */
  static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + data.length); // big-endian
    buffer.putInt(magic);
    for (int dim : dims) {
      buffer.putInt(dim);
    }
    buffer.put(data);
    return buffer.array();
  }

  /** An image file of n seeded images of rows × cols. */
  static byte[] images(int n, int rows, int cols, long seed) {
    return idx(IdxFile.IMAGES_MAGIC, new int[] {n, rows, cols}, randomBytes(n * rows * cols, seed));
  }

  /** A label file of n seeded labels in [0, numClasses). */
  static byte[] labels(int n, int numClasses, long seed) {
    return idx(IdxFile.LABELS_MAGIC, new int[] {n}, randomLabels(n, numClasses, seed));
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] bytes = new byte[n];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  static byte[] randomLabels(int n, int numClasses, long seed) {
    byte[] labels = new byte[n];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) random.nextInt(numClasses);
    }
    return labels;
  }

  /** The IDX payload after the header of a file built by {@link #idx}. */
  static byte[] payload(byte[] idxFile) {
    int rank = idxFile[3];
    byte[] data = new byte[idxFile.length - 4 - 4 * rank];
    System.arraycopy(idxFile, 4 + 4 * rank, data, 0, data.length);
    return data;
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static Path write(Path file, byte[] bytes) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
