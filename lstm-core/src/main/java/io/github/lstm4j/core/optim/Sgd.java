package io.github.lstm4j.core.optim;

import io.github.lstm4j.core.Checks;

/**
 * Stochastic gradient descent with optional momentum (classical or Nesterov) and L2 weight decay,
 * as {@code torch.optim.SGD} (dampening 0).
 *
 * <pre>
 * g ← g + λ·θ
 * buf ← μ·buf + g        (buf = g at the first step)
 * d ← g + μ·buf (Nesterov)  or  d ← buf (classical)  or  d ← g (μ = 0)
 * θ ← θ − lr·d
 * </pre>
 *
 * <pre>{@code
 * Optimizer sgd = new Sgd(0.1, 0.9, true, 0.0);
 * }</pre>
 */
public final class Sgd extends Optimizer {
  private final double momentum;
  private final boolean nesterov;
  private final double weightDecay;

  /**
   * Plain SGD.
   *
   * @param learningRate the step size, finite and {@code > 0}
   */
  public Sgd(double learningRate) {
    this(learningRate, 0.0, false, 0.0);
  }

  /**
   * SGD with momentum.
   *
   * @param learningRate the step size, finite and {@code > 0}
   * @param momentum μ in [0, 1)
   * @param nesterov whether to use Nesterov's look-ahead form (needs μ &gt; 0)
   * @param weightDecay L2 penalty λ, finite and {@code >= 0}
   */
  public Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) {
    super(learningRate, "momentum_buffer");
    this.momentum = Checks.inHalfOpenRange("momentum", momentum, 0.0, 1.0);
    Checks.argument(
        !nesterov || momentum > 0,
        "momentum must be > 0 for nesterov, got " + Checks.format(momentum));
    this.nesterov = nesterov;
    this.weightDecay = Checks.nonNegativeFinite("weightDecay", weightDecay);
  }

  @Override
  protected void update(float[] values, float[] grads, int n, long step) {
    float[] buf = buffer("momentum_buffer");
    float lr = (float) learningRate();
    float mu = (float) momentum;
    float l2 = (float) weightDecay;
    for (int i = 0; i < n; i++) {
      float g = grads[i] + l2 * values[i];
      if (mu != 0f) {
        buf[i] = step == 1 ? g : mu * buf[i] + g;
        g = nesterov ? g + mu * buf[i] : buf[i];
      }
      values[i] -= lr * g;
    }
  }
}
