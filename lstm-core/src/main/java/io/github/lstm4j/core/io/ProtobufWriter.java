package io.github.lstm4j.core.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An encoder of one protocol buffers message, field by field, in the wire format of
 * https://protobuf.dev/programming-guides/encoding/: each field is a tag {@code (number << 3) |
 * wireType} as a varint, then the value, as a varint (wire type 0: integers, enums), four
 * little-endian bytes (wire type 5: {@code float}), or a varint length followed by that many bytes
 * (wire type 2: strings, bytes, nested messages).
 *
 * <p>It is not a general protobuf library: no schema, no decoding, and only the wire types ONNX's
 * messages need. A nested message is encoded into its own writer first, then copied in with its
 * length, so a message is held in memory about twice while it is written. Negative integers are
 * written as protobuf's {@code int64} writes them: the 64-bit two's complement as a 10-byte varint.
 *
 * <p>A message is limited to 2 GiB, protobuf's own limit on a serialized message; growing past it
 * is an {@link IllegalArgumentException}.
 */
final class ProtobufWriter {
  private static final int VARINT = 0;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  /** The largest message protobuf parsers accept, and the largest array Java can hold, roughly. */
  static final int MAX_BYTES = Integer.MAX_VALUE - 8;

  private byte[] bytes = new byte[64];
  private int size;

  /** Returns the number of bytes written so far. */
  int size() {
    return size;
  }

  /** Returns a copy of the bytes written so far. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  /** Writes an integer or enum field (int32, int64, enum: wire type 0). */
  ProtobufWriter varint(int field, long value) {
    tag(field, VARINT);
    rawVarint(value);
    return this;
  }

  /** Writes a {@code float} field (wire type 5). */
  ProtobufWriter fixed32(int field, float value) {
    tag(field, FIXED32);
    rawInt(Float.floatToRawIntBits(value));
    return this;
  }

  /** Writes a {@code string} field as UTF-8. */
  ProtobufWriter string(int field, String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    return bytes(field, utf8, utf8.length);
  }

  /** Writes an embedded message field. */
  ProtobufWriter message(int field, ProtobufWriter message) {
    return bytes(field, message.bytes, message.size);
  }

  /** Writes a {@code bytes} field holding {@code count} floats, each as 4 little-endian bytes. */
  ProtobufWriter floatsLittleEndian(int field, float[] values, int offset, int count) {
    lengthPrefix(field, 4L * count);
    ensure(4L * count);
    for (int j = 0; j < count; j++) {
      rawInt(Float.floatToRawIntBits(values[offset + j])); // raw bits: NaN payloads survive
    }
    return this;
  }

  /** Writes a {@code bytes} field holding the longs, each as 8 little-endian bytes. */
  ProtobufWriter longsLittleEndian(int field, long[] values) {
    lengthPrefix(field, 8L * values.length);
    for (long value : values) {
      rawInt((int) value);
      rawInt((int) (value >>> 32));
    }
    return this;
  }

  private ProtobufWriter bytes(int field, byte[] value, int length) {
    lengthPrefix(field, length);
    ensure(length);
    System.arraycopy(value, 0, bytes, size, length);
    size += length;
    return this;
  }

  private void lengthPrefix(int field, long length) {
    tag(field, LENGTH_DELIMITED);
    rawVarint(length);
  }

  private void tag(int field, int wireType) {
    assert field > 0 && field < (1 << 29) : field;
    rawVarint(((long) field << 3) | wireType);
  }

  /** Seven bits per byte, least significant group first, high bit set on all but the last. */
  private void rawVarint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[size++] = (byte) value;
  }

  private void rawInt(int value) {
    ensure(4);
    bytes[size++] = (byte) value;
    bytes[size++] = (byte) (value >>> 8);
    bytes[size++] = (byte) (value >>> 16);
    bytes[size++] = (byte) (value >>> 24);
  }

  private void ensure(long more) {
    long needed = size + more;
    if (needed > MAX_BYTES) {
      throw new IllegalArgumentException(
          "ONNX model must be smaller than 2 GiB, the protobuf message limit, got more than "
              + needed
              + " bytes; ONNX's external data files are not supported by this exporter");
    }
    if (needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_BYTES, Math.max(needed, 2L * bytes.length)));
    }
  }
}
