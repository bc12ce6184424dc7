package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import java.util.Objects;

/**
 * What a {@link Forecaster} reads, predicts and how it trains: each training example is a window of
 * {@code window} consecutive values and the {@code horizon} values after it; the latest {@code
 * validationFraction} of each training series is held out to choose the best epoch.
 *
 * <pre>{@code
 * ForecasterConfig config = ForecasterConfig.builder().window(104).horizon(52)
 *     .regressor(RegressorConfig.builder().hiddenSize(64).epochs(40).build()).build();
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
   * Returns a builder holding the defaults: window 24, horizon 1, {@link Normalization#LAST_VALUE},
   * 10% validation, the regressor defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this config's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder()
        .window(window)
        .horizon(horizon)
        .normalization(normalization)
        .validationFraction(validationFraction)
        .regressor(regressor);
  }

  /** Collects values; {@link #build()} validates them. Starts from the defaults. */
  public static final class Builder {
    private int window = 24;
    private int horizon = 1;
    private Normalization normalization = Normalization.LAST_VALUE;
    private double validationFraction = 0.1;
    private RegressorConfig regressor = RegressorConfig.builder().build();

    private Builder() {}

    /**
     * Sets the window length (default 24).
     *
     * @param value {@code > 0}
     * @return this builder
     */
    public Builder window(int value) {
      window = value;
      return this;
    }

    /**
     * Sets the horizon (default 1).
     *
     * @param value {@code > 0}
     * @return this builder
     */
    public Builder horizon(int value) {
      horizon = value;
      return this;
    }

    /**
     * Sets the normalization (default LAST_VALUE).
     *
     * @param value the normalization
     * @return this builder
     */
    public Builder normalization(Normalization value) {
      normalization = value;
      return this;
    }

    /**
     * Sets the validation share (default 0.1).
     *
     * @param value in [0, 1)
     * @return this builder
     */
    public Builder validationFraction(double value) {
      validationFraction = value;
      return this;
    }

    /**
     * Sets the regressor's shape and recipe.
     *
     * @param value the regressor config
     * @return this builder
     */
    public Builder regressor(RegressorConfig value) {
      regressor = value;
      return this;
    }

    /**
     * Validates and builds the config.
     *
     * @return the config
     * @throws IllegalArgumentException naming the first bad field
     */
    public ForecasterConfig build() {
      return new ForecasterConfig(window, horizon, normalization, validationFraction, regressor);
    }
  }
}
