package io.github.lstm4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden bytes from the examples of https://protobuf.dev/programming-guides/encoding/. */
class ProtobufWriterTest {
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @CsvSource({
    "1, 0, 0800",
    "1, 1, 0801",
    "1, 127, 087f",
    "1, 150, 089601", // the guide's "Test1 { a: 150 }"
    "1, 300, 08ac02",
    "2, 1, 1001",
    "15, 1, 7801",
    "16, 1, 800101", // the first field number whose tag takes two bytes
    "20, 2, a00102", // ONNX's AttributeProto.type = INT
    "1, -1, 08ffffffffffffffffff01", // int64 -1: ten bytes of two's complement
    "1, 9223372036854775807, 08ffffffffffffffff7f"
  })
  void writesVarintFields(int field, long value, String hex) {
    assertThat(new ProtobufWriter().varint(field, value).toByteArray())
        .isEqualTo(HEX.parseHex(hex));
  }

  @Test
  void writesStringsAsLengthAndUtf8() {
    // the guide's "Test2 { b: "testing" }", then a two-byte UTF-8 character
    assertThat(new ProtobufWriter().string(2, "testing").string(1, "é").toByteArray())
        .isEqualTo(HEX.parseHex("120774657374696e67" + "0a02c3a9"));
  }

  @Test
  void embedsAMessageWithItsLength() {
    ProtobufWriter inner = new ProtobufWriter().varint(1, 150);

    // the guide's "Test3 { c: { a: 150 } }"
    assertThat(new ProtobufWriter().message(3, inner).toByteArray())
        .isEqualTo(HEX.parseHex("1a03089601"));
    assertThat(new ProtobufWriter().message(1, new ProtobufWriter()).toByteArray())
        .isEqualTo(HEX.parseHex("0a00"));
  }

  @Test
  void writesFloatsAsFourLittleEndianBytes() {
    assertThat(new ProtobufWriter().fixed32(2, 1f).fixed32(2, -2.5f).toByteArray())
        .isEqualTo(HEX.parseHex("150000803f" + "15000020c0"));
  }

  @Test
  void writesRawFloatAndLongDataAsLengthDelimitedLittleEndianBytes() {
    float[] values = {9f, 1f, -2f, Float.intBitsToFloat(0x7fc00001), 9f};

    assertThat(new ProtobufWriter().floatsLittleEndian(9, values, 1, 3).toByteArray())
        .isEqualTo(HEX.parseHex("4a0c" + "0000803f" + "000000c0" + "0100c07f"));
    assertThat(new ProtobufWriter().longsLittleEndian(9, new long[] {1, -1}).toByteArray())
        .isEqualTo(HEX.parseHex("4a10" + "0100000000000000" + "ffffffffffffffff"));
  }

  @Test
  void growsPastItsFirstBufferAndReadsBackWhatItWrote() {
    ProtobufWriter writer = new ProtobufWriter();
    float[] values = new float[1000];
    for (int j = 0; j < values.length; j++) {
      values[j] = j;
    }
    writer.string(1, "x".repeat(300)).floatsLittleEndian(2, values, 0, values.length);

    var fields = ProtobufReader.parse(writer.toByteArray());
    assertThat(writer.size()).isEqualTo(3 + 300 + 3 + 4000);
    assertThat(fields).hasSize(2);
    assertThat(fields.get(0).string()).isEqualTo("x".repeat(300));
    assertThat(fields.get(1).bytes()).hasSize(4000);
  }
}
