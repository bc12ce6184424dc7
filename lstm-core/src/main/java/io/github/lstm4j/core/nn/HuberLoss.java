package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Checks;

/**
 * The Huber loss, as PyTorch's {@code nn.HuberLoss(delta)}: squared for small errors, linear for
 * large ones, so outliers pull on the model with a bounded force.
 *
 * <pre>
 * e = x − y
 * forward:   ℓ = ½e²             if |e| &lt; δ
 *            ℓ = δ·(|e| − ½δ)    otherwise
 * backward:  ∂ℓ/∂x = e           if |e| &lt; δ
 *            ∂ℓ/∂x = δ·sign(e)   otherwise         (= clamp(e, −δ, δ), continuous at |e| = δ)
 * </pre>
 *
 * <p>PyTorch's {@code nn.SmoothL1Loss(beta)} is the same curve divided by its width: smoothL1_β =
 * huber_δ / δ with δ = β (½e²/β inside, |e| − ½β outside). {@link #smoothL1} builds it. Rows, masks
 * and reductions are those of {@link ElementwiseLoss}.
 *
 * <pre>{@code
 * HuberLoss huber = new HuberLoss(1.0, Reduction.MEAN);
 * double loss = huber.forward(prediction, target, mask); // mask (N) leaves padded rows out
 * huber.backward(prediction, target, mask, dPrediction);
 * }</pre>
 */
public final class HuberLoss extends ElementwiseLoss {
  private final double delta;
  private final double scale; // 1 for Huber, 1/β for smooth L1

  /**
   * Creates PyTorch's {@code HuberLoss(delta=delta, reduction=…)}.
   *
   * @param delta δ, where the loss turns from squared to linear; finite and {@code > 0} (PyTorch's
   *     default is 1)
   * @param reduction MEAN or SUM
   * @throws IllegalArgumentException if {@code delta} is not finite and positive
   */
  public HuberLoss(double delta, Reduction reduction) {
    this(Checks.positiveFinite("delta", delta), 1.0, reduction);
  }

  private HuberLoss(double delta, double scale, Reduction reduction) {
    super(reduction);
    this.delta = delta;
    this.scale = scale;
  }

  /**
   * Creates PyTorch's {@code SmoothL1Loss(beta=beta, reduction=…)}: the Huber loss with δ = β,
   * divided by β.
   *
   * @param beta β, finite and {@code > 0} (PyTorch's default is 1; its β = 0, plain L1, is not
   *     offered)
   * @param reduction MEAN or SUM
   * @return the loss
   * @throws IllegalArgumentException if {@code beta} is not finite and positive
   */
  public static HuberLoss smoothL1(double beta, Reduction reduction) {
    Checks.positiveFinite("beta", beta);
    return new HuberLoss(beta, 1.0 / beta, reduction);
  }

  /**
   * Returns δ (β for {@link #smoothL1}).
   *
   * @return the width of the squared region
   */
  public double delta() {
    return delta;
  }

  @Override
  double value(double x, double y, int column) {
    double e = x - y;
    double a = Math.abs(e);
    return scale * (a < delta ? 0.5 * e * e : delta * (a - 0.5 * delta));
  }

  @Override
  double derivative(double x, double y, int column) {
    double e = x - y;
    return scale * Math.max(-delta, Math.min(delta, e));
  }

  @Override
  public String toString() {
    return (scale == 1.0 ? "HuberLoss(delta=" : "HuberLoss.smoothL1(beta=")
        + delta
        + ", "
        + reduction()
        + ")";
  }
}
