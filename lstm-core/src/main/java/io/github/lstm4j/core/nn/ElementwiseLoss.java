package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A loss that compares an input with a target element by element, ℓ(x, y), summed over rows of F
 * columns with an optional weight per row: what {@link MeanSquaredError}, {@link HuberLoss} and
 * {@link SigmoidBinaryCrossEntropy} share. Each of them defines only ℓ and ∂ℓ/∂x; the rows, the
 * mask, the reduction and the checks are here.
 *
 * <pre>
 * input x, target y: (…, F); row r is one leading index, e.g. t·B + b of a (T, B, F) sequence
 * mask m: one weight per row, m_r ≥ 0 (0 = padding, 1 = counted); m_r = 1 for every row if absent
 * forward:  L = s·Σ_r m_r·Σ_j ℓ(x[r, j], y[r, j])
 * backward: ∂L/∂x[r, j] = s·m_r·∂ℓ/∂x(x[r, j], y[r, j])
 *           s = 1 for {@link Reduction#SUM};  s = 1/(F·Σ_r m_r) for {@link Reduction#MEAN}
 * </pre>
 *
 * <p>Without a mask, MEAN is PyTorch's mean over all N·F elements. With a 0/1 mask it is the mean
 * over the counted elements, {@code (loss(reduction="none") * m[:, None]).sum() / (F * m.sum())} in
 * PyTorch terms. Rows whose mask is 0 are not read, so padding may hold anything, and their
 * gradient is 0. When no row is counted, L = 0 and the gradient is 0 (see {@link Reduction}).
 *
 * <p>Bad input is an {@link IllegalArgumentException}: shapes that differ, a mask of the wrong
 * length or with a negative or non-finite weight, and a NaN or infinite value in a counted row of
 * the input or the target, named by its (row, column). The finiteness check costs nothing when the
 * values are finite: forward looks only when the loss is not finite, backward keeps one running
 * sum. Sums run in double; nothing is allocated unless a check fails.
 *
 * <pre>{@code
 * ElementwiseLoss loss = new HuberLoss(1.0, Reduction.MEAN);
 * double value = loss.forward(prediction, target, mask); // (T, B, F), mask (T·B)
 * loss.backward(prediction, target, mask, dPrediction);
 * }</pre>
 */
public abstract sealed class ElementwiseLoss
    permits MeanSquaredError, HuberLoss, SigmoidBinaryCrossEntropy {
  private final Reduction reduction;

  ElementwiseLoss(Reduction reduction) {
    this.reduction = Objects.requireNonNull(reduction, "reduction");
  }

  /**
   * Returns the reduction.
   *
   * @return MEAN or SUM
   */
  public final Reduction reduction() {
    return reduction;
  }

  /** ℓ(x, y) of one element in column {@code column}. */
  abstract double value(double x, double y, int column);

  /** ∂ℓ/∂x of one element in column {@code column}. */
  abstract double derivative(double x, double y, int column);

  /** Checks what the loss itself needs of the column count F (e.g. one weight per column). */
  void checkColumns(int columns, Tensor input) {}

  /**
   * Returns the loss over every row.
   *
   * @param input (…, F)
   * @param target (…, F), the shape of {@code input}
   * @return the reduced loss
   * @throws IllegalArgumentException if the shapes differ or a value is not finite
   */
  public final double forward(Tensor input, Tensor target) {
    return loss(input, target, null);
  }

  /**
   * Returns the loss over the rows the mask counts.
   *
   * @param input (…, F)
   * @param target (…, F), the shape of {@code input}
   * @param mask one weight per row, each finite and {@code >= 0}
   * @return the reduced loss; 0 if every weight is 0
   * @throws IllegalArgumentException if the shapes differ, the mask does not fit, or a value in a
   *     counted row is not finite
   */
  public final double forward(Tensor input, Tensor target, float[] mask) {
    return loss(input, target, Objects.requireNonNull(mask, "mask"));
  }

  /**
   * Writes ∂L/∂input for the loss over every row.
   *
   * @param input (…, F)
   * @param target (…, F), the shape of {@code input}
   * @param dInput (…, F) overwritten; may be {@code input} or {@code target} itself
   * @throws IllegalArgumentException if the shapes differ or a value is not finite
   */
  public final void backward(Tensor input, Tensor target, Tensor dInput) {
    gradient(input, target, null, dInput);
  }

  /**
   * Writes ∂L/∂input for the loss over the rows the mask counts; rows of weight 0 get 0.
   *
   * @param input (…, F)
   * @param target (…, F), the shape of {@code input}
   * @param mask one weight per row, each finite and {@code >= 0}
   * @param dInput (…, F) overwritten; may be {@code input} or {@code target} itself
   * @throws IllegalArgumentException if the shapes differ, the mask does not fit, or a value in a
   *     counted row is not finite
   */
  public final void backward(Tensor input, Tensor target, float[] mask, Tensor dInput) {
    gradient(input, target, Objects.requireNonNull(mask, "mask"), dInput);
  }

  /** The forward pass; {@code mask == null} counts every row with weight 1. */
  private double loss(Tensor input, Tensor target, float[] mask) {
    int columns = checkShapes(input, target);
    int rows = input.size() / columns;
    double counted = columns * rowWeights(mask, rows, input);
    float[] x = input.data(); // (N, F)
    float[] y = target.data(); // (N, F)
    double total = 0;
    for (int r = 0; r < rows; r++) {
      double m = mask == null ? 1.0 : mask[r];
      if (m == 0) {
        continue; // padding: not read
      }
      double rowTotal = 0;
      for (int j = 0, i = r * columns; j < columns; j++, i++) {
        rowTotal += value(x[i], y[i], j);
      }
      total += m * rowTotal;
    }
    // ℓ is finite for finite x and y (double sums cannot overflow for float inputs), so only a
    // non-finite value can make the total non-finite.
    if (!Double.isFinite(total)) {
      throw nonFinite(input, target, mask, columns);
    }
    return reduction.reduce(total, counted);
  }

  /** The backward pass, the mirror of {@link #loss}. */
  private void gradient(Tensor input, Tensor target, float[] mask, Tensor dInput) {
    int columns = checkShapes(input, target);
    Objects.requireNonNull(dInput, "dInput");
    requireSameShape(input, "input", dInput, "dInput");
    int rows = input.size() / columns;
    double scale = reduction.scale(columns * rowWeights(mask, rows, input));
    float[] x = input.data(); // (N, F)
    float[] y = target.data(); // (N, F)
    float[] d = dInput.data(); // (N, F)
    double sum = 0; // Σ (x + y) over counted rows: finite exactly when every value is
    for (int r = 0; r < rows; r++) {
      double m = mask == null ? 1.0 : mask[r];
      int row = r * columns;
      if (m == 0) {
        Arrays.fill(d, row, row + columns, 0f);
        continue;
      }
      double s = scale * m;
      for (int j = 0, i = row; j < columns; j++, i++) {
        float xi = x[i]; // read before d[i] is written: d may be x or y
        float yi = y[i];
        sum += (double) xi + yi;
        d[i] = (float) (s * derivative(xi, yi, j));
      }
    }
    if (!Double.isFinite(sum)) {
      throw nonFinite(input, target, mask, columns);
    }
  }

  /** Checks (…, F) input and target of one shape; returns F. */
  private int checkShapes(Tensor input, Tensor target) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(target, "target");
    int columns = input.rank() >= 1 ? input.dim(input.rank() - 1) : 0;
    if (columns == 0) {
      throw new IllegalArgumentException(
          "input must have a last dimension F > 0, got " + Tensor.shapeString(input.shape()));
    }
    requireSameShape(input, "input", target, "target");
    checkColumns(columns, input);
    return columns;
  }

  /** Throws unless {@code other} has the shape of {@code reference}. */
  static void requireSameShape(Tensor reference, String referenceName, Tensor other, String name) {
    if (!other.hasSameShape(reference)) {
      throw new IllegalArgumentException(
          name
              + " must have the shape of "
              + referenceName
              + " "
              + Tensor.shapeString(reference.shape())
              + ", got "
              + Tensor.shapeString(other.shape()));
    }
  }

  /** Checks the mask and returns Σ_r m_r (the row count without a mask). */
  private static double rowWeights(float[] mask, int rows, Tensor input) {
    if (mask == null) {
      return rows;
    }
    if (mask.length != rows) {
      throw new IllegalArgumentException(
          "mask must have length "
              + rows
              + ", one per row of input "
              + Tensor.shapeString(input.shape())
              + ", got "
              + mask.length);
    }
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      float m = mask[r];
      if (!(m >= 0) || m == Float.POSITIVE_INFINITY) {
        throw new IllegalArgumentException(
            "mask[" + r + "] must be finite and >= 0, got " + Checks.format(m));
      }
      sum += m;
    }
    return sum;
  }

  /** The error for the first NaN or infinite value of a counted row, input before target. */
  private static IllegalArgumentException nonFinite(
      Tensor input, Tensor target, float[] mask, int columns) {
    int rows = input.size() / columns;
    for (Tensor t : new Tensor[] {input, target}) {
      float[] v = t.data();
      for (int r = 0; r < rows; r++) {
        if (mask != null && mask[r] == 0) {
          continue;
        }
        for (int j = 0; j < columns; j++) {
          float value = v[r * columns + j];
          if (!Float.isFinite(value)) {
            return new IllegalArgumentException(
                (t == input ? "input" : "target")
                    + "["
                    + r
                    + ", "
                    + j
                    + "] must be finite, got "
                    + Checks.format(value)
                    + " (row, column of the (rows, F) view)");
          }
        }
      }
    }
    throw new AssertionError("the loss is not finite although every counted value is");
  }
}
