package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;

/**
 * The normalisation statistics of one series, fitted on its training part only: the mean μ and the
 * standard deviation σ (population, over the values after interpolation; 1 for a constant series).
 * See {@link Normalization} for how they are used.
 *
 * <pre>{@code
 * SeriesScale s = forecaster.scale(0); // s.mean(), s.scale()
 * }</pre>
 *
 * @param mean μ, finite
 * @param scale σ, finite and {@code > 0}
 */
public record SeriesScale(double mean, double scale) {
  /**
   * Validates the values.
   *
   * @param mean see the record description
   * @param scale see the record description
   */
  public SeriesScale {
    Checks.finite("mean", mean);
    Checks.positiveFinite("scale", scale);
  }

  /** Fits μ and σ of values, in double. */
  static SeriesScale fit(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / values.length;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(squares / values.length);
    return new SeriesScale(mean, std > 0 ? std : 1.0);
  }
}
