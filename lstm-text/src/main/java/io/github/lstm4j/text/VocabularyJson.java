package io.github.lstm4j.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The JSON form of a vocabulary: a writer for the two shapes and a strict reader for them.
 *
 * <pre>
 * {"type":"char","codePoints":[10,32,33]}
 * {"type":"word","tokens":["&lt;unk&gt;","the","\n"]}
 * </pre>
 *
 * <p>Output is printable ASCII: {@code "} and {@code \} are escaped, every other character outside
 * U+0020..U+007E becomes a {@code \}{@code uXXXX} escape of its UTF-16 unit, so unpaired surrogates
 * survive any metadata encoding. The reader accepts standard JSON whitespace and escapes but only
 * these two objects: integers, strings, arrays and objects; no fractions, booleans or nulls. It is
 * not a general JSON library.
 */
final class VocabularyJson {
  private final String json;
  private int index;

  private VocabularyJson(String json) {
    this.json = json;
  }

  static String write(CharVocabulary vocabulary) {
    StringBuilder out = new StringBuilder("{\"type\":\"char\",\"codePoints\":[");
    int[] codePoints = vocabulary.codePoints();
    for (int i = 0; i < codePoints.length; i++) {
      out.append(i == 0 ? "" : ",").append(codePoints[i]);
    }
    return out.append("]}").toString();
  }

  static String write(WordVocabulary vocabulary) {
    StringBuilder out = new StringBuilder("{\"type\":\"word\",\"tokens\":[");
    List<String> tokens = vocabulary.tokens();
    for (int i = 0; i < tokens.size(); i++) {
      out.append(i == 0 ? "" : ",");
      writeString(tokens.get(i), out);
    }
    return out.append("]}").toString();
  }

  private static void writeString(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c >= 0x20 && c <= 0x7E) {
        out.append(c);
      } else {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    out.append('"');
  }

  static Vocabulary read(String json) {
    Objects.requireNonNull(json, "json");
    VocabularyJson reader = new VocabularyJson(json);
    reader.skipWhitespace();
    if (reader.peek() != '{') {
      throw reader.error("expected '{'");
    }
    Object value = reader.value();
    reader.skipWhitespace();
    if (reader.index != json.length()) {
      throw reader.error("expected the end of the text");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) value;
    Object type = object.get("type");
    if ("char".equals(type)) {
      requireKeys(object, "codePoints");
      List<?> list = list(object, "codePoints");
      int[] codePoints = new int[list.size()];
      for (int i = 0; i < codePoints.length; i++) {
        if (!(list.get(i) instanceof Long number) || number != number.intValue()) {
          throw new IllegalArgumentException(
              "json \"codePoints\" must hold integers, got " + list.get(i) + " at index " + i);
        }
        codePoints[i] = number.intValue();
      }
      return CharVocabulary.ofCodePoints(codePoints);
    }
    if ("word".equals(type)) {
      requireKeys(object, "tokens");
      List<?> list = list(object, "tokens");
      List<String> tokens = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof String token)) {
          throw new IllegalArgumentException(
              "json \"tokens\" must hold strings, got " + list.get(i) + " at index " + i);
        }
        tokens.add(token);
      }
      return WordVocabulary.ofTokens(tokens);
    }
    throw new IllegalArgumentException(
        "json \"type\" must be \"char\" or \"word\", got "
            + (type instanceof String s ? "\"" + s + "\"" : String.valueOf(type)));
  }

  private static void requireKeys(Map<String, Object> object, String key) {
    if (!object.keySet().equals(Set.of("type", key))) {
      throw new IllegalArgumentException(
          "json keys must be [type, " + key + "], got " + object.keySet());
    }
  }

  private static List<?> list(Map<String, Object> object, String key) {
    if (!(object.get(key) instanceof List<?> list)) {
      throw new IllegalArgumentException(
          "json \"" + key + "\" must be an array, got " + object.get(key));
    }
    return list;
  }

  private Object value() {
    skipWhitespace();
    char c = peek();
    if (c == '{') {
      return object();
    }
    if (c == '[') {
      return array();
    }
    if (c == '"') {
      return string();
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return integer();
    }
    throw error("expected an object, array, string or integer");
  }

  private Map<String, Object> object() {
    Map<String, Object> object = new LinkedHashMap<>();
    index++; // '{'
    skipWhitespace();
    if (peek() == '}') {
      index++;
      return object;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a key string");
      }
      String key = string();
      skipWhitespace();
      expect(':');
      if (object.put(key, value()) != null) {
        throw error("duplicate key \"" + key + "\"");
      }
      skipWhitespace();
      if (peek() == '}') {
        index++;
        return object;
      }
      expect(',');
    }
  }

  private List<Object> array() {
    List<Object> array = new ArrayList<>();
    index++; // '['
    skipWhitespace();
    if (peek() == ']') {
      index++;
      return array;
    }
    while (true) {
      array.add(value());
      skipWhitespace();
      if (peek() == ']') {
        index++;
        return array;
      }
      expect(',');
    }
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    index++; // '"'
    while (true) {
      if (index >= json.length()) {
        throw error("expected '\"' to close the string");
      }
      char c = json.charAt(index);
      index++;
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        index--;
        throw error("expected a character or escape inside a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = peek();
      index++;
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (index + 4 > json.length()) {
            throw error("expected 4 hex digits after \\u");
          }
          int unit = 0;
          for (int k = 0; k < 4; k++) {
            int digit = Character.digit(json.charAt(index), 16);
            if (digit < 0) {
              throw error("expected 4 hex digits after \\u");
            }
            unit = unit * 16 + digit;
            index++;
          }
          out.append((char) unit);
        }
        default -> {
          index--;
          throw error("expected an escape character");
        }
      }
    }
  }

  private Long integer() {
    int start = index;
    if (peek() == '-') {
      index++;
    }
    int digits = 0;
    while (index < json.length() && json.charAt(index) >= '0' && json.charAt(index) <= '9') {
      index++;
      digits++;
    }
    if (digits == 0 || digits > 18) {
      index = start;
      throw error("expected an integer of 1 to 18 digits");
    }
    if (index < json.length() && ".eE".indexOf(json.charAt(index)) >= 0) {
      throw error("expected an integer, not a fraction");
    }
    return Long.valueOf(json.substring(start, index));
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    index++;
  }

  /** Returns the current character, or U+FFFF at the end of the text. */
  private char peek() {
    return index < json.length() ? json.charAt(index) : '\uFFFF';
  }

  private void skipWhitespace() {
    while (index < json.length() && " \t\n\r".indexOf(json.charAt(index)) >= 0) {
      index++;
    }
  }

  private IllegalArgumentException error(String expected) {
    String got =
        index < json.length()
            ? "'" + CharVocabulary.describe(json.charAt(index)) + "'"
            : "the end of the text";
    return new IllegalArgumentException(
        "json is not a vocabulary: " + expected + " at index " + index + ", got " + got);
  }
}
