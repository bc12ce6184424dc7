package io.github.lstm4j.core;

import java.util.List;
import java.util.Locale;

/**
 * Argument checks for public entry points: each throws {@link IllegalArgumentException} with a
 * message of the form {@code "<name> must be <rule>, got <value>"}.
 *
 * <p>The overloads take primitives so that a passing check neither boxes nor allocates. Internal
 * invariants use {@code assert} instead (kernels validate nothing beyond that).
 *
 * <pre>{@code
 * Checks.positive("hiddenSize", hiddenSize);
 * }</pre>
 */
public final class Checks {
  private Checks() {}

  /**
   * Requires {@code value > 0}.
   *
   * @param name the parameter name used in the message
   * @param value the value to check
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value <= 0}
   */
  public static int positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
    return value;
  }

  /**
   * Requires {@code value >= 0}.
   *
   * @param name the parameter name used in the message
   * @param value the value to check
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value < 0}
   */
  public static int nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  /**
   * Requires {@code value > 0} and finite.
   *
   * @param name the parameter name used in the message
   * @param value the value to check
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value} is NaN, infinite or {@code <= 0}
   */
  public static double positiveFinite(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + format(value));
    }
    return value;
  }

  /**
   * Requires {@code value >= 0} and finite.
   *
   * @param name the parameter name used in the message
   * @param value the value to check
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value} is NaN, infinite or negative
   */
  public static double nonNegativeFinite(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + format(value));
    }
    return value;
  }

  /**
   * Requires {@code value} to be finite (any sign).
   *
   * @param name the parameter name used in the message
   * @param value the value to check
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value} is NaN or infinite
   */
  public static double finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite, got " + format(value));
    }
    return value;
  }

  /**
   * Requires {@code low <= value < high}: a probability such as a dropout rate or a momentum.
   *
   * @param name the parameter name used in the message
   * @param value the value to check
   * @param low the inclusive lower bound
   * @param high the exclusive upper bound
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value} is NaN or outside {@code [low, high)}
   */
  public static double inHalfOpenRange(String name, double value, double low, double high) {
    if (!(value >= low && value < high)) {
      throw new IllegalArgumentException(
          name + " must be in [" + format(low) + ", " + format(high) + "), got " + format(value));
    }
    return value;
  }

  /**
   * Requires {@code 0 <= index < size}.
   *
   * @param name the parameter name used in the message
   * @param index the index to check
   * @param size the exclusive upper bound
   * @return {@code index}
   * @throws IllegalArgumentException if {@code index} is outside {@code [0, size)}
   */
  public static int index(String name, int index, int size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(name + " must be in [0, " + size + "), got " + index);
    }
    return index;
  }

  /**
   * Requires every id in {@code [0, bound)}: the token ids of an input, the class ids of labels.
   *
   * @param name what the caller calls the ids, such as {@code "train.labels"}
   * @param kind the kind of id for the message, such as {@code "class"}
   * @param ids the ids
   * @param bound the exclusive upper bound: the vocabulary size or the number of classes
   * @throws IllegalArgumentException naming the first id outside, as {@code "<name>[i] must be a
   *     <kind> id in [0, <bound>), got <id>"}
   */
  public static void ids(String name, String kind, int[] ids, int bound) {
    int bad = firstOutside(ids, bound);
    if (bad >= 0) {
      throw outside(name + "[" + bad + "]", kind, ids[bad], bound);
    }
  }

  /**
   * Requires every id of every row in {@code [0, bound)}, as {@link #ids(String, String, int[],
   * int)} does for one row.
   *
   * @param name what the caller calls the rows, such as {@code "train.tags"}
   * @param kind the kind of id for the message, such as {@code "token"}
   * @param rows the rows of ids, one per sequence
   * @param bound the exclusive upper bound: the vocabulary size or the number of classes
   * @throws IllegalArgumentException naming the first id outside, as {@code "<name>[i][t] must be a
   *     <kind> id in [0, <bound>), got <id>"}
   */
  public static void ids(String name, String kind, List<int[]> rows, int bound) {
    for (int i = 0; i < rows.size(); i++) {
      int[] row = rows.get(i);
      int bad = firstOutside(row, bound);
      if (bad >= 0) {
        throw outside(name + "[" + i + "][" + bad + "]", kind, row[bad], bound);
      }
    }
  }

  /** The index of the first id outside [0, bound), or −1: a scan that builds no message. */
  private static int firstOutside(int[] ids, int bound) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= bound) {
        return i;
      }
    }
    return -1;
  }

  private static IllegalArgumentException outside(String place, String kind, int id, int bound) {
    return new IllegalArgumentException(
        place + " must be a " + kind + " id in [0, " + bound + "), got " + id);
  }

  /**
   * Requires {@code condition}; otherwise throws with the given message.
   *
   * @param condition the condition that must hold
   * @param message the complete message, already naming the parameter, rule and value
   * @throws IllegalArgumentException if {@code condition} is false
   */
  public static void argument(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Formats a number for an error message, independent of the default locale.
   *
   * @param value the number
   * @return its shortest round-trip text, {@code "NaN"} or {@code "Infinity"} included
   */
  public static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return Double.toString(value);
  }
}
