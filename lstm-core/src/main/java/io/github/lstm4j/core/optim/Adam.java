package io.github.lstm4j.core.optim;

import io.github.lstm4j.core.Checks;

/**
 * Adam (Kingma &amp; Ba), with PyTorch's {@code torch.optim.Adam} semantics, including its L2
 * weight decay added to the gradient.
 *
 * <pre>
 * g ← g + λ·θ                      (if weightDecay λ > 0)
 * m ← β₁·m + (1 − β₁)·g            v ← β₂·v + (1 − β₂)·g²
 * θ ← θ − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
 * </pre>
 *
 * <pre>{@code
 * Optimizer adam = new Adam(2e-3);
 * }</pre>
 */
public class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;

  /**
   * Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and no weight decay.
   *
   * @param learningRate the step size, finite and {@code > 0}
   */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8, 0.0);
  }

  /**
   * Adam with every hyper-parameter given.
   *
   * @param learningRate the step size, finite and {@code > 0}
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param epsilon added to the denominator, finite and {@code > 0}
   * @param weightDecay L2 penalty added to the gradient, finite and {@code >= 0}
   */
  public Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
    super(learningRate, "exp_avg", "exp_avg_sq");
    this.beta1 = Checks.inHalfOpenRange("beta1", beta1, 0.0, 1.0);
    this.beta2 = Checks.inHalfOpenRange("beta2", beta2, 0.0, 1.0);
    this.epsilon = Checks.positiveFinite("epsilon", epsilon);
    this.weightDecay = Checks.nonNegativeFinite("weightDecay", weightDecay);
  }

  /**
   * Returns the weight decay λ.
   *
   * @return λ
   */
  protected double weightDecay() {
    return weightDecay;
  }

  /**
   * Shrinks the parameters before the moment update; Adam's L2 form does nothing here, AdamW decays
   * the weights directly.
   *
   * @param values the parameters
   * @param n how many
   */
  protected void decoupledDecay(float[] values, int n) {}

  /**
   * Returns the L2 coefficient that is added to the gradient (λ for Adam, 0 for AdamW).
   *
   * @return the coefficient
   */
  protected double gradientDecay() {
    return weightDecay;
  }

  @Override
  protected final void update(float[] values, float[] grads, int n, long step) {
    float[] m = buffer("exp_avg");
    float[] v = buffer("exp_avg_sq");
    decoupledDecay(values, n);
    float lr = (float) learningRate();
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float oneMinusB1 = (float) (1.0 - beta1);
    float oneMinusB2 = (float) (1.0 - beta2);
    float l2 = (float) gradientDecay();
    // Bias corrections folded into the step size and epsilon, as PyTorch does.
    double correction1 = 1.0 - Math.pow(beta1, step);
    double correction2 = Math.sqrt(1.0 - Math.pow(beta2, step));
    float stepSize = (float) (learningRate() / correction1);
    float eps = (float) epsilon;
    float invCorrection2 = (float) (1.0 / correction2);
    assert lr > 0;
    for (int i = 0; i < n; i++) {
      float g = grads[i] + l2 * values[i];
      m[i] = b1 * m[i] + oneMinusB1 * g;
      v[i] = b2 * v[i] + oneMinusB2 * g * g;
      float denom = (float) Math.sqrt(v[i]) * invCorrection2 + eps;
      values[i] -= stepSize * m[i] / denom;
    }
  }
}
