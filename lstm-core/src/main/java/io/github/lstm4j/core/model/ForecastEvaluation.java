package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Forecaster}'s forecasts over the test part of a series, scored at every horizon step
 * against the values that came, beside two baselines scored on exactly the same (origin, target)
 * pairs:
 *
 * <pre>
 * persistence     ŷ_{t+h} = y_t                         the last value
 * seasonal naive  ŷ_{t+h} = y_{t+h−s·⌈h/s⌉}             the value one season (s steps) before the
 *                                                       target, or k seasons while h &gt; s
 * </pre>
 *
 * <p>An origin t is a row of the test part (or the last training row) whose value is present; a
 * pair (t, h) is scored when the target y_{t+h} is present (interpolated targets are never scored).
 * With {@code h = s} the two baselines coincide.
 *
 * <pre>{@code
 * ForecastEvaluation e = forecaster.evaluate(ctx, 0, series, split, 52);
 * e.model(1).rmse(); e.persistence(1).rmse(); e.seasonalNaive(52).rmse();
 * }</pre>
 */
public final class ForecastEvaluation {
  private final int season;
  private final int horizon;
  private final double[] filled; // (n) the series with its gaps interpolated
  private final double[][] forecasts; // (n, H) the model's forecast made at each row, NaN if none
  private final List<RegressionMetrics[]> scores; // per h − 1: model, persistence, seasonal naive

  ForecastEvaluation(
      int season,
      int horizon,
      double[] filled,
      double[][] forecasts,
      List<RegressionMetrics[]> scores) {
    this.season = season;
    this.filled = filled;
    this.horizon = horizon;
    this.forecasts = forecasts;
    this.scores = scores;
  }

  /**
   * Returns the season the seasonal-naive baseline used.
   *
   * @return s
   */
  public int season() {
    return season;
  }

  /**
   * Returns the largest horizon step.
   *
   * @return H
   */
  public int horizon() {
    return horizon;
  }

  /**
   * Returns the model's scores at one horizon step.
   *
   * @param h the step, in [1, H]
   * @return RMSE, MAE, MAPE
   */
  public RegressionMetrics model(int h) {
    return at(h)[0];
  }

  /**
   * Returns the persistence baseline's scores at one horizon step.
   *
   * @param h the step, in [1, H]
   * @return RMSE, MAE, MAPE
   */
  public RegressionMetrics persistence(int h) {
    return at(h)[1];
  }

  /**
   * Returns the seasonal-naive baseline's scores at one horizon step.
   *
   * @param h the step, in [1, H]
   * @return RMSE, MAE, MAPE
   */
  public RegressionMetrics seasonalNaive(int h) {
    return at(h)[2];
  }

  /**
   * Returns the model's forecast of {@code y_{origin + h}} made at row {@code origin}.
   *
   * @param origin a row of the series
   * @param h the step, in [1, H]
   * @return the forecast, NaN if {@code origin} was not a scored origin
   */
  public double forecast(int origin, int h) {
    Checks.index("origin", origin, forecasts.length);
    Checks.index("h - 1", h - 1, horizon);
    return forecasts[origin][h - 1];
  }

  /**
   * Returns the persistence forecast of {@code y_{origin + h}}: {@code y_origin}.
   *
   * @param origin a row of the series
   * @param h the step, in [1, H]
   * @return the forecast, NaN if {@code origin} was not a scored origin
   */
  public double persistenceForecast(int origin, int h) {
    return Double.isNaN(forecast(origin, h)) ? Double.NaN : filled[origin];
  }

  /**
   * Returns the seasonal-naive forecast of {@code y_{origin + h}}: the value one season (or k
   * seasons, while h &gt; s) before the target, interpolated if it was missing.
   *
   * @param origin a row of the series
   * @param h the step, in [1, H]
   * @return the forecast, NaN if {@code origin} was not a scored origin or the value lies before
   *     the series
   */
  public double seasonalNaiveForecast(int origin, int h) {
    int row = seasonalRow(origin, h, season);
    return Double.isNaN(forecast(origin, h)) || row < 0 ? Double.NaN : filled[row];
  }

  /** The row one season before the target {@code origin + h}: t + h − s·⌈h/s⌉. */
  static int seasonalRow(int origin, int h, int season) {
    return origin + h - season * ((h + season - 1) / season);
  }

  private RegressionMetrics[] at(int h) {
    Checks.index("h - 1", h - 1, horizon);
    return scores.get(h - 1);
  }

  /**
   * Returns a text table of the three at the given horizon steps, one row per step and method.
   *
   * <pre>
   * horizon  method          RMSE      MAE       MAPE %    n
   *       1  model           0.3012    0.2311    0.0641    450
   * </pre>
   *
   * @param steps horizon steps, each in [1, H]
   * @return the table, one line per row, each ending with a newline
   */
  public String table(int... steps) {
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%7s  %-15s %10s %10s %10s %6s%n",
                "horizon",
                "method",
                "RMSE",
                "MAE",
                "MAPE %",
                "n"));
    String[] names = {"model", "persistence", "seasonal naive"};
    for (int h : Arrays.stream(steps).toArray()) {
      RegressionMetrics[] row = at(h);
      for (int k = 0; k < 3; k++) {
        s.append(
            String.format(
                Locale.ROOT,
                "%7d  %-15s %10.4f %10.4f %10.4f %6d%n",
                h,
                names[k],
                row[k].rmse(),
                row[k].mae(),
                row[k].mape(),
                row[k].count()));
      }
    }
    return s.toString();
  }
}
