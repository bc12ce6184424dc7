package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Records;
import java.util.Objects;

/**
 * What a {@link Forecaster} reads, predicts and how it trains: each training example is a window of
 * {@code window} consecutive values and the {@code horizon} values after it; the latest {@code
 * validationFraction} of each training series is held out to choose the best epoch.
 *
 * <pre>{@code
 * ForecasterConfig config = ForecasterConfig.defaults().withWindow(104).withHorizon(52)
 *     .withRegressor(RegressorConfig.defaults().withHiddenSize(64).withEpochs(40));
 * }</pre>
 *
 * @param window values the model reads before each forecast, {@code > 0}
 * @param horizon steps the model forecasts at once (one head output per step), {@code > 0}
 * @param normalization how values are scaled before the model sees them
 * @param validationFraction share of each training series (its end) whose targets are held out, in
 *     [0, 1); 0 trains on everything and keeps the last epoch's weights
 * @param regressor the LSTM and its training recipe
 */
public record ForecasterConfig(
    int window,
    int horizon,
    Normalization normalization,
    double validationFraction,
    RegressorConfig regressor) {

  /**
   * Validates every field.
   *
   * @param window see the record description
   * @param horizon see the record description
   * @param normalization see the record description
   * @param validationFraction see the record description
   * @param regressor see the record description
   */
  public ForecasterConfig {
    Checks.positive("window", window);
    Checks.positive("horizon", horizon);
    Objects.requireNonNull(normalization, "normalization");
    Checks.inHalfOpenRange("validationFraction", validationFraction, 0.0, 1.0);
    Objects.requireNonNull(regressor, "regressor");
  }

  /**
   * Returns the defaults: window 24, horizon 1, {@link Normalization#LAST_VALUE}, 10% validation,
   * {@link RegressorConfig#defaults()}.
   *
   * @return the config
   */
  public static ForecasterConfig defaults() {
    return new ForecasterConfig(24, 1, Normalization.LAST_VALUE, 0.1, RegressorConfig.defaults());
  }

  /**
   * Returns a copy with another {@code window}.
   *
   * @param value the new {@code window} (see the record description)
   * @return the new config
   */
  public ForecasterConfig withWindow(int value) {
    return Records.with(this, "window", value);
  }

  /**
   * Returns a copy with another {@code horizon}.
   *
   * @param value the new {@code horizon} (see the record description)
   * @return the new config
   */
  public ForecasterConfig withHorizon(int value) {
    return Records.with(this, "horizon", value);
  }

  /**
   * Returns a copy with another {@code normalization}.
   *
   * @param value the new {@code normalization} (see the record description)
   * @return the new config
   */
  public ForecasterConfig withNormalization(Normalization value) {
    return Records.with(this, "normalization", value);
  }

  /**
   * Returns a copy with another {@code validationFraction}.
   *
   * @param value the new {@code validationFraction} (see the record description)
   * @return the new config
   */
  public ForecasterConfig withValidationFraction(double value) {
    return Records.with(this, "validationFraction", value);
  }

  /**
   * Returns a copy with another {@code regressor}.
   *
   * @param value the new {@code regressor} (see the record description)
   * @return the new config
   */
  public ForecasterConfig withRegressor(RegressorConfig value) {
    return Records.with(this, "regressor", value);
  }
}
