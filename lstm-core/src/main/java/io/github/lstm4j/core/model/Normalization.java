package io.github.lstm4j.core.model;

/**
 * How a {@link Forecaster} turns raw series values into the numbers its LSTM reads and predicts.
 * Both use a per-series mean μ and standard deviation σ fitted on the training part only (σ = 1 for
 * a constant series); they differ in what is subtracted.
 *
 * <pre>
 * STANDARD    input (y_{t−k} − μ)/σ,    target (y_{t+h} − μ)/σ,    forecast μ + σ·out_h
 * LAST_VALUE  input (y_{t−k} − y_t)/σ,  target (y_{t+h} − y_t)/σ,  forecast y_t + σ·out_h
 * </pre>
 *
 * <p>{@code LAST_VALUE} makes the model see each window relative to its last value, so a series
 * whose level drifts out of the training range (a trend) still gives inputs the model has seen; an
 * output of 0 is the persistence forecast. {@code STANDARD} keeps the level, which helps when the
 * level itself matters (a bounded, stationary series).
 *
 * <pre>{@code
 * ForecasterConfig config = ForecasterConfig.defaults().withNormalization(Normalization.STANDARD);
 * }</pre>
 */
public enum Normalization {
  /** Subtract the training mean, divide by the training standard deviation. */
  STANDARD,
  /** Subtract the window's last value, divide by the training standard deviation. */
  LAST_VALUE
}
