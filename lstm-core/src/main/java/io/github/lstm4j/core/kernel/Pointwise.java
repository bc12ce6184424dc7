package io.github.lstm4j.core.kernel;

/**
 * Elementwise functions and row operations on {@code float[]} with offsets.
 *
 * <p>The activations are evaluated in float on {@link FloatExp}'s exponential, within 2 ulp of the
 * correctly rounded value wherever that is a normal float (σ's subnormal values, below x ≈ −87.3,
 * are rounded absolutely, then flushed to 0 below −126.5·ln 2 ≈ −87.68), with exact limits at the
 * edges of float (σ(±∞) = 1 or 0, tanh(±∞) = ±1) and NaN propagated. The array forms run on the
 * selected {@link KernelBackend}: plain loops over the scalar definitions here, or Vector API loops
 * that perform the same operations eight lanes at a time and give the same bits.
 */
public final class Pointwise {
  /** The loops behind the array activations: plain Java or the Vector API. */
  private static final KernelBackend ACTIVATIONS = KernelSelection.SELECTED;

  private Pointwise() {}

  /**
   * σ(x) = 1 / (1 + e^−x), computed as 1 / (1 + e) for x ≥ 0 and e / (1 + e) for x < 0 with e =
   * e^−|x| ≤ 1, which never overflows and keeps σ's small values accurate. Below −126.5·ln 2 ≈
   * −87.68, where σ(x) &lt; 8.5e-39 is a subnormal float, the result is 0.
   *
   * @param x the argument
   * @return the logistic sigmoid
   */
  public static float sigmoid(float x) {
    float t = Math.max(-Math.abs(x), -FloatExp.LIMIT);
    float shifted = FloatExp.shifted(t);
    float scale = FloatExp.scale(shifted);
    float e = Math.fma(scale, FloatExp.reducedExpm1(t, shifted), scale); // e^t
    return (x >= 0f ? 1f : e) / (1f + e);
  }

  /**
   * tanh(x) = sign(x)·(−m / (2 + m)) with m = e^{−2|x|} − 1 ∈ (−1, 0], computed without
   * cancellation (see {@link FloatExp}), so small arguments keep their relative accuracy:
   * tanh(1e-20) = 1e-20.
   *
   * @param x the argument
   * @return the hyperbolic tangent
   */
  public static float tanh(float x) {
    float t = Math.max(-2f * Math.abs(x), -FloatExp.LIMIT);
    float shifted = FloatExp.shifted(t);
    float scale = FloatExp.scale(shifted);
    float m = Math.fma(scale, FloatExp.reducedExpm1(t, shifted), scale - 1f); // e^t − 1
    return Math.copySign(-m / (2f + m), x);
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
    ACTIVATIONS.tanhInto(x, off, x, off, count);
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
    ACTIVATIONS.addBiasToRows(bias, biasOff, x, xOff, rows, cols);
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
    sumRowsInto(x, xOff, rows, cols, cols, dst, dstOff);
  }

  /**
   * dst[j] += Σ_r x[r, j] for the first {@code width} columns of rows {@code stride} apart: {@link
   * #sumRowsInto(float[], int, int, int, float[], int)} over a band of columns.
   */
  static void sumRowsInto(
      float[] x, int xOff, int rows, int stride, int width, float[] dst, int dstOff) {
    for (int r = 0; r < rows; r++) {
      int row = xOff + r * stride;
      for (int j = 0; j < width; j++) {
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
}
