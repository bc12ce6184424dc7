package io.github.lstm4j.core.io;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serializes named float tensors as safetensors, byte for byte as the reference implementation does
 * for dtype F32: tensors sorted by name (as UTF-8 bytes), {@code "__metadata__"} first when
 * present, compact JSON, header padded with spaces to a multiple of 8 bytes, then the data of each
 * tensor in header order, little-endian.
 *
 * <p>The constructor validates the input and builds the header; {@link #writeTo} streams the bytes
 * and can be called more than once. Metadata keys are sorted too (the reference keeps them in hash
 * order), so equal input gives identical files.
 */
final class SafetensorsWriter {
  /** Orders strings by code point, which is the byte order of their UTF-8 encodings. */
  private static final Comparator<String> BY_CODE_POINT =
      (a, b) -> Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());

  private static final int CHUNK_BYTES = 1 << 16;

  private final List<Map.Entry<String, Tensor>> tensors; // in file order
  private final byte[] header; // UTF-8 JSON, padded to a multiple of 8 with spaces
  private final long dataBytes;

  /**
   * Validates the input and builds the header.
   *
   * @throws IllegalArgumentException if a name is reserved or not well-formed UTF-16, or the header
   *     would exceed {@link SafetensorsReader#MAX_HEADER_BYTES}
   */
  SafetensorsWriter(Map<String, Tensor> tensors, Map<String, String> metadata) {
    TensorFile contents = new TensorFile(tensors, metadata); // null checks
    this.tensors = new ArrayList<>(contents.tensors().entrySet());
    this.tensors.sort(Map.Entry.comparingByKey(BY_CODE_POINT));

    Map<String, Object> json = new LinkedHashMap<>();
    if (!contents.metadata().isEmpty()) {
      List<String> keys = new ArrayList<>(contents.metadata().keySet());
      keys.sort(BY_CODE_POINT);
      Map<String, String> sortedMetadata = new LinkedHashMap<>();
      for (String key : keys) {
        String value = contents.metadata().get(key);
        sortedMetadata.put(
            checkText("metadata key", key),
            checkText("metadata value of \"" + Json.abbreviate(key) + "\"", value));
      }
      json.put(SafetensorsReader.METADATA_KEY, sortedMetadata);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> entry : this.tensors) {
      String name = checkText("tensor name", entry.getKey());
      Checks.argument(
          !name.equals(SafetensorsReader.METADATA_KEY),
          "tensor name must not be \"__metadata__\", which the format reserves for metadata");
      Tensor tensor = entry.getValue();
      long end = offset + 4L * tensor.size();
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("dtype", "F32");
      info.put("shape", Arrays.stream(tensor.shape()).boxed().toList());
      info.put("data_offsets", List.of(offset, end));
      json.put(name, info);
      offset = end;
    }
    this.dataBytes = offset;

    byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
    int padded = (text.length + 7) & ~7;
    Checks.argument(
        padded <= SafetensorsReader.MAX_HEADER_BYTES,
        "header must be at most "
            + SafetensorsReader.MAX_HEADER_BYTES
            + " bytes, got "
            + padded
            + "; shorten the tensor names or the metadata");
    this.header = Arrays.copyOf(text, padded);
    Arrays.fill(this.header, text.length, padded, (byte) ' ');
  }

  private static String checkText(String name, String text) {
    int bad = Json.unpairedSurrogate(text);
    Checks.argument(
        bad < 0, name + " must be well-formed UTF-16, got an unpaired surrogate at index " + bad);
    return text;
  }

  /** Returns the file size in bytes: length field, header and data. */
  long size() {
    return 8L + header.length + dataBytes;
  }

  /**
   * Receives the file's bytes in order.
   *
   * @param <X> what writing can throw ({@link IOException} for a file, nothing for an array)
   */
  interface Sink<X extends Exception> {
    /** Consumes all remaining bytes of {@code bytes}, which the writer then reuses. */
    void write(ByteBuffer bytes) throws X;
  }

  /** Writes the whole file, {@link #size()} bytes, to {@code sink}. */
  <X extends Exception> void writeTo(Sink<X> sink) throws X {
    int chunkBytes = (int) Math.min(CHUNK_BYTES, Math.max(8, dataBytes)); // a multiple of 4
    ByteBuffer chunk = ByteBuffer.allocate(chunkBytes).order(ByteOrder.LITTLE_ENDIAN);
    sink.write(chunk.putLong(header.length).flip());
    sink.write(ByteBuffer.wrap(header));
    int perChunk = chunkBytes / 4;
    for (Map.Entry<String, Tensor> entry : tensors) {
      float[] data = entry.getValue().data();
      for (int from = 0; from < data.length; from += perChunk) {
        int count = Math.min(perChunk, data.length - from);
        chunk.clear();
        chunk.asFloatBuffer().put(data, from, count); // raw bits: NaN payloads survive
        sink.write(chunk.limit(4 * count));
      }
    }
  }
}
