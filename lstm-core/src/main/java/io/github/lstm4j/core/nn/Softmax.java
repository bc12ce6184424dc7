package io.github.lstm4j.core.nn;

/**
 * The row softmax, computed stably by subtracting the row's maximum: the one place the library
 * exponentiates logits, shared by the loss, the classifiers' predictions and text sampling.
 *
 * <pre>
 * max    = max_j z_j
 * logSum = log Σ_j exp(z_j − max)                 (in double)
 * p_j    = exp(z_j − max − logSum)                 = softmax(z)_j
 * log p_j = z_j − max − logSum
 * </pre>
 *
 * <p>Rows are {@code n} consecutive floats from an offset; nothing is allocated and nothing is
 * validated (callers check shapes at their public boundary). This is a kernel, not a loss: {@link
 * SoftmaxCrossEntropy} adds the negative log-likelihood and its gradient.
 *
 * <pre>{@code
 * Softmax.intoProbabilities(logits, row * V, V, probs, row * V);
 * int label = Softmax.argmax(logits, row * V, V);
 * }</pre>
 */
public final class Softmax {
  private Softmax() {}

  /**
   * Returns the lowest index of the largest of {@code z[offset … offset + n)}, relative to {@code
   * offset}; NaN never wins, and a row of NaN or {@code -Infinity} gives 0.
   *
   * @param z the logits
   * @param offset the row's first element
   * @param n the row length, at least 1
   * @return an index in {@code [0, n)}
   */
  public static int argmax(float[] z, int offset, int n) {
    int best = 0;
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      if (z[offset + j] > max) {
        max = z[offset + j];
        best = j;
      }
    }
    return best;
  }

  /**
   * Returns the largest of {@code z[offset … offset + n)}, {@code -Infinity} for an empty row.
   *
   * @param z the logits
   * @param offset the row's first element
   * @param n the row length
   * @return max_j z_j
   */
  public static float max(float[] z, int offset, int n) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      max = Math.max(max, z[offset + j]);
    }
    return max;
  }

  /**
   * Returns log Σ_j exp(z_j − max), the log-partition of the row shifted by its maximum.
   *
   * @param z the logits
   * @param offset the row's first element
   * @param n the row length
   * @param max the row's maximum, from {@link #max}
   * @return the shifted log-sum-exp in double
   */
  public static double shiftedLogSumExp(float[] z, int offset, int n, float max) {
    double sum = 0;
    for (int j = 0; j < n; j++) {
      sum += Math.exp(z[offset + j] - (double) max);
    }
    return Math.log(sum);
  }

  /**
   * Returns log Σ_j exp(z_j) = max + log Σ_j exp(z_j − max).
   *
   * @param z the logits
   * @param offset the row's first element
   * @param n the row length
   * @return the log-sum-exp in double
   */
  public static double logSumExp(float[] z, int offset, int n) {
    float max = max(z, offset, n);
    return max + shiftedLogSumExp(z, offset, n, max);
  }

  /**
   * Writes p_j = exp(z_j − max − logSum) for a row whose max and shifted log-sum-exp are known.
   *
   * @param z the logits
   * @param offset the row's first element in {@code z}
   * @param n the row length
   * @param max the row's maximum
   * @param logSum the row's {@link #shiftedLogSumExp}
   * @param p receives the probabilities; may be {@code z} with the same offset
   * @param pOffset the row's first element in {@code p}
   */
  public static void writeProbabilities(
      float[] z, int offset, int n, float max, double logSum, float[] p, int pOffset) {
    for (int j = 0; j < n; j++) {
      p[pOffset + j] = (float) Math.exp(z[offset + j] - (double) max - logSum);
    }
  }

  /**
   * Writes softmax(z) of one row.
   *
   * @param z the logits
   * @param offset the row's first element in {@code z}
   * @param n the row length
   * @param p receives the probabilities; may be {@code z} with the same offset
   * @param pOffset the row's first element in {@code p}
   */
  public static void intoProbabilities(float[] z, int offset, int n, float[] p, int pOffset) {
    float max = max(z, offset, n);
    writeProbabilities(z, offset, n, max, shiftedLogSumExp(z, offset, n, max), p, pOffset);
  }

  /**
   * Writes the unnormalized tempered weights w_j = exp((z_j − max)·invTemperature), in double, and
   * returns their sum: softmax(z / temperature) up to that sum, for sampling.
   *
   * @param z the logits
   * @param offset the row's first element
   * @param n the row length
   * @param max the row's maximum (so the largest weight is 1)
   * @param invTemperature 1 / temperature, finite
   * @param weights receives {@code n} weights from index 0
   * @return Σ_j w_j
   */
  public static double temperedWeights(
      float[] z, int offset, int n, double max, double invTemperature, double[] weights) {
    double mass = 0;
    for (int j = 0; j < n; j++) {
      weights[j] = Math.exp(((double) z[offset + j] - max) * invTemperature);
      mass += weights[j];
    }
    return mass;
  }
}
