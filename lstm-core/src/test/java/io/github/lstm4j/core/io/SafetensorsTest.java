package io.github.lstm4j.core.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.lstm4j.core.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafetensorsTest {
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;

  // ---- interoperability: bytes assembled by hand as the reference implementation writes them

  /** {"a": 0.5 (rank 0), "b": [1, -2]}, metadata {"format": "pt"}: 138 header bytes + 6 spaces. */
  private static final byte[] REFERENCE_EXAMPLE =
      concat(
          HEX.parseHex("9000000000000000"), // header length 144, u64 little-endian
          ("{\"__metadata__\":{\"format\":\"pt\"},"
                  + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                  + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}"
                  + "      ")
              .getBytes(UTF_8),
          HEX.parseHex("0000003f" + "0000803f" + "000000c0")); // 0.5f, 1f, -2f little-endian

  @Test
  void writesTheBytesTheReferenceImplementationWrites() {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("b", Tensor.wrap(new float[] {1f, -2f}, 2));
    tensors.put("a", Tensor.wrap(new float[] {0.5f}));

    assertThat(Safetensors.toBytes(tensors, Map.of("format", "pt"))).isEqualTo(REFERENCE_EXAMPLE);
  }

  @Test
  void readsTheReferenceExample() throws IOException {
    TensorFile file = Safetensors.fromBytes(REFERENCE_EXAMPLE);

    assertThat(file.metadata()).containsExactly(Map.entry("format", "pt"));
    assertThat(file.tensors().keySet()).containsExactly("a", "b");
    assertThat(file.require("a").data()).containsExactly(0.5f);
    assertThat(file.require("b", 2).data()).containsExactly(1f, -2f);
  }

  @Test
  void readsF64AsRoundedFloats() throws IOException {
    byte[] bytes =
        file(
            "{\"x\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,24]}}",
            HEX.parseHex("9a9999999999b93f" + "9c7500883ce4377e" + "000000000000f8bf"));

    Tensor x = Safetensors.fromBytes(bytes).require("x", 3); // 0.1, 1e300, -1.5

    assertThat(x.data()).containsExactly(0.1f, Float.POSITIVE_INFINITY, -1.5f);
  }

  @Test
  void readsTensorsInAnyOffsetOrderAndKeepsHeaderOrder() throws IOException {
    byte[] bytes =
        file(
            "{\"z\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"e\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,8]},"
                + "\"y\":{\"shape\":[1],\"data_offsets\":[0,4],\"dtype\":\"F32\"}}  ",
            HEX.parseHex("0000803f" + "000000c0"));

    TensorFile file = Safetensors.fromBytes(bytes);

    assertThat(file.tensors().keySet()).containsExactly("z", "e", "y");
    assertThat(file.require("z", 1).data()).containsExactly(-2f);
    assertThat(file.require("y", 1).data()).containsExactly(1f);
  }

  @Test
  void anEmptyFileIsAPaddedEmptyObject() {
    assertThat(Safetensors.toBytes(Map.of(), Map.of()))
        .isEqualTo(concat(HEX.parseHex("0800000000000000"), "{}      ".getBytes(UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 17})
  void headerIsPaddedWithSpacesToAMultipleOf8(int nameLength) {
    byte[] bytes = Safetensors.toBytes(Map.of("n".repeat(nameLength), Tensor.zeros(1)), Map.of());
    long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    String header = new String(bytes, 8, (int) headerLength, UTF_8);

    assertThat(headerLength % 8).isZero();
    assertThat(header.stripTrailing()).endsWith("}");
    assertThat(header.substring(header.stripTrailing().length())).matches(" {0,7}");
    assertThat(bytes).hasSize(8 + (int) headerLength + 4);
  }

  @Test
  void sortsNamesByCodePointAsTheReferenceSortsUtf8Bytes() {
    // UTF-16 order would put U+1F600 (surrogates D83D..) before U+FF01; UTF-8 order does not.
    Map<String, Tensor> tensors =
        new TreeMap<>(Map.of("😀", Tensor.zeros(1), "！", Tensor.zeros(1), "b", Tensor.zeros(1)));

    String header = new String(Safetensors.toBytes(tensors, Map.of()), UTF_8);

    assertThat(header.indexOf("\"b\"")).isLessThan(header.indexOf("\"！\""));
    assertThat(header.indexOf("\"！\"")).isLessThan(header.indexOf("\"😀\""));
  }

  // ---- round trips

  @Test
  void roundTripKeepsEveryFloatBitPattern() throws IOException {
    float[] values = {
      0f,
      -0f,
      Float.MIN_VALUE,
      -1e-40f, // subnormal
      Float.MIN_NORMAL,
      Float.MAX_VALUE,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      1f / 3,
      Float.NaN,
      Float.intBitsToFloat(0x7fc12345), // quiet NaN with a payload
      Float.intBitsToFloat(0xff800001) // signalling NaN, negative
    };

    float[] read =
        Safetensors.fromBytes(Safetensors.toBytes(Map.of("v", Tensor.wrap(values, 3, 4)), Map.of()))
            .require("v", 3, 4)
            .data();

    for (int i = 0; i < values.length; i++) {
      if (Float.isNaN(values[i])) { // the format keeps bits, but the check need not rely on it
        assertThat(read[i]).as("element %d", i).isNaN();
      } else {
        assertThat(Float.floatToRawIntBits(read[i]))
            .as("element %d", i)
            .isEqualTo(Float.floatToRawIntBits(values[i]));
      }
    }
  }

  @Test
  void roundTripKeepsShapesWithZeroDimensionsAndScalars() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("scalar", Tensor.wrap(new float[] {7f}));
    tensors.put("empty", Tensor.zeros(0));
    tensors.put("empty3d", Tensor.zeros(2, 0, 3));
    tensors.put("ones", Tensor.wrap(new float[] {1f}, 1, 1, 1));
    tensors.put("matrix", Tensor.wrap(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));

    TensorFile read = Safetensors.fromBytes(Safetensors.toBytes(tensors, Map.of()));

    assertSameContents(new TensorFile(tensors, Map.of()), read);
    assertThat(read.require("scalar").rank()).isZero();
    assertThat(read.require("empty3d", 2, 0, 3).size()).isZero();
  }

  @Test
  void roundTripKeepsMetadataWithUnicodeAndEscapes() throws IOException {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("config", Json.write(Map.of("hiddenSize", 256)));
    metadata.put("chars", "ab\n\t\"\\/\u0000\u001f\u007f é 😀 \uffff");
    metadata.put("", "");
    metadata.put("ключ", "значение");

    TensorFile read =
        Safetensors.fromBytes(Safetensors.toBytes(Map.of("w", Tensor.zeros(2)), metadata));

    assertThat(read.metadata()).isEqualTo(metadata);
    assertThat(read.metadata().keySet()).containsExactly("", "chars", "config", "ключ");
  }

  @Test
  void writeAndReadRoundTripThroughAFile() throws IOException {
    Path path = dir.resolve("model.safetensors");
    Safetensors.write(path, Map.of("w", Tensor.wrap(new float[] {1, 2}, 2)), Map.of("k", "v1"));
    Safetensors.write(path, Map.of("w", Tensor.wrap(new float[] {3, 4}, 2)), Map.of("k", "v2"));

    TensorFile read = Safetensors.read(path);

    assertThat(read.require("w", 2).data()).containsExactly(3f, 4f);
    assertThat(read.metadata()).containsExactly(Map.entry("k", "v2"));
    assertThat(Files.readAllBytes(path))
        .isEqualTo(Safetensors.toBytes(read.tensors(), read.metadata()));
    assertThat(fileNames(dir)).containsExactly("model.safetensors");
  }

  // ---- bad input to the writer

  @Test
  void writerRejectsTheReservedNameAndUnpairedSurrogates() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Safetensors.toBytes(Map.of("__metadata__", Tensor.zeros(1)), Map.of()))
        .withMessage(
            "tensor name must not be \"__metadata__\", which the format reserves for metadata");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Safetensors.toBytes(Map.of("a\ud800", Tensor.zeros(1)), Map.of()))
        .withMessage(
            "tensor name must be well-formed UTF-16, got an unpaired surrogate at index 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Safetensors.toBytes(Map.of(), Map.of("k", "\udc00")))
        .withMessage(
            "metadata value of \"k\" must be well-formed UTF-16, got an unpaired surrogate at index 0");
  }

  @Test
  void writerRejectsNulls() {
    Map<String, Tensor> withNull = new LinkedHashMap<>();
    withNull.put("w", null);

    assertThatNullPointerException()
        .isThrownBy(() -> Safetensors.toBytes(null, Map.of()))
        .withMessage("tensors");
    assertThatNullPointerException()
        .isThrownBy(() -> Safetensors.toBytes(withNull, Map.of()))
        .withMessage("tensors[w]");
    assertThatNullPointerException()
        .isThrownBy(() -> Safetensors.write(null, Map.of(), Map.of()))
        .withMessage("path");
  }

  @Test
  void requireNamesAMissingTensorOrAWrongShape() throws IOException {
    TensorFile file = Safetensors.fromBytes(REFERENCE_EXAMPLE);

    assertThatIOException()
        .isThrownBy(() -> file.require("c"))
        .withMessage("model file has no tensor \"c\"; it has 2 tensors [a, b]");
    assertThatIOException()
        .isThrownBy(() -> file.require("b", 1, 2))
        .withMessage("tensor \"b\" must have shape (1, 2), got (2)");
  }

  // ---- bad files

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7})
  void rejectsAFileShorterThanTheLengthField(int size) {
    assertThatIOException()
        .isThrownBy(() -> Safetensors.fromBytes(new byte[size]))
        .withMessage(
            "safetensors bytes: file must hold at least the 8-byte header length, got "
                + size
                + " bytes");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ffffffffffffffff | header length must be at most 100000000 bytes, got 18446744073709551615
          0000000000000080 | header length must be at most 100000000 bytes, got 9223372036854775808
          01e1f50500000000 | header length must be at most 100000000 bytes, got 100000001
          00e1f50500000000 | header length must fit in the 8 bytes after the length field, got 100000000
          0900000000000000 | header length must fit in the 8 bytes after the length field, got 9
          """)
  void rejectsAHeaderLengthBeyondTheFileOrTheLimitBeforeAllocating(String field, String message) {
    byte[] bytes = concat(HEX.parseHex(field), "{}      ".getBytes(UTF_8));

    assertThatIOException()
        .isThrownBy(() -> Safetensors.fromBytes(bytes))
        .withMessage("safetensors bytes: " + message);
  }

  @Test
  void rejectsAHeaderThatIsNotUtf8() {
    byte[] bytes = concat(HEX.parseHex("0800000000000000"), HEX.parseHex("7bc3287d20202020"));

    assertThatIOException()
        .isThrownBy(() -> Safetensors.fromBytes(bytes))
        .withMessageStartingWith(
            "safetensors bytes: header must be valid UTF-8, got malformed bytes");
  }

  /** Each row: header JSON, data bytes, expected message after the "safetensors bytes: " prefix. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {                  | 0 | header must be strict JSON, got invalid JSON at offset 1: expected a string key
          {}x                | 0 | header must be strict JSON, got invalid JSON at offset 2: unexpected content after the value
          {"a":1,"a":2}      | 0 | header must be strict JSON, got invalid JSON at offset 7: duplicate key "a"
          {"a":3}            | 0 | tensor "a" must be an object of dtype, shape and data_offsets, got 3
          {"a":{"shape":[],"data_offsets":[0,4]}} | 4 | tensor "a" must have a "dtype" field, got {"shape":[],"data_offsets":[0,4]}
          {"a":{"dtype":"F32","data_offsets":[0,4]}} | 4 | tensor "a" must have a "shape" field, got {"dtype":"F32","data_offsets":[0,4]}
          {"a":{"dtype":"F32","shape":[]}} | 4 | tensor "a" must have a "data_offsets" field, got {"dtype":"F32","shape":[]}
          {"a":{"dtype":"F32","shape":[],"data_offsets":[0,4],"x":1}} | 4 | tensor "a" must have only dtype, shape and data_offsets, got "x"
          {"a":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}} | 4 | tensor "a" dtype must be F32 or F64, got "BF16"
          {"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}} | 4 | tensor "a" dtype must be F32 or F64, got "I32"
          {"a":{"dtype":32,"shape":[1],"data_offsets":[0,4]}} | 4 | tensor "a" dtype must be F32 or F64, got 32
          {"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}} | 4 | tensor "a" shape must be an array of non-negative integers, got [-1]
          {"a":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}} | 4 | tensor "a" shape must be an array of non-negative integers, got [1.0]
          {"a":{"dtype":"F32","shape":"1","data_offsets":[0,4]}} | 4 | tensor "a" shape must be an array of non-negative integers, got "1"
          {"a":{"dtype":"F32","shape":[1,null],"data_offsets":[0,4]}} | 4 | tensor "a" shape must be an array of non-negative integers, got [1,null]
          {"a":{"dtype":"F32","shape":[1],"data_offsets":[4]}} | 4 | tensor "a" data_offsets must be an array of 2 non-negative integers, got [4]
          {"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}} | 4 | tensor "a" data_offsets must be an array of 2 non-negative integers, got [0,4,8]
          {"a":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}} | 4 | tensor "a" data_offsets must be an array of 2 non-negative integers, got [-4,0]
          {"a":{"dtype":"F32","shape":[4294967296,4294967296,4294967296,0],"data_offsets":[0,0]}} | 0 | tensor "a" shape must have fewer than 2^63 bytes, got [4294967296,4294967296,4294967296,0]
          {"a":{"dtype":"F32","shape":[0,4294967296],"data_offsets":[0,0]}} | 0 | tensor "a" shape dimensions must be at most 2^31 - 1, got [0,4294967296]
          {"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}} | 4 | tensor "a" data_offsets must have begin <= end, got [4, 0]
          {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} | 4 | tensor "a" data_offsets must lie in the data buffer of 4 bytes, got [0, 8]
          {"a":{"dtype":"F32","shape":[1000000000],"data_offsets":[0,4000000000]}} | 4 | tensor "a" data_offsets must lie in the data buffer of 4 bytes, got [0, 4000000000]
          {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}} | 4 | tensor "a" data_offsets must span 8 bytes for shape [2] and dtype F32, got [0, 4]
          {"a":{"dtype":"F64","shape":[1],"data_offsets":[0,4]}} | 4 | tensor "a" data_offsets must span 8 bytes for shape [1] and dtype F64, got [0, 4]
          {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}} | 8 | tensor "b" data_offsets must not overlap the previous tensor, which ends at 8, got [4, 8]
          {"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}} | 12 | tensors must cover the data buffer contiguously, got no tensor in bytes [4, 8)
          {"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}} | 8 | tensors must cover the data buffer contiguously, got no tensor in bytes [0, 4)
          {"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}} | 8 | tensors must cover the data buffer contiguously, got no tensor in bytes [4, 8)
          {}                 | 4 | tensors must cover the data buffer contiguously, got no tensor in bytes [0, 4)
          {"__metadata__":[]} | 0 | __metadata__ must be an object of strings, got []
          {"__metadata__":{"k":1}} | 0 | __metadata__ value of "k" must be a string, got 1
          {"__metadata__":{"k":null}} | 0 | __metadata__ value of "k" must be a string, got null
          """)
  void rejectsAnInvalidHeaderNamingTheProblem(String header, int dataBytes, String message) {
    byte[] bytes = file(header, new byte[dataBytes]);

    assertThatIOException()
        .isThrownBy(() -> Safetensors.fromBytes(bytes))
        .withMessage("safetensors bytes: " + message);
  }

  @Test
  void readingAFileNamesIt() throws IOException {
    Path path = dir.resolve("broken.safetensors");
    Files.write(path, new byte[3]);

    assertThatIOException()
        .isThrownBy(() -> Safetensors.read(path))
        .withMessage(path + ": file must hold at least the 8-byte header length, got 3 bytes");
  }

  @Test
  void aFileTruncatedAfterTheHeaderIsRejected() throws IOException {
    byte[] whole = Safetensors.toBytes(Map.of("w", Tensor.zeros(4)), Map.of());
    Path path = dir.resolve("truncated.safetensors");
    Files.write(path, Arrays.copyOf(whole, whole.length - 1));

    assertThatIOException()
        .isThrownBy(() -> Safetensors.read(path))
        .withMessage(
            path
                + ": tensor \"w\" data_offsets must lie in the data buffer of 15 bytes, got [0, 16]");
  }

  // ---- helpers shared with the other tests of this package

  /** Asserts the same names, shapes, float bits (NaN: any NaN) and metadata, in any order. */
  static void assertSameContents(TensorFile expected, TensorFile actual) {
    assertThat(actual.metadata()).isEqualTo(expected.metadata());
    assertThat(actual.tensors().keySet()).isEqualTo(expected.tensors().keySet());
    for (Map.Entry<String, Tensor> entry : expected.tensors().entrySet()) {
      Tensor want = entry.getValue();
      Tensor got = actual.tensors().get(entry.getKey());
      assertThat(got.shape()).as(entry.getKey()).isEqualTo(want.shape());
      for (int i = 0; i < want.size(); i++) {
        float w = want.data()[i];
        float g = got.data()[i];
        boolean same =
            Float.isNaN(g)
                ? Float.isNaN(w)
                : Float.floatToRawIntBits(g) == Float.floatToRawIntBits(w);
        if (!same) { // AssertJ only on failure: the fuzz test calls this thousands of times
          assertThat(g).as("%s[%d]", entry.getKey(), i).isEqualTo(w);
        }
      }
    }
  }

  /** A file with the given header (length field = its UTF-8 length, no padding) and data. */
  static byte[] file(String header, byte[] data) {
    byte[] json = header.getBytes(UTF_8);
    byte[] length =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array();
    return concat(length, json, data);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** The names of the files in a directory, sorted. */
  static List<String> fileNames(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
