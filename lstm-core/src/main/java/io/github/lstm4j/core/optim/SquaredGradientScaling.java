package io.github.lstm4j.core.optim;

import io.github.lstm4j.core.Checks;

/**
 * The update Adagrad and RMSProp share: each parameter's step is divided by the root of a running
 * sum or average of its squared gradients, kept in one flat state array.
 *
 * <pre>
 * g ← g + λ·θ
 * s ← keep·s + add·g²        Adagrad: keep = add = 1 (a sum); RMSProp: keep = α, add = 1 − α
 * θ ← θ − lr·g / (√s + ε)
 * </pre>
 *
 * <p>With keep = add = 1 the products are exact, so Adagrad's {@code s += g²} comes out bit for
 * bit.
 */
abstract class SquaredGradientScaling extends Optimizer {
  private final String stateName;
  private final float keep;
  private final float add;
  private final double epsilon;
  private final double weightDecay;

  /**
   * Checks ε and λ; {@code keep} and {@code add} are already checked by the subclass.
   *
   * @param learningRate the step size, finite and {@code > 0}
   * @param stateName the name of the squared-gradient state, as PyTorch's state dict has it
   * @param keep the factor on the old state
   * @param add the factor on the new squared gradient
   * @param epsilon added to the denominator, finite and {@code > 0}
   * @param weightDecay L2 penalty λ, finite and {@code >= 0}
   */
  SquaredGradientScaling(
      double learningRate,
      String stateName,
      double keep,
      double add,
      double epsilon,
      double weightDecay) {
    super(learningRate, stateName);
    this.stateName = stateName;
    this.keep = (float) keep;
    this.add = (float) add;
    this.epsilon = Checks.positiveFinite("epsilon", epsilon);
    this.weightDecay = Checks.nonNegativeFinite("weightDecay", weightDecay);
  }

  @Override
  protected final void update(float[] values, float[] grads, int n, long step) {
    float[] s = buffer(stateName);
    float lr = (float) learningRate();
    float eps = (float) epsilon;
    float l2 = (float) weightDecay;
    for (int i = 0; i < n; i++) {
      float g = grads[i] + l2 * values[i];
      s[i] = keep * s[i] + add * g * g;
      values[i] -= lr * g / ((float) Math.sqrt(s[i]) + eps);
    }
  }
}
