package io.github.lstm4j.text;

import io.github.lstm4j.core.io.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The JSON form of a vocabulary, one of two objects, written and parsed by lstm-core's {@link
 * Json}.
 *
 * <pre>
 * {"type":"char","codePoints":[10,32,33]}
 * {"type":"word","tokens":["&lt;unk&gt;","the","\n"]}
 * </pre>
 *
 * <p>Output is printable ASCII: {@link Json#write}'s text with every character above U+007E turned
 * into a {@code \}{@code uXXXX} escape of its UTF-16 unit. The reader takes any strict JSON (the
 * errors of {@link Json#parse} become {@link IllegalArgumentException}s) and then accepts only
 * these two objects. Word vocabularies never hold an unpaired surrogate ({@link WordVocabulary}
 * rejects one when it is built), so every token has a JSON form.
 */
final class VocabularyJson {
  private VocabularyJson() {}

  static String write(CharVocabulary vocabulary) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("type", "char");
    object.put("codePoints", IntStream.of(vocabulary.codePoints()).boxed().toList());
    return Json.write(object);
  }

  static String write(WordVocabulary vocabulary) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("type", "word");
    object.put("tokens", vocabulary.tokens());
    return asciiOnly(Json.write(object));
  }

  /** Escapes the characters above U+007E, which JSON text holds only inside its strings. */
  private static String asciiOnly(String json) {
    StringBuilder out = new StringBuilder(json.length());
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c <= 0x7E) {
        out.append(c);
      } else {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  static Vocabulary read(String json) {
    Objects.requireNonNull(json, "json");
    Map<String, Object> object;
    try {
      object = Json.parseObject(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("json is not a vocabulary: " + e.getMessage(), e);
    }
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
}
