package io.github.lstm4j.core.optim;

/**
 * AdamW (Loshchilov &amp; Hutter): Adam with weight decay applied to the weights, not the gradient,
 * as {@code torch.optim.AdamW}: θ ← θ·(1 − lr·λ), then the Adam step.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(1e-3, 0.9, 0.999, 1e-8, 0.01);
 * }</pre>
 */
public final class AdamW extends Adam {
  /**
   * AdamW with every hyper-parameter given.
   *
   * @param learningRate the step size, finite and {@code > 0}
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param epsilon added to the denominator, finite and {@code > 0}
   * @param weightDecay decoupled decay λ, finite and {@code >= 0} (PyTorch's default is 0.01)
   */
  public AdamW(
      double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
    super(learningRate, beta1, beta2, epsilon, weightDecay);
  }

  /**
   * AdamW with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and PyTorch's default decay 0.01.
   *
   * @param learningRate the step size, finite and {@code > 0}
   */
  public AdamW(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8, 0.01);
  }

  @Override
  protected void decoupledDecay(float[] values, int n) {
    float keep = (float) (1.0 - learningRate() * weightDecay());
    for (int i = 0; i < n; i++) {
      values[i] *= keep;
    }
  }

  @Override
  protected double gradientDecay() {
    return 0.0;
  }
}
