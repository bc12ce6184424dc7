package io.github.lstm4j.core.nn;

/**
 * How a loss turns its per-element (or per-row) terms into one number: PyTorch's {@code
 * reduction="mean"} and {@code reduction="sum"}, with masks and ignored rows counting for nothing.
 *
 * <pre>
 * MEAN:  L = Σ_counted w·ℓ / Σ_counted w      (w = mask or class weight, 1 when there is none)
 * SUM:   L = Σ_counted w·ℓ
 * </pre>
 *
 * <p>When nothing is counted (every row masked or ignored, or every weight zero) both give L = 0
 * and a zero gradient. PyTorch's mean gives NaN there (0/0); a batch made only of padding is a
 * normal event in sequence training, and a NaN would poison every weight through the optimizer, so
 * lstm4j returns the value of an empty sum instead.
 *
 * <pre>{@code
 * MeanSquaredError mse = new MeanSquaredError(Reduction.SUM);
 * }</pre>
 */
public enum Reduction {
  /** The weighted mean over what is counted: PyTorch's default. */
  MEAN,
  /** The plain (weighted) sum. */
  SUM;

  /**
   * Reduces a weighted total.
   *
   * @param total Σ w·ℓ over the counted terms
   * @param counted Σ w over the counted terms
   * @return the loss; 0 for MEAN when {@code counted} is 0
   */
  double reduce(double total, double counted) {
    if (this == SUM) {
      return total;
    }
    return counted > 0 ? total / counted : 0.0;
  }

  /**
   * The factor ∂L/∂(w·ℓ) that multiplies each term's derivative.
   *
   * @param counted Σ w over the counted terms
   * @return 1 for SUM; 1/counted for MEAN, or 0 when nothing is counted
   */
  double scale(double counted) {
    if (this == SUM) {
      return 1.0;
    }
    return counted > 0 ? 1.0 / counted : 0.0;
  }
}
