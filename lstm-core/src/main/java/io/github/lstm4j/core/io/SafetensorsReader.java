package io.github.lstm4j.core.io;

import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates a safetensors file, then loads its tensors as float tensors.
 *
 * <p>Everything the header claims is checked against the real size before anything is allocated
 * from it: the header length against the file, every tensor's byte range against the data buffer.
 * The tensors must cover the data buffer contiguously (in any header order) and each range must
 * hold exactly {@code product(shape) * bytes(dtype)} bytes, as the reference implementation
 * requires; so the floats allocated never exceed the bytes the file really holds. dtype F32 is read
 * as is, F64 is rounded to float, every other dtype is rejected. Every problem is an {@link
 * IOException} whose message starts with the file's name; a file whose 8-byte length field is not
 * followed by {@code '{'} is "not a safetensors file" at all, and a PyTorch {@code torch.save}
 * file (zip or pickle) is recognised as one, with how to convert it.
 */
final class SafetensorsReader {
  /** The header key that holds the string-to-string metadata instead of a tensor. */
  static final String METADATA_KEY = "__metadata__";

  /** The reference implementation's limit on the header length. */
  static final int MAX_HEADER_BYTES = 100_000_000;

  private static final int MAX_TENSOR_SIZE = Integer.MAX_VALUE - 8; // Tensor's limit
  private static final int CHUNK_BYTES = 1 << 16; // chunks are multiples of 8, every dtype size
  private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");

  /** Positional reads, as {@link java.nio.channels.FileChannel#read(ByteBuffer, long)} does. */
  interface Source {
    /**
     * Reads bytes at {@code position} into {@code dst}.
     *
     * @return the number of bytes read, or -1 at the end of the source
     */
    int read(ByteBuffer dst, long position) throws IOException;
  }

  private enum Dtype {
    F32(4),
    F64(8);

    final int bytes;

    Dtype(int bytes) {
      this.bytes = bytes;
    }
  }

  private record Entry(String name, Dtype dtype, int[] shape, int size, long begin, long end) {}

  private final String origin;
  private final long fileSize;
  private final Source source;

  /**
   * Creates a reader of one file.
   *
   * @param origin the file's name, prefixed to every error message
   * @param fileSize the number of bytes in the source
   * @param source the bytes
   */
  SafetensorsReader(String origin, long fileSize, Source source) {
    this.origin = origin;
    this.fileSize = fileSize;
    this.source = source;
  }

  TensorFile read() throws IOException {
    if (fileSize < 8) {
      throw fail("file must hold at least the 8-byte header length, got " + fileSize + " bytes");
    }
    // The length field and the header's first byte, which must be '{' (the reference's
    // InvalidHeaderStart check): a file that does not start so is not safetensors at all, and
    // says so rather than reporting its first 8 bytes as an absurd header length.
    ByteBuffer start = ByteBuffer.allocate((int) Math.min(9, fileSize));
    readFully(start, 0);
    if (fileSize == 8 || start.get(8) != '{') {
      throw fail("not a safetensors file: " + describeStart(start.array()));
    }
    long headerLength = start.order(ByteOrder.LITTLE_ENDIAN).getLong(0); // unsigned: < 0 is >= 2^63
    if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
      throw fail(
          "header length must be at most "
              + MAX_HEADER_BYTES
              + " bytes, got "
              + Long.toUnsignedString(headerLength));
    }
    if (headerLength > fileSize - 8) {
      throw fail(
          "header length must fit in the "
              + (fileSize - 8)
              + " bytes after the length field, got "
              + headerLength);
    }
    byte[] headerBytes = new byte[(int) headerLength];
    readFully(ByteBuffer.wrap(headerBytes), 8);
    Map<String, Object> header = parseHeader(headerBytes);

    long dataStart = 8 + headerLength;
    long dataBytes = fileSize - dataStart;
    Map<String, String> metadata = Map.of();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, Object> member : header.entrySet()) {
      if (member.getKey().equals(METADATA_KEY)) {
        metadata = metadata(member.getValue());
      } else {
        entries.add(entry(member.getKey(), member.getValue(), dataBytes));
      }
    }
    checkCoverage(entries, dataBytes);

    int chunkBytes = (int) Math.min(CHUNK_BYTES, Math.max(8, (dataBytes + 7) & ~7L));
    ByteBuffer chunk = ByteBuffer.allocate(chunkBytes).order(ByteOrder.LITTLE_ENDIAN);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Entry entry : entries) {
      tensors.put(entry.name(), load(entry, dataStart, chunk));
    }
    return new TensorFile(tensors, metadata);
  }

  /**
   * Says what a file that is not safetensors looks like from its first bytes: a PyTorch file
   * (written by {@code torch.save}: a zip archive since PyTorch 1.6, a bare pickle before or with
   * {@code _use_new_zipfile_serialization=False}) with how to convert it, else the bytes
   * themselves.
   */
  static String describeStart(byte[] start) {
    String convert =
        "; convert a PyTorch model in Python with"
            + " safetensors.torch.save_file(model.state_dict(), \"model.safetensors\")";
    if (start.length >= 4 && start[0] == 'P' && start[1] == 'K' && start[2] == 3 && start[3] == 4) {
      return "it is a zip archive, the format torch.save writes" + convert;
    }
    if (start.length >= 2 && (start[0] & 0xff) == 0x80 && start[1] >= 2 && start[1] <= 5) {
      return "it is a Python pickle, the format torch.save writes with"
          + " _use_new_zipfile_serialization=False"
          + convert;
    }
    StringBuilder text = new StringBuilder();
    for (byte b : start) {
      text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
    }
    return "it must start with an 8-byte little-endian header length and then '{', got the bytes "
        + HexFormat.ofDelimiter(" ").formatHex(start)
        + " ("
        + Json.write(text.toString())
        + ")";
  }

  private Map<String, Object> parseHeader(byte[] bytes) throws IOException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw fail("header must be valid UTF-8, got malformed bytes (" + e.getMessage() + ")");
    }
    if (!text.startsWith("{")) {
      throw fail("header must be a JSON object starting with '{', got " + quote(text));
    }
    try {
      return Json.parseObject(text);
    } catch (IOException e) {
      throw fail("header must be strict JSON, got " + e.getMessage());
    }
  }

  private Map<String, String> metadata(Object value) throws IOException {
    if (!(value instanceof Map<?, ?> members)) {
      throw fail("__metadata__ must be an object of strings, got " + json(value));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<?, ?> member : members.entrySet()) {
      String key = (String) member.getKey(); // JSON keys are strings
      if (!(member.getValue() instanceof String text)) {
        throw fail(
            "__metadata__ value of "
                + quote(key)
                + " must be a string, got "
                + json(member.getValue()));
      }
      metadata.put(key, text);
    }
    return metadata;
  }

  private Entry entry(String name, Object value, long dataBytes) throws IOException {
    String tensor = "tensor " + quote(name);
    if (!(value instanceof Map<?, ?> fields)) {
      throw fail(
          tensor + " must be an object of dtype, shape and data_offsets, got " + json(value));
    }
    for (Object field : fields.keySet()) {
      if (!FIELDS.contains(field)) {
        throw fail(tensor + " must have only dtype, shape and data_offsets, got " + quote(field));
      }
    }
    Dtype dtype = dtype(tensor, field(fields, "dtype", tensor));
    Object shapeValue = field(fields, "shape", tensor);
    long[] shape = naturals(tensor + " shape", shapeValue, -1);
    long[] offsets = naturals(tensor + " data_offsets", field(fields, "data_offsets", tensor), 2);
    String shapeText = json(shapeValue);
    String offsetsText = "[" + offsets[0] + ", " + offsets[1] + "]";

    long size = 1;
    long byteCount;
    try { // in 64 bits, as the reference's checked_mul in usize
      for (long dim : shape) {
        size = Math.multiplyExact(size, dim);
      }
      byteCount = Math.multiplyExact(size, dtype.bytes);
    } catch (ArithmeticException overflow) {
      throw fail(tensor + " shape must have fewer than 2^63 bytes, got " + shapeText);
    }
    if (offsets[0] > offsets[1]) {
      throw fail(tensor + " data_offsets must have begin <= end, got " + offsetsText);
    }
    if (offsets[1] > dataBytes) {
      throw fail(
          tensor
              + " data_offsets must lie in the data buffer of "
              + dataBytes
              + " bytes, got "
              + offsetsText);
    }
    if (offsets[1] - offsets[0] != byteCount) {
      throw fail(
          tensor
              + " data_offsets must span "
              + byteCount
              + " bytes for shape "
              + shapeText
              + " and dtype "
              + dtype
              + ", got "
              + offsetsText);
    }
    if (size > MAX_TENSOR_SIZE) {
      throw fail(tensor + " must have at most " + MAX_TENSOR_SIZE + " elements, got " + size);
    }
    int[] dims = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] > Integer.MAX_VALUE) { // only possible next to a zero dimension
        throw fail(tensor + " shape dimensions must be at most 2^31 - 1, got " + shapeText);
      }
      dims[i] = (int) shape[i];
    }
    return new Entry(name, dtype, dims, (int) size, offsets[0], offsets[1]);
  }

  private Object field(Map<?, ?> fields, String key, String tensor) throws IOException {
    if (!fields.containsKey(key)) {
      throw fail(tensor + " must have a \"" + key + "\" field, got " + json(fields));
    }
    return fields.get(key);
  }

  private Dtype dtype(String tensor, Object value) throws IOException {
    if ("F32".equals(value)) {
      return Dtype.F32;
    } else if ("F64".equals(value)) {
      return Dtype.F64;
    }
    throw fail(tensor + " dtype must be F32 or F64, got " + json(value));
  }

  /** Reads a JSON array of non-negative integers; {@code length} -1 allows any length. */
  private long[] naturals(String name, Object value, int length) throws IOException {
    if (value instanceof List<?> list && (length < 0 || list.size() == length)) {
      long[] numbers = new long[list.size()];
      int i = 0;
      while (i < numbers.length && list.get(i) instanceof Long number && number >= 0) {
        numbers[i++] = number;
      }
      if (i == numbers.length) {
        return numbers;
      }
    }
    throw fail(
        name
            + " must be an array of "
            + (length < 0 ? "" : length + " ")
            + "non-negative integers, got "
            + json(value));
  }

  /** Sorts by offsets and requires the ranges to tile {@code [0, dataBytes)} without overlap. */
  private void checkCoverage(List<Entry> entries, long dataBytes) throws IOException {
    List<Entry> byOffset = new ArrayList<>(entries);
    byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long covered = 0;
    for (Entry entry : byOffset) {
      if (entry.begin() > covered) {
        throw fail(uncovered(covered, entry.begin()));
      }
      if (entry.begin() < covered) {
        throw fail(
            "tensor "
                + quote(entry.name())
                + " data_offsets must not overlap the previous tensor, which ends at "
                + covered
                + ", got ["
                + entry.begin()
                + ", "
                + entry.end()
                + "]");
      }
      covered = entry.end();
    }
    if (covered != dataBytes) {
      throw fail(uncovered(covered, dataBytes));
    }
  }

  private static String uncovered(long from, long to) {
    return "tensors must cover the data buffer contiguously, got no tensor in bytes ["
        + from
        + ", "
        + to
        + ")";
  }

  private Tensor load(Entry entry, long dataStart, ByteBuffer chunk) throws IOException {
    float[] data = new float[entry.size()];
    int perChunk = chunk.capacity() / entry.dtype().bytes;
    long position = dataStart + entry.begin();
    for (int from = 0; from < data.length; from += perChunk) {
      int count = Math.min(perChunk, data.length - from);
      chunk.clear().limit(count * entry.dtype().bytes);
      readFully(chunk, position);
      position += chunk.limit();
      chunk.flip();
      if (entry.dtype() == Dtype.F32) {
        chunk.asFloatBuffer().get(data, from, count);
      } else {
        DoubleBuffer doubles = chunk.asDoubleBuffer();
        for (int i = 0; i < count; i++) {
          data[from + i] = (float) doubles.get(i);
        }
      }
    }
    return Tensor.wrap(data, entry.shape());
  }

  private void readFully(ByteBuffer dst, long position) throws IOException {
    while (dst.hasRemaining()) {
      int read = source.read(dst, position);
      if (read < 0) {
        throw fail("file ended at byte " + position + " of " + fileSize + "; was it truncated?");
      }
      position += read;
    }
  }

  private static String quote(Object text) {
    return Json.write(Json.abbreviate(String.valueOf(text)));
  }

  private static String json(Object value) {
    return Json.abbreviate(Json.write(value));
  }

  private IOException fail(String problem) {
    return new IOException(origin + ": " + problem);
  }
}
