package io.github.lstm4j.core.optim;

import io.github.lstm4j.core.Checks;

/**
 * RMSProp (Hinton), as {@code torch.optim.RMSprop} without momentum or centering.
 *
 * <pre>
 * g ← g + λ·θ
 * v ← α·v + (1 − α)·g²
 * θ ← θ − lr·g / (√v + ε)
 * </pre>
 *
 * <pre>{@code
 * Optimizer opt = new RmsProp(1e-3);
 * }</pre>
 */
public final class RmsProp extends Optimizer {
  private final double alpha;
  private final double epsilon;
  private final double weightDecay;

  /**
   * RMSProp with α = 0.99, ε = 1e-8 and no weight decay (PyTorch's defaults).
   *
   * @param learningRate the step size, finite and {@code > 0}
   */
  public RmsProp(double learningRate) {
    this(learningRate, 0.99, 1e-8, 0.0);
  }

  /**
   * RMSProp with every hyper-parameter given.
   *
   * @param learningRate the step size, finite and {@code > 0}
   * @param alpha the smoothing constant, in [0, 1)
   * @param epsilon added to the denominator, finite and {@code > 0}
   * @param weightDecay L2 penalty λ, finite and {@code >= 0}
   */
  public RmsProp(double learningRate, double alpha, double epsilon, double weightDecay) {
    super(learningRate, "square_avg");
    this.alpha = Checks.inHalfOpenRange("alpha", alpha, 0.0, 1.0);
    this.epsilon = Checks.positiveFinite("epsilon", epsilon);
    this.weightDecay = Checks.nonNegativeFinite("weightDecay", weightDecay);
  }

  @Override
  protected void update(float[] values, float[] grads, int n, long step) {
    float[] v = buffer("square_avg");
    float lr = (float) learningRate();
    float a = (float) alpha;
    float oneMinusA = (float) (1.0 - alpha);
    float eps = (float) epsilon;
    float l2 = (float) weightDecay;
    for (int i = 0; i < n; i++) {
      float g = grads[i] + l2 * values[i];
      v[i] = a * v[i] + oneMinusA * g * g;
      values[i] -= lr * g / ((float) Math.sqrt(v[i]) + eps);
    }
  }
}
