package io.github.lstm4j.core.parity;

import io.github.lstm4j.core.tensor.Tensor;

/**
 * The tolerances of lstm4j against PyTorch, and the measure both the tests and {@link ParityReport}
 * use: results (output, states, logits, loss) within an absolute bound, gradients within a relative
 * bound with a small absolute floor for values near zero.
 */
final class ParityTolerance {
  private ParityTolerance() {}

  /** Forward results and the loss: |ours − PyTorch| ≤ 1e-5. */
  static final double RESULT_ABSOLUTE = 1e-5;

  /** Gradients: |ours − PyTorch| ≤ 1e-4·|PyTorch| + 1e-6. */
  static final double GRADIENT_RELATIVE = 1e-4;

  /** The absolute floor of the gradient bound, for gradients near zero. */
  static final double GRADIENT_ABSOLUTE = 1e-6;

  /** Whether a tensor name is a gradient, compared with the relative bound. */
  static boolean isGradient(String name) {
    return name.startsWith("grad.");
  }

  /** The largest |ours − expected| over all elements. */
  static double maxAbsoluteDifference(Tensor ours, Tensor expected) {
    double worst = 0;
    for (int i = 0; i < expected.size(); i++) {
      worst = Math.max(worst, Math.abs((double) ours.data()[i] - expected.data()[i]));
    }
    return worst;
  }

  /**
   * The largest ratio of |ours − expected| to the allowed difference of that tensor's kind: 1 is
   * exactly at the tolerance, below 1 passes.
   */
  static double worstRatio(String name, Tensor ours, Tensor expected) {
    double worst = 0;
    for (int i = 0; i < expected.size(); i++) {
      double e = expected.data()[i];
      double bound =
          isGradient(name) ? GRADIENT_RELATIVE * Math.abs(e) + GRADIENT_ABSOLUTE : RESULT_ABSOLUTE;
      worst = Math.max(worst, Math.abs(ours.data()[i] - e) / bound);
    }
    return worst;
  }
}
