package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * Binary cross-entropy on logits, as PyTorch's {@code nn.BCEWithLogitsLoss}: the sigmoid and the
 * log-likelihood fused so that no probability is ever rounded to 0 or 1. Each column is one
 * independent yes/no question: F = 1 for single-label, F labels for multi-label.
 *
 * <pre>
 * x logit, y target in [0, 1] (soft labels allowed), p = posWeight[column] (1 without one)
 * w = 1 + (p − 1)·y
 * forward:   ℓ = −[p·y·log σ(x) + (1 − y)·log(1 − σ(x))]
 *              = max(x, 0) − x·y + (w − 1)·max(−x, 0) + w·log1p(exp(−|x|))
 *            (p = 1: the familiar max(x, 0) − x·y + log1p(exp(−|x|)), exact for any |x|)
 * backward:  ∂ℓ/∂x = w·σ(x) − p·y          (p = 1: σ(x) − y)
 *            σ(x) = 1/(1 + e^−x) for x ≥ 0,  e^x/(1 + e^x) for x &lt; 0: no overflow
 * </pre>
 *
 * <p>{@link #withPosWeight} sets p per column, PyTorch's {@code pos_weight} of shape (F): p &gt; 1
 * raises the recall of a rare positive class. Rows, masks and reductions are those of {@link
 * ElementwiseLoss}. Targets are not range-checked, as in PyTorch.
 *
 * <pre>{@code
 * SigmoidBinaryCrossEntropy bce =
 *     new SigmoidBinaryCrossEntropy(Reduction.MEAN).withPosWeight(new float[] {3f, 1f});
 * double loss = bce.forward(logits, labels); // (N, 2) each
 * bce.backward(logits, labels, dLogits);
 * }</pre>
 */
public final class SigmoidBinaryCrossEntropy extends ElementwiseLoss {
  private static final float[] NO_POS_WEIGHT = {};

  private final float[] posWeight; // (F), or empty: p = 1 in every column

  /**
   * Creates the loss without a positive-class weight.
   *
   * @param reduction MEAN (PyTorch's default) or SUM
   */
  public SigmoidBinaryCrossEntropy(Reduction reduction) {
    this(reduction, NO_POS_WEIGHT);
  }

  private SigmoidBinaryCrossEntropy(Reduction reduction, float[] posWeight) {
    super(reduction);
    this.posWeight = posWeight;
  }

  /**
   * Returns this loss with a weight on the positive term of each column.
   *
   * @param posWeight (F) one weight per column, each finite and {@code >= 0}; copied
   * @return a new loss; inputs must then have F = {@code posWeight.length} columns
   * @throws IllegalArgumentException if the array is empty or a weight is negative or not finite
   */
  public SigmoidBinaryCrossEntropy withPosWeight(float[] posWeight) {
    Objects.requireNonNull(posWeight, "posWeight");
    Checks.positive("posWeight.length", posWeight.length);
    for (int j = 0; j < posWeight.length; j++) {
      Checks.nonNegativeFinite("posWeight[" + j + "]", posWeight[j]);
    }
    return new SigmoidBinaryCrossEntropy(reduction(), posWeight.clone());
  }

  /**
   * Returns the positive-class weights.
   *
   * @return a copy, (F), or an empty array when there are none (p = 1)
   */
  public float[] posWeight() {
    return posWeight.clone();
  }

  @Override
  void checkColumns(int columns, Tensor input) {
    if (posWeight.length != 0 && posWeight.length != columns) {
      throw new IllegalArgumentException(
          "input must have F = posWeight.length = "
              + posWeight.length
              + " columns, got "
              + Tensor.shapeString(input.shape()));
    }
  }

  private double p(int column) {
    return posWeight.length == 0 ? 1.0 : posWeight[column];
  }

  @Override
  double value(double x, double y, int column) {
    double p = p(column);
    double w = 1 + (p - 1) * y;
    return Math.max(x, 0)
        - x * y
        + (w - 1) * Math.max(-x, 0)
        + w * Math.log1p(Math.exp(-Math.abs(x)));
  }

  @Override
  double derivative(double x, double y, int column) {
    double p = p(column);
    double w = 1 + (p - 1) * y;
    return w * sigmoid(x) - p * y;
  }

  /** σ(x) without overflow: exp is only taken of −|x|. */
  static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }

  @Override
  public String toString() {
    return "SigmoidBinaryCrossEntropy("
        + reduction()
        + (posWeight.length == 0 ? "" : ", posWeight=" + Arrays.toString(posWeight))
        + ")";
  }
}
