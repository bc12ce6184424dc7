package io.github.lstm4j.core.io;

import io.github.lstm4j.core.Records;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON form of every config record, driven by the record's components: one member per
 * component, under its Java name, in declaration order; enums by constant name; nested records as
 * nested objects; {@code int}, {@code long}, {@code double}, {@code boolean}, {@code String} and
 * {@code List<String>} as themselves. A component marked {@link JsonDefault} is left out when it
 * has its default and read as the default when absent.
 *
 * <pre>{@code
 * String json = RecordJson.write(config);                    // {"inputSize":65,"hiddenSize":256,…}
 * LstmConfig again = RecordJson.read(json, LstmConfig.class); // equals config
 * }</pre>
 *
 * <p>Reading is strict (see {@link ConfigReader}): every other member must be present with its
 * type, no unknown member is allowed, and the record's own validation applies; each problem is an
 * {@link IOException} naming the key by its path and the value found ({@code "config.hiddenSize
 * must be > 0, got 0"}). Doubles are written in their shortest round-trip form, so a config
 * survives a write and a read exactly. Adding a component to a config needs nothing here.
 */
public final class RecordJson {
  private RecordJson() {}

  /**
   * Returns a record as JSON members, to write alone or nested in a larger object.
   *
   * @param record the record
   * @return its members in declaration order, a new modifiable map
   * @throws IllegalArgumentException if a component has a type this mapping does not support
   */
  public static Map<String, Object> toMap(Record record) {
    Objects.requireNonNull(record, "record");
    RecordComponent[] components = Records.components(record.getClass());
    Object[] values = Records.values(record);
    Map<String, Object> members = new LinkedHashMap<>();
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      JsonDefault absent = component.getAnnotation(JsonDefault.class);
      if (absent != null && values[i].equals(defaultValue(component, absent))) {
        continue; // see JsonDefault
      }
      members.put(component.getName(), member(component, values[i]));
    }
    return members;
  }

  /**
   * Writes a record as compact JSON.
   *
   * @param record the record
   * @return the JSON text
   */
  public static String write(Record record) {
    return Json.write(toMap(record));
  }

  /**
   * Reads a record written by {@link #write}; messages call the object {@code config}.
   *
   * @param <R> the record type
   * @param json the JSON text
   * @param type the record class
   * @return the record
   * @throws IOException if the text is not a JSON object, a member is missing, has the wrong type
   *     or is unknown, or the values break the record's rules
   */
  public static <R extends Record> R read(String json, Class<R> type) throws IOException {
    return read(ConfigReader.parse(json, "config"), type);
  }

  /**
   * Reads a record from a JSON object, e.g. one nested in a larger config; rejects members that are
   * not components of {@code type}.
   *
   * @param <R> the record type
   * @param object the object
   * @param type the record class
   * @return the record
   * @throws IOException as {@link #read(String, Class)} does, naming keys by {@code object.path()}
   */
  public static <R extends Record> R read(ConfigReader object, Class<R> type) throws IOException {
    RecordComponent[] components = Records.components(type);
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      JsonDefault absent = component.getAnnotation(JsonDefault.class);
      values[i] =
          absent != null && !object.has(component.getName())
              ? defaultValue(component, absent)
              : value(object, component.getName(), component.getGenericType());
    }
    object.requireNoOtherKeys();
    return object.build(() -> Records.create(type, values));
  }

  private static Object member(RecordComponent component, Object value) {
    if (value instanceof Enum<?> constant) {
      return constant.name();
    } else if (value instanceof Record nested) {
      return toMap(nested);
    } else if (value instanceof List<?> list) {
      return new ArrayList<>(list);
    } else if (value instanceof Number || value instanceof Boolean || value instanceof String) {
      return value;
    }
    throw unsupported(component.getDeclaringRecord(), component.getName(), component.getType());
  }

  private static Object value(ConfigReader object, String key, Type type) throws IOException {
    if (type == int.class) {
      return object.intValue(key);
    } else if (type == long.class) {
      return object.longValue(key);
    } else if (type == double.class) {
      return object.doubleValue(key);
    } else if (type == boolean.class) {
      return object.booleanValue(key);
    } else if (type == String.class) {
      return object.string(key);
    } else if (type instanceof Class<?> c && c.isEnum()) {
      return enumValue(object, key, c);
    } else if (type instanceof Class<?> c && c.isRecord()) {
      return read(object.object(key), c.asSubclass(Record.class));
    } else if (type instanceof ParameterizedType list
        && list.getRawType() == List.class
        && list.getActualTypeArguments()[0] == String.class) {
      return object.strings(key);
    }
    throw new IllegalArgumentException(
        object.path() + "." + key + " has a type RecordJson does not map, got " + type);
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // c.isEnum() was checked
  private static Object enumValue(ConfigReader object, String key, Class<?> c) throws IOException {
    return object.enumValue(key, (Class) c);
  }

  /** The value {@code @JsonDefault} names, read as a file's member would be. */
  private static Object defaultValue(RecordComponent component, JsonDefault absent) {
    Class<?> type = component.getType();
    String name = component.getName();
    try {
      Object member =
          type.isEnum() || type == String.class ? absent.value() : Json.parse(absent.value());
      ConfigReader holder =
          ConfigReader.of(
              Map.of(name, member), component.getDeclaringRecord().getSimpleName() + " default");
      return value(holder, name, component.getGenericType());
    } catch (IOException e) {
      throw new IllegalStateException(
          "@JsonDefault of " + component.getDeclaringRecord().getName() + "." + name, e);
    }
  }

  private static IllegalArgumentException unsupported(Class<?> record, String name, Class<?> type) {
    return new IllegalArgumentException(
        record.getSimpleName() + "." + name + " has a type RecordJson does not map, got " + type);
  }
}
