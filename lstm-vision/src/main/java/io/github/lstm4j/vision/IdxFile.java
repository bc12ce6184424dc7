package io.github.lstm4j.vision;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * The contents of one IDX file of unsigned bytes: its magic number, dimensions and data.
 *
 * <p>IDX is the format of MNIST, Fashion-MNIST and EMNIST. A file is a big-endian header followed
 * by the data, row-major:
 *
 * <pre>
 * bytes 0, 1   0, 0
 * byte  2      data type: 0x08 = unsigned byte (the only type read here)
 * byte  3      number of dimensions d (1..4 accepted)
 * d × int32    the dimensions, each &gt; 0
 * data         product(dimensions) bytes, nothing after them
 * </pre>
 *
 * Files may be gzipped; a gzip stream is recognized by its first two bytes {@code 0x1f 0x8b} (a raw
 * IDX file starts with {@code 0x00}).
 *
 * <p>The header is never trusted for memory: data is read in chunks into a buffer that grows only
 * as bytes arrive, so a forged header claiming gigabytes in a 100-byte file fails with an {@link
 * IOException} after allocating kilobytes. Any disagreement between header and data (truncated
 * data, trailing bytes) is an {@link IOException} naming the source and both byte counts.
 *
 * <p>This is not a general IDX library: other data types (signed byte, short, int, float, double)
 * are rejected.
 *
 * <pre>{@code
 * IdxFile images = IdxFile.readImages(dir.resolve("train-images-idx3-ubyte.gz"));
 * int n = images.dim(0), rows = images.dim(1), cols = images.dim(2);
 * }</pre>
 */
public final class IdxFile {
  /** Magic number of an image file: unsigned bytes, 3 dimensions (N, rows, cols). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of a label file: unsigned bytes, 1 dimension (N). */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int UNSIGNED_BYTE = 0x08;
  private static final int MAX_DIMENSIONS = 4;
  private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
  private static final int FIRST_CHUNK = 1 << 16;
  private static final int TRAILING_BYTES_COUNTED = 1 << 16;

  private final int magic;
  private final int[] dims;
  private final byte[] data;

  private IdxFile(int magic, int[] dims, byte[] data) {
    this.magic = magic;
    this.dims = dims;
    this.data = data;
  }

  /**
   * Reads an IDX file of unsigned bytes, raw or gzipped, with any magic number.
   *
   * @param file the file
   * @return its header and data
   * @throws IOException if the file cannot be read or is not a valid IDX file of unsigned bytes;
   *     the message starts with the file name
   */
  public static IdxFile read(Path file) throws IOException {
    return read(file, Content.ANY);
  }

  /**
   * Reads an IDX image file: magic {@value #IMAGES_MAGIC} (2051), dimensions (N, rows, cols).
   *
   * @param file the file, raw or gzipped
   * @return its header and data
   * @throws IOException if the file cannot be read, is not a valid IDX file, or is not an image
   *     file ({@code "not an MNIST image file: magic 2051 expected, got 2049"})
   */
  public static IdxFile readImages(Path file) throws IOException {
    return read(file, Content.IMAGES);
  }

  /**
   * Reads an IDX label file: magic {@value #LABELS_MAGIC} (2049), dimension (N).
   *
   * @param file the file, raw or gzipped
   * @return its header and data
   * @throws IOException if the file cannot be read, is not a valid IDX file, or is not a label file
   *     ({@code "not an MNIST label file: magic 2049 expected, got 2051"})
   */
  public static IdxFile readLabels(Path file) throws IOException {
    return read(file, Content.LABELS);
  }

  /**
   * Reads an IDX file of unsigned bytes, raw or gzipped, with any magic number, from a stream that
   * must end right after the data. The stream is read to its end but not closed.
   *
   * @param in the stream
   * @return its header and data
   * @throws IOException if the stream cannot be read or is not a valid IDX file of unsigned bytes
   */
  public static IdxFile read(InputStream in) throws IOException {
    return read(in, "IDX stream", Content.ANY);
  }

  /**
   * Reads an IDX image file (magic 2051, dimensions (N, rows, cols)) from a stream that must end
   * right after the data. The stream is read to its end but not closed.
   *
   * @param in the stream, raw or gzipped
   * @return its header and data
   * @throws IOException if the stream cannot be read, is not a valid IDX file, or is not an image
   *     file
   */
  public static IdxFile readImages(InputStream in) throws IOException {
    return read(in, "IDX stream", Content.IMAGES);
  }

  /**
   * Reads an IDX label file (magic 2049, dimension (N)) from a stream that must end right after the
   * data. The stream is read to its end but not closed.
   *
   * @param in the stream, raw or gzipped
   * @return its header and data
   * @throws IOException if the stream cannot be read, is not a valid IDX file, or is not a label
   *     file
   */
  public static IdxFile readLabels(InputStream in) throws IOException {
    return read(in, "IDX stream", Content.LABELS);
  }

  /**
   * Returns the magic number: {@code (0x08 << 8) | rank()} for unsigned-byte files.
   *
   * @return the magic number, e.g. 2051 for images, 2049 for labels
   */
  public int magic() {
    return magic;
  }

  /**
   * Returns the number of dimensions.
   *
   * @return 1..4
   */
  public int rank() {
    return dims.length;
  }

  /**
   * Returns one dimension.
   *
   * @param axis the axis, {@code 0 <= axis < rank()}
   * @return the size along {@code axis}, {@code > 0}
   * @throws IllegalArgumentException if {@code axis} is out of range
   */
  public int dim(int axis) {
    if (axis < 0 || axis >= dims.length) {
      throw new IllegalArgumentException("axis must be in [0, " + dims.length + "), got " + axis);
    }
    return dims[axis];
  }

  /**
   * Returns a copy of the dimensions.
   *
   * @return the dimensions, outermost first, e.g. (N, rows, cols)
   */
  public int[] dims() {
    return dims.clone();
  }

  /**
   * Returns the data (live, not a copy), row-major; read each value as {@code data[i] & 0xFF}.
   *
   * @return the unsigned bytes, exactly the product of the dimensions long
   */
  public byte[] data() {
    return data;
  }

  private static IdxFile read(Path file, Content content) throws IOException {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString(), content);
    }
  }

  /** Reads a whole IDX file from {@code in}; {@code source} names it in error messages. */
  private static IdxFile read(InputStream in, String source, Content content) throws IOException {
    Objects.requireNonNull(in, "in");
    PushbackInputStream peek = new PushbackInputStream(new Unclosable(in), 2);
    byte[] signature = peek.readNBytes(2);
    peek.unread(signature);
    boolean gzipped =
        signature.length == 2 && (signature[0] & 0xFF) == 0x1f && (signature[1] & 0xFF) == 0x8b;
    try (InputStream body = gzipped ? new GZIPInputStream(peek, 1 << 16) : peek) {
      return parse(body, source, content);
    } catch (EOFException e) {
      // GZIPInputStream reports a cut-off compressed stream this way.
      throw new IOException(source + ": truncated gzip stream (" + e.getMessage() + ")", e);
    }
  }

  private static IdxFile parse(InputStream in, String source, Content content) throws IOException {
    byte[] head = in.readNBytes(4);
    if (head.length < 4) {
      throw new IOException(
          source + ": truncated: IDX header needs 4 bytes of magic, got " + head.length);
    }
    if (head[0] != 0 || head[1] != 0) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "%s: not an IDX file: first two bytes must be 0x00 0x00, got 0x%02x 0x%02x",
              source,
              head[0] & 0xFF,
              head[1] & 0xFF));
    }
    int type = head[2] & 0xFF;
    int rank = head[3] & 0xFF;
    int magic = (type << 8) | rank;
    if (content != Content.ANY && magic != content.magic) {
      throw new IOException(
          source
              + ": not an MNIST "
              + content.noun
              + " file: magic "
              + content.magic
              + " expected, got "
              + magic);
    }
    if (type != UNSIGNED_BYTE) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "%s: unsupported IDX data type 0x%02x (%s); only 0x08 (unsigned byte) is supported",
              source,
              type,
              typeName(type)));
    }
    if (rank < 1 || rank > MAX_DIMENSIONS) {
      throw new IOException(
          source + ": IDX dimension count must be in 1.." + MAX_DIMENSIONS + ", got " + rank);
    }
    byte[] dimBytes = in.readNBytes(4 * rank);
    if (dimBytes.length < 4 * rank) {
      throw new IOException(
          source
              + ": truncated: IDX header needs "
              + (4 + 4 * rank)
              + " bytes, got "
              + (4 + dimBytes.length));
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] =
          ((dimBytes[4 * i] & 0xFF) << 24)
              | ((dimBytes[4 * i + 1] & 0xFF) << 16)
              | ((dimBytes[4 * i + 2] & 0xFF) << 8)
              | (dimBytes[4 * i + 3] & 0xFF);
      if (dims[i] <= 0) {
        throw new IOException(source + ": IDX dimension " + i + " must be > 0, got " + dims[i]);
      }
    }
    long size = 1;
    for (int dim : dims) {
      // The running size is <= MAX_ARRAY_LENGTH < 2^31 and each factor < 2^31: no overflow.
      size *= dim;
      if (size > MAX_ARRAY_LENGTH) {
        throw new IOException(
            source
                + ": IDX header "
                + shapeString(dims)
                + " claims more than "
                + MAX_ARRAY_LENGTH
                + " bytes of data, more than one array can hold");
      }
    }
    byte[] data = readData(in, (int) size, source, dims);
    return new IdxFile(magic, dims, data);
  }

  /**
   * Reads exactly {@code size} bytes and then requires the end of the stream. The buffer starts
   * small and doubles (capped at {@code size}) only when it is full, so memory follows the bytes
   * actually present, not the header's claim.
   */
  private static byte[] readData(InputStream in, int size, String source, int[] dims)
      throws IOException {
    byte[] buffer = new byte[Math.min(size, FIRST_CHUNK)];
    int filled = 0;
    while (filled < size) {
      if (filled == buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(size, 2L * buffer.length));
      }
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        throw new IOException(
            source
                + ": truncated: IDX header "
                + shapeString(dims)
                + " expected "
                + size
                + " bytes of data, got "
                + filled);
      }
      filled += n;
    }
    long trailing = countTrailing(in);
    if (trailing > 0) {
      String got =
          trailing > TRAILING_BYTES_COUNTED
              ? "more than " + ((long) size + TRAILING_BYTES_COUNTED)
              : Long.toString(size + trailing);
      throw new IOException(
          source
              + ": trailing bytes: IDX header "
              + shapeString(dims)
              + " expected "
              + size
              + " bytes of data, got "
              + got);
    }
    return buffer;
  }

  /** Counts bytes left in the stream, stopping once more than the counting limit were seen. */
  private static long countTrailing(InputStream in) throws IOException {
    byte[] scratch = new byte[8192];
    long count = 0;
    int n;
    while (count <= TRAILING_BYTES_COUNTED && (n = in.read(scratch)) >= 0) {
      count += n;
    }
    return count;
  }

  private static String shapeString(int[] dims) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      s.append(i == 0 ? "" : ", ").append(dims[i]);
    }
    return s.append(')').toString();
  }

  private static String typeName(int type) {
    switch (type) {
      case 0x08:
        return "unsigned byte";
      case 0x09:
        return "signed byte";
      case 0x0B:
        return "short";
      case 0x0C:
        return "int";
      case 0x0D:
        return "float";
      case 0x0E:
        return "double";
      default:
        return "unknown";
    }
  }

  /** What a caller expects a file to hold: any unsigned-byte IDX data, images or labels. */
  private enum Content {
    ANY(0, "IDX"),
    IMAGES(IMAGES_MAGIC, "image"),
    LABELS(LABELS_MAGIC, "label");

    final int magic;
    final String noun;

    Content(int magic, String noun) {
      this.magic = magic;
      this.noun = noun;
    }
  }

  /**
   * Lets this reader close its own wrappers (releasing the inflater) without closing the caller's
   * stream.
   */
  private static final class Unclosable extends FilterInputStream {
    Unclosable(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
