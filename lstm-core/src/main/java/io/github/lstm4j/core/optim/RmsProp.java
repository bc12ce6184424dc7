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
public final class RmsProp extends SquaredGradientScaling {
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
    super(
        learningRate,
        "square_avg",
        Checks.inHalfOpenRange("alpha", alpha, 0.0, 1.0),
        1.0 - alpha,
        epsilon,
        weightDecay);
  }
}
