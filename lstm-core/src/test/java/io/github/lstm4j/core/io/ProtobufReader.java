package io.github.lstm4j.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A test-side protobuf decoder, the mirror of {@link ProtobufWriter}: splits a message into its
 * fields without a schema, so tests can walk an ONNX file by field number. Strict: an unknown wire
 * type or a length past the end fails.
 */
final class ProtobufReader {
  /** One field: a varint value (wire types 0 and 5) or the bytes of a length-delimited field. */
  record Field(int number, int wireType, long value, byte[] bytes) {
    String string() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    List<Field> message() {
      return parse(bytes);
    }

    float fixed32Float() {
      return Float.intBitsToFloat((int) value);
    }
  }

  private ProtobufReader() {}

  static List<Field> parse(byte[] message) {
    List<Field> fields = new ArrayList<>();
    int[] position = {0};
    while (position[0] < message.length) {
      long tag = varint(message, position);
      int number = (int) (tag >>> 3);
      int wireType = (int) (tag & 7);
      switch (wireType) {
        case 0 -> fields.add(new Field(number, 0, varint(message, position), null));
        case 5 -> {
          int bits =
              ByteBuffer.wrap(message, position[0], 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
          position[0] += 4;
          fields.add(new Field(number, 5, bits, null));
        }
        case 2 -> {
          int length = Math.toIntExact(varint(message, position));
          if (length > message.length - position[0]) {
            throw new IllegalStateException("length " + length + " past the end");
          }
          byte[] bytes = Arrays.copyOfRange(message, position[0], position[0] + length);
          position[0] += length;
          fields.add(new Field(number, 2, 0, bytes));
        }
        default -> throw new IllegalStateException("unexpected wire type " + wireType);
      }
    }
    return fields;
  }

  /** The fields with this number, in order. */
  static List<Field> all(List<Field> message, int number) {
    return message.stream().filter(f -> f.number() == number).toList();
  }

  /** The one field with this number. */
  static Field one(List<Field> message, int number) {
    List<Field> found = all(message, number);
    if (found.size() != 1) {
      throw new IllegalStateException(found.size() + " fields numbered " + number);
    }
    return found.get(0);
  }

  /** The strings of the repeated string field with this number. */
  static List<String> strings(List<Field> message, int number) {
    return all(message, number).stream().map(Field::string).toList();
  }

  /** The values of the repeated varint field with this number. */
  static long[] longs(List<Field> message, int number) {
    return all(message, number).stream().mapToLong(Field::value).toArray();
  }

  private static long varint(byte[] bytes, int[] position) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = bytes[position[0]++];
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalStateException("varint longer than 10 bytes");
  }
}
