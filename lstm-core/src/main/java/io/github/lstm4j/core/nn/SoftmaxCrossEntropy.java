package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.tensor.Tensor;
import java.util.Objects;

/**
 * Softmax followed by the mean negative log-likelihood, fused and computed stably, as PyTorch's
 * {@code nn.CrossEntropyLoss} with mean reduction.
 *
 * <pre>
 * forward:  p = softmax(z) per row (max subtracted);  L = −(1/N)·Σ_r log p[r, y_r]
 *           with log p[r, y] = z[r, y] − max_r − log Σ_j exp(z[r, j] − max_r)
 * backward: ∂L/∂z = (p − onehot(y)) / N
 * </pre>
 *
 * <p>Logits are any tensor whose last dimension is the class count V; each leading index is one row
 * (a time step of a language model, or one image). Sums run in double.
 *
 * <pre>{@code
 * double loss = SoftmaxCrossEntropy.forward(logits, targets, probs);
 * SoftmaxCrossEntropy.backward(probs, targets, dLogits);
 * }</pre>
 */
public final class SoftmaxCrossEntropy {
  private SoftmaxCrossEntropy() {}

  /**
   * Computes the softmax of every row into {@code probs} and returns the mean loss.
   *
   * @param logits (…, V)
   * @param targets one class id in {@code [0, V)} per row
   * @param probs (…, V) overwritten with the softmax; may be {@code logits} itself
   * @return the mean negative log-likelihood in nats
   * @throws IllegalArgumentException if shapes differ or a target is out of range
   */
  public static double forward(Tensor logits, int[] targets, Tensor probs) {
    int classes = checkShapes(logits, targets, probs);
    float[] z = logits.data();
    float[] p = probs.data();
    int rows = targets.length;
    double total = 0;
    for (int r = 0; r < rows; r++) {
      int row = r * classes;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < classes; j++) {
        max = Math.max(max, z[row + j]);
      }
      double sum = 0;
      for (int j = 0; j < classes; j++) {
        sum += Math.exp(z[row + j] - (double) max);
      }
      double logSum = Math.log(sum);
      total -= z[row + targets[r]] - (double) max - logSum;
      for (int j = 0; j < classes; j++) {
        p[row + j] = (float) Math.exp(z[row + j] - (double) max - logSum);
      }
    }
    return rows == 0 ? 0.0 : total / rows;
  }

  /**
   * Writes ∂L/∂logits = (p − onehot(y)) / N.
   *
   * @param probs (…, V) the softmax from {@link #forward}
   * @param targets one class id per row
   * @param dLogits (…, V) overwritten; may be {@code probs} itself
   * @throws IllegalArgumentException if shapes differ or a target is out of range
   */
  public static void backward(Tensor probs, int[] targets, Tensor dLogits) {
    int classes = checkShapes(probs, targets, dLogits);
    float[] p = probs.data();
    float[] d = dLogits.data();
    int rows = targets.length;
    float scale = 1f / rows;
    for (int r = 0; r < rows; r++) {
      int row = r * classes;
      for (int j = 0; j < classes; j++) {
        d[row + j] = p[row + j] * scale;
      }
      d[row + targets[r]] -= scale;
    }
  }

  private static int checkShapes(Tensor logits, int[] targets, Tensor out) {
    Objects.requireNonNull(logits, "logits");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(out, "out");
    // Messages are built only on failure: this runs every step and must not allocate.
    if (logits.rank() < 1) {
      throw new IllegalArgumentException("logits must have rank >= 1, got " + logits);
    }
    int classes = logits.dim(logits.rank() - 1);
    if (classes <= 0) {
      throw new IllegalArgumentException("logits must have at least one class, got " + logits);
    }
    int rows = logits.size() / classes;
    if (targets.length != rows) {
      throw new IllegalArgumentException(
          "targets must have one entry per row of logits "
              + logits
              + " = "
              + rows
              + ", got "
              + targets.length);
    }
    if (!out.hasSameShape(logits)) {
      throw new IllegalArgumentException(
          "output must have the shape of logits " + logits + ", got " + out);
    }
    for (int r = 0; r < rows; r++) {
      if (targets[r] < 0 || targets[r] >= classes) {
        throw new IllegalArgumentException(
            "targets[" + r + "] must be in [0, " + classes + "), got " + targets[r]);
      }
    }
    return classes;
  }
}
