package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Rng;

/**
 * Inverted dropout, as PyTorch's {@code nn.Dropout} in training mode: each value is kept with
 * probability 1 − p and scaled by 1/(1 − p), so that E[output] = input; at inference there is no
 * dropout at all (callers simply do not call it). The mask is drawn from the caller's seeded
 * generator, one {@code nextFloat()} per value in order, and kept for backward.
 *
 * <pre>
 * forward:  m_i = (u_i &lt; 1 − p) ? 1/(1 − p) : 0,  u_i ~ U[0, 1) from rng;   y_i = x_i·m_i
 * backward: ∂L/∂x_i = ∂L/∂y_i·m_i
 * </pre>
 *
 * <pre>{@code
 * Dropout dropout = new Dropout(0.25);
 * dropout.forward(features, mask, rng);   // in place; mask (features.length) written
 * dropout.backward(dFeatures, mask);      // in place
 * }</pre>
 */
public final class Dropout {
  private final float keep;
  private final float scale;

  /**
   * Creates a dropout layer.
   *
   * @param probability p, the chance that a value is zeroed, in [0, 1)
   */
  public Dropout(double probability) {
    Checks.argument(
        probability >= 0 && probability < 1,
        "probability must be in [0, 1), got " + Checks.format(probability));
    this.keep = (float) (1.0 - probability);
    this.scale = 1f / keep;
  }

  /**
   * Draws a mask and applies it in place.
   *
   * @param values x, overwritten with y
   * @param mask at least {@code values.length} entries, overwritten with m
   * @param rng the source of the mask
   */
  public void forward(float[] values, float[] mask, Rng rng) {
    for (int i = 0; i < values.length; i++) {
      mask[i] = rng.nextFloat() < keep ? scale : 0f;
      values[i] *= mask[i];
    }
  }

  /**
   * Multiplies a gradient by the mask of the matching forward, in place.
   *
   * @param gradient ∂L/∂y in, ∂L/∂x out
   * @param mask the mask forward drew
   */
  public void backward(float[] gradient, float[] mask) {
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] *= mask[i];
    }
  }
}
