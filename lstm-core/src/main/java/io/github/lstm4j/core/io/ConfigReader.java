package io.github.lstm4j.core.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads a model's configuration from a JSON object stored in a file's metadata, strictly: every
 * problem is an {@link IOException} whose message names the key by its path from the root ({@code
 * config.hiddenSize}), the rule and the value found.
 *
 * <p>Each typed getter requires its key to be present with a value of that type; {@link
 * #requireNoOtherKeys()} then rejects keys the model does not know (a misspelt or newer key is not
 * silently ignored); {@link #build} turns the {@link IllegalArgumentException} of a config's
 * validating constructor into an {@link IOException} with the path prefixed, so {@code "hiddenSize
 * must be > 0, got 0"} becomes {@code "config.hiddenSize must be > 0, got 0"}. It is not a data
 * binder: the caller names every key and calls the constructor itself.
 *
 * <pre>{@code
 * ConfigReader config = ConfigReader.parse(file.metadata().get("config"), "config");
 * int seqLen = config.intValue("seqLen");
 * LstmConfig lstm = RecordJson.read(config.object("lstm"), LstmConfig.class);
 * config.requireNoOtherKeys();
 * }</pre>
 */
public final class ConfigReader {
  private final Map<String, Object> object;
  private final String path;
  private final Set<String> read = new LinkedHashSet<>();

  private ConfigReader(Map<String, Object> object, String path) {
    this.object = object;
    this.path = path;
  }

  /**
   * Parses a JSON object.
   *
   * @param json the JSON text, e.g. a metadata value
   * @param path the name of the object in messages, e.g. {@code "config"}
   * @return a reader of its members
   * @throws IOException if {@code json} is not strict JSON or not an object
   */
  public static ConfigReader parse(String json, String path) throws IOException {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(path, "path");
    try {
      return new ConfigReader(Json.parseObject(json), path);
    } catch (IOException e) {
      throw new IOException(path + " must be a JSON object, got " + e.getMessage(), e);
    }
  }

  /**
   * Reads an already parsed JSON object, e.g. one a model file assembles from two metadata entries.
   *
   * @param object the members, as {@link Json#parse} returns them
   * @param path the name of the object in messages
   * @return a reader of its members
   */
  public static ConfigReader of(Map<String, Object> object, String path) {
    return new ConfigReader(
        Collections.unmodifiableMap(new LinkedHashMap<>(object)),
        Objects.requireNonNull(path, "path"));
  }

  /**
   * Returns every member, read or not, e.g. to add one that a file keeps elsewhere.
   *
   * @return the members in document order, unmodifiable
   */
  public Map<String, Object> members() {
    return object;
  }

  /**
   * Returns the path of this object in messages.
   *
   * @return e.g. {@code "config"} or {@code "config.lstm"}
   */
  public String path() {
    return path;
  }

  /**
   * Tells whether a member is present, for a member added in a later version whose absence means
   * its old behaviour.
   *
   * @param key the member name
   * @return true if the object has it
   */
  public boolean has(String key) {
    return object.containsKey(Objects.requireNonNull(key, "key"));
  }

  /**
   * Reads an integer that fits an {@code int}.
   *
   * @param key the member name
   * @return its value
   * @throws IOException if the key is missing or its value is not such an integer
   */
  public int intValue(String key) throws IOException {
    return typed(key, Long.class, n -> n == n.intValue(), "an integer in [-2^31, 2^31)").intValue();
  }

  /**
   * Reads an integer that fits a {@code long}.
   *
   * @param key the member name
   * @return its value
   * @throws IOException if the key is missing or its value is not an integer in the long range
   */
  public long longValue(String key) throws IOException {
    return typed(key, Long.class, n -> true, "an integer in [-2^63, 2^63)");
  }

  /**
   * Reads a number; {@link Json#write} writes a {@code double} so that this returns it exactly.
   *
   * @param key the member name
   * @return its value, always finite (JSON has no NaN or infinity)
   * @throws IOException if the key is missing or its value is not a number
   */
  public double doubleValue(String key) throws IOException {
    return typed(key, Number.class, n -> true, "a number").doubleValue();
  }

  /**
   * Reads {@code true} or {@code false}.
   *
   * @param key the member name
   * @return its value
   * @throws IOException if the key is missing or its value is not a boolean
   */
  public boolean booleanValue(String key) throws IOException {
    return typed(key, Boolean.class, b -> true, "true or false");
  }

  /**
   * Reads a string.
   *
   * @param key the member name
   * @return its value
   * @throws IOException if the key is missing or its value is not a string
   */
  public String string(String key) throws IOException {
    return typed(key, String.class, t -> true, "a string");
  }

  /**
   * Reads an array of strings.
   *
   * @param key the member name
   * @return its elements, unmodifiable
   * @throws IOException if the key is missing or its value is not an array of strings
   */
  public List<String> strings(String key) throws IOException {
    List<?> list = typed(key, List.class, l -> true, "an array of strings");
    List<String> strings = new ArrayList<>(list.size());
    for (Object element : list) {
      if (!(element instanceof String text)) {
        throw wrongType(key, "an array of strings");
      }
      strings.add(text);
    }
    return List.copyOf(strings);
  }

  /** Reads a member of the given JSON type that passes {@code rule}, else names the rule. */
  private <T> T typed(String key, Class<T> type, Predicate<T> rule, String described)
      throws IOException {
    Object value = get(key);
    if (type.isInstance(value) && rule.test(type.cast(value))) {
      return type.cast(value);
    }
    throw wrongType(key, described);
  }

  /**
   * Reads the name of an enum constant.
   *
   * @param <E> the enum type
   * @param key the member name
   * @param type the enum class
   * @return the constant whose {@link Enum#name()} is the value
   * @throws IOException if the key is missing or its value names no constant of {@code type}
   */
  public <E extends Enum<E>> E enumValue(String key, Class<E> type) throws IOException {
    Objects.requireNonNull(type, "type");
    Object value = get(key);
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(value)) {
        return constant;
      }
      names.add(constant.name());
    }
    throw wrongType(key, "one of " + names);
  }

  /**
   * Reads a nested object, e.g. the LSTM part of a model's config.
   *
   * @param key the member name
   * @return a reader of the nested object, whose path is {@code path() + "." + key}
   * @throws IOException if the key is missing or its value is not an object
   */
  public ConfigReader object(String key) throws IOException {
    if (get(key) instanceof Map<?, ?> members) {
      @SuppressWarnings("unchecked") // Json builds every object as Map<String, Object>
      Map<String, Object> nested = (Map<String, Object>) members;
      return new ConfigReader(nested, path + "." + key);
    }
    throw wrongType(key, "an object");
  }

  /**
   * Rejects every key that no getter has read so far.
   *
   * @throws IOException naming the first unknown key and the keys that were read
   */
  public void requireNoOtherKeys() throws IOException {
    for (String key : object.keySet()) {
      if (!read.contains(key)) {
        throw new IOException(
            path + " must have only the keys " + read + ", got unknown key " + quote(key));
      }
    }
  }

  /**
   * Calls a config's validating constructor, turning its {@link IllegalArgumentException} into an
   * {@link IOException} whose message is prefixed with this object's path.
   *
   * @param <T> the config type
   * @param constructor builds the config from values already read
   * @return the config
   * @throws IOException if the constructor throws {@link IllegalArgumentException}
   */
  public <T> T build(Supplier<T> constructor) throws IOException {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw new IOException(path + "." + e.getMessage(), e);
    }
  }

  private Object get(String key) throws IOException {
    Objects.requireNonNull(key, "key");
    if (!object.containsKey(key)) {
      throw new IOException(
          path + "." + key + " must be present, got an object with the keys " + keys());
    }
    read.add(key);
    return object.get(key);
  }

  private String keys() {
    return Json.abbreviate(object.keySet().toString());
  }

  private IOException wrongType(String key, String rule) {
    return new IOException(
        path
            + "."
            + key
            + " must be "
            + rule
            + ", got "
            + Json.abbreviate(Json.write(object.get(key))));
  }

  private static String quote(String text) {
    return Json.write(Json.abbreviate(text));
  }
}
