package io.github.lstm4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void parsesEveryKindOfValue() throws IOException {
    Object value = Json.parse(" {\"a\": [1, -2, 3.5, 1e2, true, false, null, \"x\"], \"b\": {}}\n");

    assertThat(value)
        .isEqualTo(
            Map.of("a", Arrays.asList(1L, -2L, 3.5, 100.0, true, false, null, "x"), "b", Map.of()));
  }

  @Test
  void keepsObjectMembersInDocumentOrder() throws IOException {
    Map<String, Object> object = Json.parseObject("{\"z\":1,\"a\":2,\"m\":3}");

    assertThat(object.keySet()).containsExactly("z", "a", "m");
  }

  @Test
  void parsedContainersAreUnmodifiable() throws IOException {
    Map<String, Object> object = Json.parseObject("{\"list\":[1]}");

    assertThat(object).isUnmodifiable();
    assertThat((List<?>) object.get("list")).isUnmodifiable();
  }

  @ParameterizedTest
  @CsvSource({
    "9223372036854775807, java.lang.Long",
    "-9223372036854775808, java.lang.Long",
    "9223372036854775808, java.lang.Double",
    "-0, java.lang.Long",
    "0.0, java.lang.Double",
    "1E3, java.lang.Double"
  })
  void integersThatFitALongAreLongsAndEveryOtherNumberIsADouble(String text, String type)
      throws IOException {
    assertThat(Json.parse(text).getClass().getName()).isEqualTo(type);
  }

  @Test
  void decodesEveryEscapeAndSurrogatePairs() throws IOException {
    Object value = Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u00C9\\ud83d\\ude00😀\"");

    assertThat(value).isEqualTo("\"\\/\b\f\n\r\té\u00c9\ud83d\ude00😀");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "{",
        "}",
        "[1,]",
        "[1 2]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{1:2}",
        "{'a':1}",
        "01",
        "1.",
        ".5",
        "-",
        "1e",
        "1e+",
        "+1",
        "NaN",
        "Infinity",
        "1e400",
        "-1e400",
        "tru",
        "nul",
        "True",
        "1 2",
        "{} x",
        "\"abc",
        "\"abc\\",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\u12g4\"",
        "\"\\u00e\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "\"\\ud800x\"",
        "\"a\u0001b\"",
        "\"tab\there\"",
        "\"\uD800\"",
        "\"\uDC00\uD800\"",
        "\u00a0{}",
        "{\"a\":1,\"a\":2}"
      })
  void rejectsTextThatIsNotStrictJson(String text) {
    assertThatIOException()
        .isThrownBy(() -> Json.parse(text))
        .withMessageStartingWith("invalid JSON at offset ");
  }

  @Test
  void errorsNameTheProblemAndItsOffset() {
    assertThatIOException()
        .isThrownBy(() -> Json.parse("{\"a\":1, \"a\":2}"))
        .withMessage("invalid JSON at offset 8: duplicate key \"a\"");
    assertThatIOException()
        .isThrownBy(() -> Json.parse("[\"abc"))
        .withMessage("invalid JSON at offset 5: unterminated string");
    assertThatIOException()
        .isThrownBy(() -> Json.parse("\"\\q\""))
        .withMessage("invalid JSON at offset 1: invalid escape");
    assertThatIOException()
        .isThrownBy(() -> Json.parse("[1] 2"))
        .withMessage("invalid JSON at offset 4: unexpected content after the value");
  }

  @Test
  void acceptsNestingUpToTheLimitAndRejectsDeeper() throws IOException {
    String limit = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    assertThat(Json.parse(limit)).isInstanceOf(List.class);

    String deeper = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
    assertThatIOException()
        .isThrownBy(() -> Json.parse(deeper))
        .withMessage("invalid JSON at offset 64: nesting deeper than 64");
    assertThatIOException().isThrownBy(() -> Json.parse("{\"a\":".repeat(100_000)));
  }

  @Test
  void parseObjectRejectsOtherValues() {
    assertThatIOException()
        .isThrownBy(() -> Json.parseObject("[1]"))
        .withMessage("JSON text must be an object, got [1]");
  }

  @Test
  void writesCompactTextWithSerdeJsonEscapes() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("s", "q\" b\\ /\b\f\n\r\t\u0000\u001f\u007fé😀");
    value.put(
        "n", Arrays.asList(1, -2L, (short) 3, (byte) 4, 0.5, 0.1f, 1e-5, BigInteger.TEN, null));
    value.put("b", List.of(true, false));
    value.put("o", Map.of());

    assertThat(Json.write(value))
        .isEqualTo(
            "{\"s\":\"q\\\" b\\\\ /\\b\\f\\n\\r\\t\\u0000\\u001f\u007fé😀\","
                + "\"n\":[1,-2,3,4,0.5,0.1,1.0E-5,10,null],\"b\":[true,false],\"o\":{}}");
  }

  @Test
  void everyCharacterRoundTrips() throws IOException {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x300; c++) {
      all.append(c);
    }
    all.append("\uffff😀\ud800\udc00");
    String text = all.toString();

    assertThat(Json.parse(Json.write(text))).isEqualTo(text);
  }

  @Test
  void writtenNumbersParseBackToTheSameValue() throws IOException {
    assertThat(((Double) Json.parse(Json.write(0.1f))).floatValue()).isEqualTo(0.1f);
    assertThat(Json.parse(Json.write(Double.MIN_VALUE))).isEqualTo(Double.MIN_VALUE);
    assertThat(Json.parse(Json.write(-1.5e300))).isEqualTo(-1.5e300);
    assertThat(Json.parse(Json.write(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void writeRejectsWhatJsonCannotHold() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Json.write(Double.NaN))
        .withMessage("numbers must be finite, got NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Json.write(Float.NEGATIVE_INFINITY))
        .withMessage("numbers must be finite, got -Infinity");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Json.write(new Object()))
        .withMessageStartingWith("value must be a Map, List, String, Number, Boolean or null, got");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Json.write(Map.of(1, "a")))
        .withMessage("map keys must be strings, got java.lang.Integer");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Json.write("ab\ud800"))
        .withMessage(
            "strings must be well-formed UTF-16, got an unpaired surrogate U+D800 at index 2 of ab\ud800");
  }

  @Test
  void writeRejectsAListThatContainsItself() {
    List<Object> list = new ArrayList<>();
    list.add(list);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Json.write(list))
        .withMessage("value must nest at most 64 maps and lists deep, got deeper");
  }
}
