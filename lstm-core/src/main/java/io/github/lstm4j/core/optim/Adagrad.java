package io.github.lstm4j.core.optim;

import io.github.lstm4j.core.Checks;

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
public final class Adagrad extends Optimizer {
  private final double epsilon;
  private final double weightDecay;

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
    super(learningRate, "sum");
    this.epsilon = Checks.positiveFinite("epsilon", epsilon);
    this.weightDecay = Checks.nonNegativeFinite("weightDecay", weightDecay);
  }

  @Override
  protected void update(float[] values, float[] grads, int n, long step) {
    float[] sum = buffer("sum");
    float lr = (float) learningRate();
    float eps = (float) epsilon;
    float l2 = (float) weightDecay;
    for (int i = 0; i < n; i++) {
      float g = grads[i] + l2 * values[i];
      sum[i] += g * g;
      values[i] -= lr * g / ((float) Math.sqrt(sum[i]) + eps);
    }
  }
}
