package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Rng;

/**
 * Weight initialisers. Each fills a (rows × cols) row-major block, seeded by the caller's {@link
 * Rng}, so the same seed gives the same model.
 *
 * <ul>
 *   <li>{@link #PYTORCH_DEFAULT}: U(−1/√H, 1/√H) for LSTM weights (H = hidden size) and U(−1/√in,
 *       1/√in) for Linear, as {@code torch.nn.LSTM} and {@code torch.nn.Linear} do.
 *   <li>{@link #XAVIER_UNIFORM}: Glorot's U(−√(6/(fanIn+fanOut)), +√(6/(fanIn+fanOut))), Keras's
 *       default for input kernels.
 *   <li>{@link #ORTHOGONAL}: each H×H gate block of a recurrent matrix is a random orthogonal
 *       matrix (Gram–Schmidt of a Gaussian matrix), Keras's default for recurrent kernels; for a
 *       non-square block the rows (or columns) are orthonormal.
 * </ul>
 */
public enum Init {
  /** PyTorch's defaults: uniform in ±1/√scaleFan. */
  PYTORCH_DEFAULT,
  /** Glorot/Xavier uniform. */
  XAVIER_UNIFORM,
  /** Orthogonal blocks. */
  ORTHOGONAL;

  /**
   * Fills a weight block.
   *
   * @param values the destination array
   * @param offset where the block starts
   * @param rows the block's rows (fan-out)
   * @param cols the block's columns (fan-in)
   * @param scaleFan the fan PyTorch's default divides by (H for LSTM weights, in for Linear)
   * @param rng the random source
   */
  public void fill(float[] values, int offset, int rows, int cols, int scaleFan, Rng rng) {
    switch (this) {
      case PYTORCH_DEFAULT:
        uniform(values, offset, rows * cols, 1.0 / Math.sqrt(scaleFan), rng);
        break;
      case XAVIER_UNIFORM:
        uniform(values, offset, rows * cols, Math.sqrt(6.0 / (rows + cols)), rng);
        break;
      default:
        orthogonal(values, offset, rows, cols, rng);
        break;
    }
  }

  /**
   * Fills {@code count} values with U(−bound, bound).
   *
   * @param values the destination
   * @param offset the first index
   * @param count how many values
   * @param bound the half-width
   * @param rng the random source
   */
  static void uniform(float[] values, int offset, int count, double bound, Rng rng) {
    for (int i = 0; i < count; i++) {
      values[offset + i] = (float) ((2.0 * rng.nextDouble() - 1.0) * bound);
    }
  }

  /** A random matrix with orthonormal rows (rows ≤ cols) or columns (rows > cols). */
  private static void orthogonal(float[] values, int offset, int rows, int cols, Rng rng) {
    boolean transposed = rows > cols; // orthonormalise the shorter side's vectors
    int vectors = transposed ? cols : rows;
    int length = transposed ? rows : cols;
    double[][] q = new double[vectors][length];
    for (int v = 0; v < vectors; v++) {
      for (int attempt = 0; ; attempt++) {
        for (int j = 0; j < length; j++) {
          q[v][j] = rng.nextGaussian();
        }
        // Modified Gram–Schmidt against the vectors already accepted, twice for stability.
        for (int pass = 0; pass < 2; pass++) {
          for (int u = 0; u < v; u++) {
            double dot = 0;
            for (int j = 0; j < length; j++) {
              dot += q[u][j] * q[v][j];
            }
            for (int j = 0; j < length; j++) {
              q[v][j] -= dot * q[u][j];
            }
          }
        }
        double norm = 0;
        for (int j = 0; j < length; j++) {
          norm += q[v][j] * q[v][j];
        }
        norm = Math.sqrt(norm);
        if (norm > 1e-6 || attempt > 10) {
          for (int j = 0; j < length; j++) {
            q[v][j] /= norm;
          }
          break;
        }
      }
    }
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        values[offset + r * cols + c] = (float) (transposed ? q[c][r] : q[r][c]);
      }
    }
  }
}
