package io.github.lstm4j.core.io;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A strict, minimal JSON (RFC 8259) reader and compact writer for model-file headers and the
 * configurations and vocabularies that models keep as strings in a file's metadata.
 *
 * <p>{@link #parse} maps JSON to plain Java values: an object to an unmodifiable, insertion-ordered
 * {@code Map<String, Object>}, an array to an unmodifiable {@code List<Object>}, a string to {@link
 * String}, a number without fraction or exponent that fits a {@code long} to {@link Long} and every
 * other number to {@link Double}, {@code true}/{@code false} to {@link Boolean} and {@code null} to
 * {@code null}. It rejects what lenient parsers let through: trailing content, duplicate keys,
 * unescaped control characters, bad escapes, unpaired surrogates, numbers beyond the range of a
 * double, and nesting deeper than {@link #MAX_DEPTH}.
 *
 * <p>{@link #write} produces compact text (no whitespace) escaped as serde_json does: {@code \"},
 * {@code \\}, {@code \b \f \n \r \t}, other control characters as <code>&#92;u00XX</code>,
 * everything else literally. It is not a data binder: no object mapping, streaming or pretty
 * printing.
 *
 * <pre>{@code
 * Map<String, Object> config = Json.parseObject("{\"hiddenSize\": 256, \"chars\": \"ab\"}");
 * long hiddenSize = (Long) config.get("hiddenSize"); // 256
 * }</pre>
 */
public final class Json {
  /** The deepest nesting of arrays and objects that {@link #parse} and {@link #write} accept. */
  public static final int MAX_DEPTH = 64;

  private Json() {}

  /**
   * Parses one JSON value, surrounded by optional whitespace and nothing else.
   *
   * @param text the JSON text
   * @return a {@code Map<String, Object>}, {@code List<Object>}, {@link String}, {@link Long},
   *     {@link Double}, {@link Boolean} or {@code null}; maps and lists are unmodifiable
   * @throws IOException if {@code text} is not strict JSON; the message names the problem and its
   *     character offset
   */
  public static Object parse(String text) throws IOException {
    Objects.requireNonNull(text, "text");
    return new Parser(text).document();
  }

  /**
   * Parses a JSON object, as {@link #parse} does.
   *
   * @param text the JSON text
   * @return the object's members in document order, unmodifiable
   * @throws IOException if {@code text} is not strict JSON or its value is not an object
   */
  public static Map<String, Object> parseObject(String text) throws IOException {
    Object value = parse(text);
    if (!(value instanceof Map)) {
      throw new IOException("JSON text must be an object, got " + abbreviate(write(value)));
    }
    @SuppressWarnings("unchecked") // the parser builds every object as Map<String, Object>
    Map<String, Object> object = (Map<String, Object>) value;
    return object;
  }

  /**
   * Writes a value as compact JSON text.
   *
   * @param value a {@code Map} with {@code String} keys (written in its iteration order), a {@code
   *     List}, a {@code String}, a {@code Boolean}, {@code null}, or a finite {@code Byte}, {@code
   *     Short}, {@code Integer}, {@code Long}, {@code Float}, {@code Double}, {@code BigInteger} or
   *     {@code BigDecimal}, nested at most {@link #MAX_DEPTH} deep
   * @return the JSON text
   * @throws IllegalArgumentException if a value has another type, a number is NaN or infinite, a
   *     map key is not a string, a string contains an unpaired surrogate, or the nesting is too
   *     deep (which includes a map or list that contains itself)
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    writeValue(value, out, 0);
    return out.toString();
  }

  private static void writeValue(Object value, StringBuilder out, int depth) {
    if (value == null || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof String) {
      writeString((String) value, out);
    } else if (value instanceof Number) {
      writeNumber((Number) value, out);
    } else if (value instanceof Map || value instanceof List) {
      if (depth == MAX_DEPTH) {
        throw new IllegalArgumentException(
            "value must nest at most " + MAX_DEPTH + " maps and lists deep, got deeper");
      }
      if (value instanceof Map) {
        out.append('{');
        String separator = "";
        for (Map.Entry<?, ?> member : ((Map<?, ?>) value).entrySet()) {
          if (!(member.getKey() instanceof String)) {
            throw new IllegalArgumentException(
                "map keys must be strings, got " + describe(member.getKey()));
          }
          out.append(separator);
          writeString((String) member.getKey(), out);
          out.append(':');
          writeValue(member.getValue(), out, depth + 1);
          separator = ",";
        }
        out.append('}');
      } else {
        out.append('[');
        String separator = "";
        for (Object element : (List<?>) value) {
          out.append(separator);
          writeValue(element, out, depth + 1);
          separator = ",";
        }
        out.append(']');
      }
    } else {
      throw new IllegalArgumentException(
          "value must be a Map, List, String, Number, Boolean or null, got " + describe(value));
    }
  }

  private static void writeNumber(Number number, StringBuilder out) {
    if (number instanceof Double || number instanceof Float) {
      double asDouble = number.doubleValue();
      if (!Double.isFinite(asDouble)) {
        throw new IllegalArgumentException("numbers must be finite, got " + number);
      }
      out.append(number); // Float/Double.toString are valid JSON numbers once finite
    } else if (number instanceof Integer
        || number instanceof Long
        || number instanceof Short
        || number instanceof Byte
        || number instanceof BigInteger
        || number instanceof BigDecimal) {
      out.append(number);
    } else {
      throw new IllegalArgumentException(
          "numbers must be Byte, Short, Integer, Long, Float, Double, BigInteger or BigDecimal, got "
              + describe(number));
    }
  }

  private static void writeString(String s, StringBuilder out) {
    int bad = unpairedSurrogate(s);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "strings must be well-formed UTF-16, got an unpaired surrogate U+"
              + Integer.toHexString(s.charAt(bad)).toUpperCase(Locale.ROOT)
              + " at index "
              + bad
              + " of "
              + abbreviate(s));
    }
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Finds the first surrogate that is not part of a high-low pair; such a string has no UTF-8 form.
   *
   * @return its index, or -1 if the string is well-formed
   */
  static int unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Shortens text for an error message, which may quote hostile input of any length. */
  static String abbreviate(String text) {
    if (text.length() <= 60) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(56)) ? 56 : 57; // keep pairs whole
    return text.substring(0, end) + "...";
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getName();
  }

  /** A recursive-descent parser over one string; one instance per document. */
  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    Object document() throws IOException {
      skipWhitespace();
      Object value = value(0);
      skipWhitespace();
      if (pos < text.length()) {
        throw error("unexpected content after the value");
      }
      return value;
    }

    private Object value(int depth) throws IOException {
      int c = peek();
      if (c == '{' || c == '[') {
        if (depth == MAX_DEPTH) {
          throw error("nesting deeper than " + MAX_DEPTH);
        }
        return c == '{' ? object(depth + 1) : array(depth + 1);
      }
      if (c == '"') {
        return string();
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        return number();
      }
      if (text.startsWith("true", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (text.startsWith("false", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      if (text.startsWith("null", pos)) {
        pos += 4;
        return null;
      }
      throw error(c < 0 ? "unexpected end of text, expected a value" : "expected a value");
    }

    private Map<String, Object> object(int depth) throws IOException {
      pos++; // '{'
      Map<String, Object> members = new LinkedHashMap<>();
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return Collections.unmodifiableMap(members);
      }
      while (true) {
        skipWhitespace();
        if (peek() != '"') {
          throw error("expected a string key");
        }
        int keyStart = pos;
        String key = string();
        if (members.containsKey(key)) {
          pos = keyStart;
          throw error("duplicate key \"" + abbreviate(key) + "\"");
        }
        skipWhitespace();
        expect(':');
        skipWhitespace();
        members.put(key, value(depth));
        skipWhitespace();
        if (peek() == '}') {
          pos++;
          return Collections.unmodifiableMap(members);
        }
        expect(',');
      }
    }

    private List<Object> array(int depth) throws IOException {
      pos++; // '['
      List<Object> elements = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        return Collections.unmodifiableList(elements);
      }
      while (true) {
        skipWhitespace();
        elements.add(value(depth));
        skipWhitespace();
        if (peek() == ']') {
          pos++;
          return Collections.unmodifiableList(elements);
        }
        expect(',');
      }
    }

    private String string() throws IOException {
      pos++; // opening quote
      StringBuilder out = new StringBuilder();
      while (true) {
        int runStart = pos;
        while (pos < text.length()) {
          char c = text.charAt(pos);
          if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
            break;
          }
          pos++;
        }
        out.append(text, runStart, pos);
        int c = peek();
        if (c < 0) {
          throw error("unterminated string");
        } else if (c == '"') {
          pos++;
          return out.toString();
        } else if (c == '\\') {
          escape(out);
        } else if (c < 0x20) {
          throw error(String.format(Locale.ROOT, "unescaped control character U+%04X", c));
        } else if (Character.isHighSurrogate((char) c)
            && pos + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(pos + 1))) {
          out.append(text, pos, pos + 2);
          pos += 2;
        } else {
          throw unpairedSurrogate((char) c);
        }
      }
    }

    /**
     * Decodes the escape at {@code pos}; a &#92;u high surrogate must be followed by a &#92;u low
     * one.
     */
    private void escape(StringBuilder out) throws IOException {
      int c = pos + 1 < text.length() ? text.charAt(pos + 1) : -1;
      switch (c) {
        case '"', '\\', '/' -> out.append((char) c);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          char first = hex4(pos + 2);
          if (Character.isHighSurrogate(first) && text.startsWith("\\u", pos + 6)) {
            char second = hex4(pos + 8);
            if (Character.isLowSurrogate(second)) {
              out.append(first).append(second);
              pos += 12;
              return;
            }
          }
          if (Character.isSurrogate(first)) {
            throw unpairedSurrogate(first);
          }
          out.append(first);
          pos += 6;
          return;
        }
        default -> throw error(c < 0 ? "unterminated string" : "invalid escape");
      }
      pos += 2;
    }

    private char hex4(int at) throws IOException {
      if (at + 4 > text.length()) {
        throw error("unterminated string");
      }
      int value = 0;
      for (int i = at; i < at + 4; i++) {
        char c = text.charAt(i);
        int digit =
            c >= '0' && c <= '9'
                ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (digit < 0) {
          throw error("invalid \\u escape");
        }
        value = value * 16 + digit;
      }
      return (char) value;
    }

    private IOException unpairedSurrogate(char c) {
      return error("unpaired surrogate U+" + Integer.toHexString(c).toUpperCase(Locale.ROOT));
    }

    private Object number() throws IOException {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
      } else {
        digits();
      }
      boolean integral = true;
      if (peek() == '.') {
        integral = false;
        pos++;
        digits();
      }
      if (peek() == 'e' || peek() == 'E') {
        integral = false;
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        digits();
      }
      String token = text.substring(start, pos);
      if (integral && token.length() <= 20) {
        try {
          return Long.parseLong(token);
        } catch (NumberFormatException beyondLong) {
          // falls through to a double, like every integer beyond the long range
        }
      }
      double value = Double.parseDouble(token);
      if (Double.isInfinite(value)) {
        pos = start;
        throw error("number out of range " + abbreviate(token));
      }
      return value;
    }

    private void digits() throws IOException {
      int start = pos;
      while (peek() >= '0' && peek() <= '9') {
        pos++;
      }
      if (pos == start) {
        throw error("expected a digit");
      }
    }

    private void expect(char c) throws IOException {
      if (peek() != c) {
        throw error(
            peek() < 0 ? "unexpected end of text, expected '" + c + "'" : "expected '" + c + "'");
      }
      pos++;
    }

    private void skipWhitespace() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    private int peek() {
      return pos < text.length() ? text.charAt(pos) : -1;
    }

    private IOException error(String problem) {
      return new IOException("invalid JSON at offset " + pos + ": " + problem);
    }
  }
}
