package io.github.lstm4j.core.optim;

/**
 * Adagrad (Duchi et al.), as {@code torch.optim.Adagrad} without learning-rate decay.
 *
 * <pre>
 * g ← g + λ·θ
 * s ← s + g²
 * θ ← θ − lr·g / (√s + ε)
 * </pre>
 *
 * <pre>{@code
 * Optimizer opt = new Adagrad(0.01);
 * }</pre>
 */
public final class Adagrad extends SquaredGradientScaling {
  /**
   * Adagrad with ε = 1e-10 and no weight decay (PyTorch's defaults).
   *
   * @param learningRate the step size, finite and {@code > 0}
   */
  public Adagrad(double learningRate) {
    this(learningRate, 1e-10, 0.0);
  }

  /**
   * Adagrad with every hyper-parameter given.
   *
   * @param learningRate the step size, finite and {@code > 0}
   * @param epsilon added to the denominator, finite and {@code > 0}
   * @param weightDecay L2 penalty λ, finite and {@code >= 0}
   */
  public Adagrad(double learningRate, double epsilon, double weightDecay) {
    super(learningRate, "sum", 1.0, 1.0, epsilon, weightDecay); // s ← s + g²
  }
}
