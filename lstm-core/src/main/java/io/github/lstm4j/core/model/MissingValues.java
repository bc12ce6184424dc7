package io.github.lstm4j.core.model;

/**
 * The missing-value policy of {@link Forecaster}: a missing value is {@code NaN}; a gap inside a
 * series (any number of consecutive missing values with a value on both sides) is filled by linear
 * interpolation between its two neighbours; a series that starts or ends with a missing value, or
 * holds an infinite value, is refused with an {@link IllegalArgumentException} naming the row.
 *
 * <pre>
 * y_i = y_a + (y_b − y_a)·(i − a)/(b − a)     for a &lt; i &lt; b, y_a and y_b present
 * </pre>
 */
final class MissingValues {
  private MissingValues() {}

  /**
   * Returns a copy of the series with its interior gaps interpolated.
   *
   * @param values the raw series, NaN = missing
   * @param name the series' name in messages, e.g. {@code "series[0]"}
   * @return the filled series
   * @throws IllegalArgumentException if the series is empty, starts or ends with a missing value,
   *     or holds an infinite value; the message names the row
   */
  static double[] interpolate(double[] values, String name) {
    int n = values.length;
    if (n == 0) {
      throw new IllegalArgumentException(name + " must have at least one value, got none");
    }
    for (int i = 0; i < n; i++) {
      if (Double.isInfinite(values[i])) {
        throw new IllegalArgumentException(
            name + " row " + i + " must be finite or NaN (missing), got " + values[i]);
      }
    }
    if (Double.isNaN(values[0]) || Double.isNaN(values[n - 1])) {
      int row = Double.isNaN(values[0]) ? 0 : n - 1;
      throw new IllegalArgumentException(
          name
              + " row "
              + row
              + " is missing: a series must start and end with a value (only gaps between two"
              + " values are interpolated)");
    }
    double[] filled = values.clone();
    int last = 0; // the last present row
    for (int i = 1; i < n; i++) {
      if (Double.isNaN(values[i])) {
        continue;
      }
      for (int j = last + 1; j < i; j++) {
        filled[j] = values[last] + (values[i] - values[last]) * (j - last) / (i - last);
      }
      last = i;
    }
    return filled;
  }
}
