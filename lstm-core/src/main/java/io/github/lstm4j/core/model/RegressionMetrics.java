package io.github.lstm4j.core.model;

import java.util.Locale;

/**
 * Scores of point forecasts against the values that came: root mean squared error, mean absolute
 * error and mean absolute percentage error.
 *
 * <pre>
 * RMSE = √(Σ (ŷ − y)² / n)     MAE = Σ |ŷ − y| / n     MAPE = 100 · Σ_{y ≠ 0} |ŷ − y| / |y| / n_{y≠0}
 * </pre>
 *
 * <p>MAPE is undefined where the target is 0: those targets are left out of it (and only of it),
 * {@code mapeCount} says how many were counted, and MAPE is NaN when none was. Sums run in double.
 *
 * <pre>{@code
 * RegressionMetrics m = RegressionMetrics.of(new double[] {1, 2}, new double[] {1, 4});
 * m.rmse(); // √2
 * }</pre>
 *
 * @param count n, the number of scored values
 * @param rmse root mean squared error, NaN when {@code count} is 0
 * @param mae mean absolute error, NaN when {@code count} is 0
 * @param mape mean absolute percentage error in percent over the non-zero targets, NaN without one
 * @param mapeCount the number of non-zero targets MAPE averages over
 */
public record RegressionMetrics(int count, double rmse, double mae, double mape, int mapeCount) {

  /**
   * Scores predictions against targets.
   *
   * @param predicted ŷ
   * @param actual y, as long as {@code predicted}
   * @return the scores
   * @throws IllegalArgumentException if the lengths differ
   */
  public static RegressionMetrics of(double[] predicted, double[] actual) {
    if (predicted.length != actual.length) {
      throw new IllegalArgumentException(
          "actual must have the length of predicted "
              + predicted.length
              + ", got "
              + actual.length);
    }
    Accumulator scores = new Accumulator();
    for (int i = 0; i < predicted.length; i++) {
      scores.add(predicted[i], actual[i]);
    }
    return scores.metrics();
  }

  /**
   * Returns the scores as one line, e.g. {@code "RMSE 0.512 MAE 0.401 MAPE 0.11% (n=450)"}.
   *
   * @return the line
   */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "RMSE %.4g MAE %.4g MAPE %.4g%% (n=%d)", rmse, mae, mape, count);
  }

  /** Running sums of the scores, added one value at a time. */
  static final class Accumulator {
    private int count;
    private double squares;
    private double absolutes;
    private double percentages;
    private int percentageCount;

    void add(double predicted, double actual) {
      double error = predicted - actual;
      count++;
      squares += error * error;
      absolutes += Math.abs(error);
      if (actual != 0) {
        percentages += Math.abs(error) / Math.abs(actual);
        percentageCount++;
      }
    }

    RegressionMetrics metrics() {
      return new RegressionMetrics(
          count,
          count > 0 ? Math.sqrt(squares / count) : Double.NaN,
          count > 0 ? absolutes / count : Double.NaN,
          percentageCount > 0 ? 100 * percentages / percentageCount : Double.NaN,
          percentageCount);
    }
  }
}
