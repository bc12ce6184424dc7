package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Softmax followed by the negative log-likelihood, fused and computed stably, as PyTorch's {@code
 * nn.CrossEntropyLoss}: the static methods with mean reduction over every row, and a {@link Loss}
 * built once for PyTorch's {@code ignore_index}, class {@code weight}, {@code reduction} and {@code
 * label_smoothing}.
 *
 * <pre>
 * forward:  p = softmax(z) per row (max subtracted);  nll_r = −log p[r, y_r]
 *           with log p[r, y] = z[r, y] − max_r − log Σ_j exp(z[r, j] − max_r)
 *           L = Σ_counted w[y_r]·nll_r / Σ_counted w[y_r]   (MEAN)   or   Σ_counted w[y_r]·nll_r (SUM)
 * backward: ∂L/∂z[r] = s·w[y_r]·(p[r] − onehot(y_r)) for a counted row, 0 for an ignored one
 *           s = 1/Σ_counted w[y_r] (MEAN) or 1 (SUM)
 * </pre>
 *
 * <p>Label smoothing ε mixes the one-hot target with the uniform distribution over the V classes,
 * as PyTorch does (the smoothing term weighted by every class's weight, reduced by the same Σ
 * w[y_r]):
 *
 * <pre>
 * L_ε = (1 − ε)·L + (ε/V)·Σ_counted Σ_j w[j]·(−log p[r, j]) / Σ_counted w[y_r]   (MEAN; SUM: no division)
 * ∂L_ε/∂z[r, k] = (1 − ε)·s·w[y_r]·(p[r, k] − onehot(y_r)_k) + (ε/V)·s·(p[r, k]·Σ_j w[j] − w[k])
 *               = s·(p[r] − ((1 − ε)·onehot(y_r) + ε/V))   without class weights
 * </pre>
 *
 * <p>A row counts unless its target equals the ignore index; w = 1 without class weights, so the
 * static methods give L = −(1/N)·Σ_r log p[r, y_r] and (p − onehot(y))/N. As in PyTorch, the
 * weighted mean divides by the weights of the counted rows' targets, not by their number. When no
 * row counts (or their weights sum to 0), L = 0 and the gradient is 0 where PyTorch gives NaN (see
 * {@link Reduction}).
 *
 * <p>Logits are any tensor whose last dimension is the class count V; each leading index is one row
 * (a time step of a language model, or one image). Sums run in double; nothing is allocated.
 *
 * <pre>{@code
 * double loss = SoftmaxCrossEntropy.forward(logits, targets, probs);
 * SoftmaxCrossEntropy.backward(probs, targets, dLogits);
 * SoftmaxCrossEntropy.Loss tagger = SoftmaxCrossEntropy.withIgnoreIndex(-100).withClassWeights(w);
 * SoftmaxCrossEntropy.Loss smoothed = SoftmaxCrossEntropy.withLabelSmoothing(0.1);
 * }</pre>
 */
public final class SoftmaxCrossEntropy {
  private SoftmaxCrossEntropy() {}

  /**
   * Computes the softmax of every row into {@code probs} and returns the mean loss.
   *
   * <p>Unlike {@link Loss#forward}, this does not check the logits for NaN (a NaN logit gives a NaN
   * loss), so that existing callers see what they always saw.
   *
   * @param logits (…, V)
   * @param targets one class id in {@code [0, V)} per row
   * @param probs (…, V) overwritten with the softmax; may be {@code logits} itself
   * @return the mean negative log-likelihood in nats
   * @throws IllegalArgumentException if shapes differ or a target is out of range
   */
  public static double forward(Tensor logits, int[] targets, Tensor probs) {
    return Loss.MEAN.softmaxAndLoss(logits, targets, probs);
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
    Loss.MEAN.backward(probs, targets, dLogits);
  }

  /**
   * Returns the loss with the given reduction, no ignore index and no class weights.
   *
   * @param reduction MEAN or SUM
   * @return the loss
   */
  public static Loss withReduction(Reduction reduction) {
    return Loss.MEAN.withReduction(reduction);
  }

  /**
   * Returns the mean loss that leaves out every row whose target is {@code ignoreIndex}.
   *
   * @param ignoreIndex any int, e.g. PyTorch's default −100 or a padding class
   * @return the loss
   */
  public static Loss withIgnoreIndex(int ignoreIndex) {
    return Loss.MEAN.withIgnoreIndex(ignoreIndex);
  }

  /**
   * Returns the mean loss with one weight per class.
   *
   * @param classWeights (V) each finite and {@code >= 0}; copied
   * @return the loss
   * @throws IllegalArgumentException if the array is empty or a weight is negative or not finite
   */
  public static Loss withClassWeights(float[] classWeights) {
    return Loss.MEAN.withClassWeights(classWeights);
  }

  /**
   * Returns the mean loss with label smoothing ε.
   *
   * @param epsilon ε in [0, 1]: the target is (1 − ε)·onehot(y) + ε/V
   * @return the loss
   * @throws IllegalArgumentException if ε is outside [0, 1] or NaN
   */
  public static Loss withLabelSmoothing(double epsilon) {
    return Loss.MEAN.withLabelSmoothing(epsilon);
  }

  /**
   * A softmax cross-entropy with a reduction, an optional ignore index, optional class weights and
   * optional label smoothing, PyTorch's {@code nn.CrossEntropyLoss(weight, ignore_index, reduction,
   * label_smoothing)}; immutable, built once.
   *
   * <p>Its {@link #forward} also refuses logits whose loss is not finite, naming the first NaN or
   * infinite logit of a counted row (a −∞ logit outside the target class is accepted: it only masks
   * that class).
   *
   * <pre>{@code
   * SoftmaxCrossEntropy.Loss ce = SoftmaxCrossEntropy.withIgnoreIndex(-100);
   * double loss = ce.forward(logits, targets, probs); // targets −100 on padded steps
   * ce.backward(probs, targets, dLogits);
   * }</pre>
   */
  public static final class Loss {
    private static final float[] NO_WEIGHTS = {};

    /** Mean over every row: what the static methods compute. */
    static final Loss MEAN = new Loss(Reduction.MEAN, false, 0, NO_WEIGHTS, 0.0);

    private final Reduction reduction;
    private final boolean ignores; // whether ignoreIndex is set
    private final int ignoreIndex;
    private final float[] classWeights; // (V), or empty: w = 1 for every class
    private final double labelSmoothing; // ε in [0, 1]
    private final float classWeightSum; // Σ_j w[j], 0 without class weights

    private Loss(
        Reduction reduction,
        boolean ignores,
        int ignoreIndex,
        float[] classWeights,
        double labelSmoothing) {
      this.reduction = Objects.requireNonNull(reduction, "reduction");
      this.ignores = ignores;
      this.ignoreIndex = ignoreIndex;
      this.classWeights = classWeights;
      this.labelSmoothing = labelSmoothing;
      float sum = 0f;
      for (float w : classWeights) {
        sum += w;
      }
      this.classWeightSum = sum;
    }

    /**
     * Returns this loss with another reduction.
     *
     * @param reduction MEAN or SUM
     * @return a new loss
     */
    public Loss withReduction(Reduction reduction) {
      return new Loss(reduction, ignores, ignoreIndex, classWeights, labelSmoothing);
    }

    /**
     * Returns this loss leaving out the rows whose target is {@code ignoreIndex}.
     *
     * @param ignoreIndex any int; it may also be a valid class (e.g. a padding token)
     * @return a new loss
     */
    public Loss withIgnoreIndex(int ignoreIndex) {
      return new Loss(reduction, true, ignoreIndex, classWeights, labelSmoothing);
    }

    /**
     * Returns this loss with one weight per class.
     *
     * @param classWeights (V) each finite and {@code >= 0}; copied
     * @return a new loss; logits must then have V = {@code classWeights.length}
     * @throws IllegalArgumentException if the array is empty or a weight is negative or not finite
     */
    public Loss withClassWeights(float[] classWeights) {
      Objects.requireNonNull(classWeights, "classWeights");
      Checks.positive("classWeights.length", classWeights.length);
      for (int j = 0; j < classWeights.length; j++) {
        Checks.nonNegativeFinite("classWeights[" + j + "]", classWeights[j]);
      }
      return new Loss(reduction, ignores, ignoreIndex, classWeights.clone(), labelSmoothing);
    }

    /**
     * Returns this loss with label smoothing ε.
     *
     * @param epsilon ε in [0, 1]: the target is (1 − ε)·onehot(y) + ε/V; 0 = none
     * @return a new loss
     * @throws IllegalArgumentException if ε is outside [0, 1] or NaN
     */
    public Loss withLabelSmoothing(double epsilon) {
      Checks.argument(
          epsilon >= 0 && epsilon <= 1,
          "labelSmoothing must be in [0, 1], got " + Checks.format(epsilon));
      return new Loss(reduction, ignores, ignoreIndex, classWeights, epsilon);
    }

    /**
     * Returns the label smoothing.
     *
     * @return ε, 0 when there is none
     */
    public double labelSmoothing() {
      return labelSmoothing;
    }

    /**
     * Returns the reduction.
     *
     * @return MEAN or SUM
     */
    public Reduction reduction() {
      return reduction;
    }

    /**
     * Returns the ignore index.
     *
     * @return the target value whose rows are left out, or empty if every row counts
     */
    public OptionalInt ignoreIndex() {
      return ignores ? OptionalInt.of(ignoreIndex) : OptionalInt.empty();
    }

    /**
     * Returns the class weights.
     *
     * @return a copy, (V), or an empty array when there are none (w = 1)
     */
    public float[] classWeights() {
      return classWeights.clone();
    }

    /**
     * Computes the softmax of every row (ignored rows too) into {@code probs} and returns the loss.
     *
     * @param logits (…, V)
     * @param targets one class id in {@code [0, V)} or the ignore index per row
     * @param probs (…, V) overwritten with the softmax; may be {@code logits} itself
     * @return the reduced negative log-likelihood in nats; 0 if no row counts
     * @throws IllegalArgumentException if shapes differ, a target is out of range, or a logit of a
     *     counted row is NaN or infinite
     */
    public double forward(Tensor logits, int[] targets, Tensor probs) {
      double loss = softmaxAndLoss(logits, targets, probs);
      if (!Double.isFinite(loss)) {
        throw nonFiniteLogit(logits, targets);
      }
      return loss;
    }

    /**
     * Writes ∂L/∂logits: s·w[y]·(p − onehot(y)) for counted rows (with label smoothing, the formula
     * of the class description), 0 for ignored ones.
     *
     * @param probs (…, V) the softmax from {@link #forward}
     * @param targets one class id or the ignore index per row, as given to {@link #forward}
     * @param dLogits (…, V) overwritten; may be {@code probs} itself
     * @throws IllegalArgumentException if shapes differ or a target is out of range
     */
    public void backward(Tensor probs, int[] targets, Tensor dLogits) {
      int classes = checkShapes(probs, "probs", targets, dLogits, "dLogits");
      float[] p = probs.data(); // (N, V)
      float[] d = dLogits.data(); // (N, V)
      int rows = targets.length;
      // In float, as PyTorch: without weights s = 1f / N, the bits of the static method.
      float counted = (float) countedWeight(targets);
      for (int r = 0; r < rows; r++) {
        int row = r * classes;
        int target = targets[r];
        if (isIgnored(target)) {
          Arrays.fill(d, row, row + classes, 0f);
          continue;
        }
        float weight = classWeights.length == 0 ? 1f : classWeights[target];
        float scale = reduction == Reduction.SUM ? weight : counted > 0 ? weight / counted : 0f;
        if (labelSmoothing == 0) {
          for (int j = 0; j < classes; j++) {
            d[row + j] = p[row + j] * scale;
          }
          d[row + target] -= scale;
        } else {
          smoothedRowGradient(p, d, row, classes, target, scale, counted);
        }
      }
    }

    /**
     * One counted row of ∂L_ε/∂z = a·(p − onehot(y)) + b·(p·Σ_j w[j] − w), a = (1 − ε)·s·w[y], b =
     * (ε/V)·s.
     */
    private void smoothedRowGradient(
        float[] p, float[] d, int row, int classes, int target, float scale, float counted) {
      float s = reduction == Reduction.SUM ? 1f : counted > 0 ? 1f / counted : 0f;
      float a = (float) (1 - labelSmoothing) * scale;
      float b = (float) (labelSmoothing / classes) * s;
      float weightSum = classWeights.length == 0 ? classes : classWeightSum;
      float pScale = a + b * weightSum;
      for (int j = 0; j < classes; j++) {
        float w = classWeights.length == 0 ? 1f : classWeights[j];
        d[row + j] = p[row + j] * pScale - b * w;
      }
      d[row + target] -= a;
    }

    /**
     * As {@link #forward}, but a NaN or infinite logit gives a non-finite loss instead of an
     * exception: for a training loop whose optimizer applies a {@link
     * io.github.lstm4j.core.optim.NonFinitePolicy} to the gradient that follows (the static
     * methods' contract).
     *
     * @param logits (…, V)
     * @param targets one class id in {@code [0, V)} or the ignore index per row
     * @param probs (…, V) overwritten with the softmax; may be {@code logits} itself
     * @return the reduced loss in nats, possibly NaN or infinite
     * @throws IllegalArgumentException if shapes differ or a target is out of range
     */
    public double forwardWithoutFiniteCheck(Tensor logits, int[] targets, Tensor probs) {
      return softmaxAndLoss(logits, targets, probs);
    }

    /** The forward pass without the finiteness check (the static method's contract). */
    double softmaxAndLoss(Tensor logits, int[] targets, Tensor probs) {
      int classes = checkShapes(logits, "logits", targets, probs, "probs");
      float[] z = logits.data(); // (N, V)
      float[] p = probs.data(); // (N, V)
      int rows = targets.length;
      double total = 0;
      double smoothTotal = 0; // Σ_counted Σ_j w[j]·(−log p[r, j])
      double counted = 0;
      for (int r = 0; r < rows; r++) {
        int row = r * classes;
        float max = Softmax.max(z, row, classes);
        double logSum = Softmax.shiftedLogSumExp(z, row, classes, max);
        int target = targets[r];
        if (!isIgnored(target)) {
          double weight = classWeights.length == 0 ? 1.0 : classWeights[target];
          total -= weight * (z[row + target] - (double) max - logSum);
          counted += weight;
          if (labelSmoothing > 0) {
            for (int j = 0; j < classes; j++) {
              double w = classWeights.length == 0 ? 1.0 : classWeights[j];
              smoothTotal -= w * (z[row + j] - (double) max - logSum);
            }
          }
        }
        Softmax.writeProbabilities(z, row, classes, max, logSum, p, row);
      }
      if (labelSmoothing == 0) {
        return reduction.reduce(total, counted);
      }
      return (1 - labelSmoothing) * reduction.reduce(total, counted)
          + labelSmoothing / classes * reduction.reduce(smoothTotal, counted);
    }

    private boolean isIgnored(int target) {
      return ignores && target == ignoreIndex;
    }

    /** Σ w[y_r] over the counted rows (their number without class weights). */
    private double countedWeight(int[] targets) {
      double counted = 0;
      for (int target : targets) {
        if (!isIgnored(target)) {
          counted += classWeights.length == 0 ? 1.0 : classWeights[target];
        }
      }
      return counted;
    }

    /** The error naming the first NaN or infinite logit of a counted row. */
    private IllegalArgumentException nonFiniteLogit(Tensor logits, int[] targets) {
      int classes = logits.dim(logits.rank() - 1);
      float[] z = logits.data();
      for (int r = 0; r < targets.length; r++) {
        for (int j = 0; j < classes && !isIgnored(targets[r]); j++) {
          if (!Float.isFinite(z[r * classes + j])) {
            return new IllegalArgumentException(
                "logits["
                    + r
                    + ", "
                    + j
                    + "] must be finite, got "
                    + Checks.format(z[r * classes + j])
                    + " (row, class of the (rows, V) view)");
          }
        }
      }
      throw new AssertionError("the loss is not finite although every counted logit is");
    }

    /**
     * Checks the (…, V) input, one target per row, and an output of the input's shape; returns V.
     */
    private int checkShapes(Tensor in, String inName, int[] targets, Tensor out, String outName) {
      Objects.requireNonNull(in, inName);
      Objects.requireNonNull(targets, "targets");
      Objects.requireNonNull(out, outName);
      int classes = in.rank() >= 1 ? in.dim(in.rank() - 1) : 0;
      if (classes == 0) {
        throw new IllegalArgumentException(
            inName + " must have a last dimension V > 0, got " + Tensor.shapeString(in.shape()));
      }
      int rows = in.size() / classes;
      if (targets.length != rows) {
        throw new IllegalArgumentException(
            "targets must have length "
                + rows
                + ", one per row of "
                + inName
                + " "
                + Tensor.shapeString(in.shape())
                + ", got "
                + targets.length);
      }
      ElementwiseLoss.requireSameShape(in, inName, out, outName);
      if (classWeights.length != 0 && classWeights.length != classes) {
        throw new IllegalArgumentException(
            inName
                + " must have V = classWeights.length = "
                + classWeights.length
                + " classes, got "
                + Tensor.shapeString(in.shape()));
      }
      for (int r = 0; r < rows; r++) {
        int target = targets[r];
        if ((target < 0 || target >= classes) && !isIgnored(target)) {
          throw new IllegalArgumentException(
              "targets["
                  + r
                  + "] must be in [0, "
                  + classes
                  + ")"
                  + (ignores ? " or the ignoreIndex " + ignoreIndex : "")
                  + ", got "
                  + target);
        }
      }
      return classes;
    }

    @Override
    public String toString() {
      return "SoftmaxCrossEntropy.Loss("
          + reduction
          + (ignores ? ", ignoreIndex=" + ignoreIndex : "")
          + (classWeights.length == 0 ? "" : ", classWeights=" + Arrays.toString(classWeights))
          + (labelSmoothing == 0 ? "" : ", labelSmoothing=" + labelSmoothing)
          + ")";
    }
  }
}
