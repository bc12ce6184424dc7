package io.github.lstm4j.core.optim;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.nn.Parameters;

/**
 * Gradient clipping, applied between backward and the optimizer step.
 *
 * <pre>{@code
 * double norm = GradientClipping.clipGlobalNorm(params, 5.0);
 * }</pre>
 */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * Scales all gradients by {@code min(1, maxNorm / ‖g‖₂)}, ‖g‖₂ taken over every parameter at once
   * (PyTorch's {@code clip_grad_norm_}).
   *
   * <p>A non-finite norm leaves the gradients untouched: scaling by {@code maxNorm / ∞ = 0} would
   * turn an infinite gradient into NaN and zero every other one, hiding which one was bad. The
   * optimizer's step that follows then sees the non-finite gradient and throws or skips the step
   * (see {@link NonFinitePolicy}). The sum of squares is taken in double, which no float gradient
   * can overflow, so the norm is finite exactly when every gradient is.
   *
   * @param params the parameters whose gradients to clip
   * @param maxNorm the largest allowed global L2 norm, finite and {@code > 0}
   * @return the norm before clipping (NaN or infinite if a gradient is)
   */
  public static double clipGlobalNorm(Parameters params, double maxNorm) {
    Checks.positiveFinite("maxNorm", maxNorm);
    float[] g = params.grads();
    double sum = 0;
    for (float v : g) {
      sum += (double) v * v;
    }
    double norm = Math.sqrt(sum);
    if (norm > maxNorm && norm < Double.POSITIVE_INFINITY) {
      float scale = (float) (maxNorm / (norm + 1e-6));
      for (int i = 0; i < g.length; i++) {
        g[i] *= scale;
      }
    }
    return norm;
  }

  /**
   * Clamps every gradient to {@code [−maxValue, maxValue]} (PyTorch's {@code clip_grad_value_}).
   *
   * @param params the parameters whose gradients to clip
   * @param maxValue the bound, finite and {@code > 0}
   */
  public static void clipValue(Parameters params, double maxValue) {
    Checks.positiveFinite("maxValue", maxValue);
    float bound = (float) maxValue;
    float[] g = params.grads();
    for (int i = 0; i < g.length; i++) {
      g[i] = Math.max(-bound, Math.min(bound, g[i]));
    }
  }
}
