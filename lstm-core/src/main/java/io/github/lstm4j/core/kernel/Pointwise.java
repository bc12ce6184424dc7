package io.github.lstm4j.core.kernel;

/**
 * Elementwise functions and row operations on {@code float[]} with offsets.
 *
 * <p>Activations are evaluated in double and rounded once, so they are correctly saturated (σ(±∞) =
 * 1 or 0, tanh(±∞) = ±1) and propagate NaN. The array forms run on {@link Activations}: with the
 * Vector API kernels (see {@link Gemm}) they evaluate the same formulas four lanes at a time with a
 * polynomial exponential.
 */
public final class Pointwise {
  /** The loops behind the array activations: plain Java or the Vector API. */
  private static final Activations ACTIVATIONS = Activations.SELECTED;

  private Pointwise() {}

  /**
   * σ(x) = 1 / (1 + e^−x).
   *
   * @param x the argument
   * @return the logistic sigmoid
   */
  public static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
  }

  /**
   * tanh(x) = 1 − 2 / (e^{2x} + 1), accurate to float precision and exact at ±∞.
   *
   * @param x the argument
   * @return the hyperbolic tangent
   */
  public static float tanh(float x) {
    return (float) (1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0));
  }

  /**
   * x[i] = σ(x[i]) for {@code count} elements.
   *
   * @param x the values, overwritten
   * @param off where they start
   * @param count how many
   */
  public static void sigmoidInPlace(float[] x, int off, int count) {
    ACTIVATIONS.sigmoidInPlace(x, off, count);
  }

  /**
   * x[i] = tanh(x[i]) for {@code count} elements.
   *
   * @param x the values, overwritten
   * @param off where they start
   * @param count how many
   */
  public static void tanhInPlace(float[] x, int off, int count) {
    ACTIVATIONS.tanhInPlace(x, off, count);
  }

  /**
   * y[i] = tanh(x[i]) for {@code count} elements.
   *
   * @param x the arguments
   * @param xOff where they start
   * @param y the results
   * @param yOff where they start
   * @param count how many
   */
  public static void tanhInto(float[] x, int xOff, float[] y, int yOff, int count) {
    ACTIVATIONS.tanhInto(x, xOff, y, yOff, count);
  }

  /**
   * x[r, :] += bias for every row r of x (rows × cols).
   *
   * @param bias the bias values (cols)
   * @param biasOff where the bias starts
   * @param x the matrix to add to
   * @param xOff where x starts
   * @param rows rows of x
   * @param cols columns of x
   */
  public static void addBiasToRows(
      float[] bias, int biasOff, float[] x, int xOff, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int row = xOff + r * cols;
      for (int j = 0; j < cols; j++) {
        x[row + j] += bias[biasOff + j];
      }
    }
  }

  /**
   * dst[j] += Σ_r x[r, j], summing rows in ascending order (the bias gradient).
   *
   * @param x the matrix (rows × cols)
   * @param xOff where x starts
   * @param rows rows of x
   * @param cols columns of x
   * @param dst the accumulator (cols)
   * @param dstOff where the accumulator starts
   */
  public static void sumRowsInto(float[] x, int xOff, int rows, int cols, float[] dst, int dstOff) {
    for (int r = 0; r < rows; r++) {
      int row = xOff + r * cols;
      for (int j = 0; j < cols; j++) {
        dst[dstOff + j] += x[row + j];
      }
    }
  }

  /**
   * y[i] += x[i] for {@code count} elements.
   *
   * @param x the source
   * @param xOff where the source starts
   * @param y the accumulator
   * @param yOff where the accumulator starts
   * @param count how many elements
   */
  public static void addInto(float[] x, int xOff, float[] y, int yOff, int count) {
    for (int i = 0; i < count; i++) {
      y[yOff + i] += x[xOff + i];
    }
  }

  /**
   * x[i] *= y[i] for {@code count} elements.
   *
   * @param x the values, overwritten
   * @param xOff where x starts
   * @param y the factors
   * @param yOff where y starts
   * @param count how many elements
   */
  public static void multiplyInPlace(float[] x, int xOff, float[] y, int yOff, int count) {
    for (int i = 0; i < count; i++) {
      x[xOff + i] *= y[yOff + i];
    }
  }
}
