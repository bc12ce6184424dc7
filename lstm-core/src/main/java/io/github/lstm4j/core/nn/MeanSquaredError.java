package io.github.lstm4j.core.nn;

/**
 * The squared error, as PyTorch's {@code nn.MSELoss}, for regression and forecasting.
 *
 * <pre>
 * forward:   ℓ(x, y) = (x − y)²
 * backward:  ∂ℓ/∂x = 2(x − y)
 * </pre>
 *
 * <p>Rows, masks and reductions are those of {@link ElementwiseLoss}: with {@link Reduction#MEAN}
 * and no mask, L = (1/(N·F))·Σ (x − y)², PyTorch's default.
 *
 * <pre>{@code
 * MeanSquaredError mse = new MeanSquaredError(Reduction.MEAN);
 * double loss = mse.forward(prediction, target); // (N, F) each
 * mse.backward(prediction, target, dPrediction);
 * }</pre>
 */
public final class MeanSquaredError extends ElementwiseLoss {
  /**
   * Creates the loss.
   *
   * @param reduction MEAN (PyTorch's default) or SUM
   */
  public MeanSquaredError(Reduction reduction) {
    super(reduction);
  }

  @Override
  double value(double x, double y, int column) {
    double e = x - y;
    return e * e;
  }

  @Override
  double derivative(double x, double y, int column) {
    return 2 * (x - y);
  }

  @Override
  public String toString() {
    return "MeanSquaredError(" + reduction() + ")";
  }
}
