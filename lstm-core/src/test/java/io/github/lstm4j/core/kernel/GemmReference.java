package io.github.lstm4j.core.kernel;

/**
 * The plain triple loop for every matrix product variant: the oracle that {@link Gemm} is tested
 * against. Never optimized; each element is summed over {@code p = 0..k-1} in order, in double.
 *
 * <p>All matrices are row-major and contiguous from their offset. "Add" variants accumulate into C;
 * the others overwrite it.
 */
public final class GemmReference {
  private GemmReference() {}

  /**
   * C (m×n) = A (m×k) · B (k×n).
   *
   * @param a A's values
   * @param aOff A's offset
   * @param b B's values
   * @param bOff B's offset
   * @param c C's values, overwritten
   * @param cOff C's offset
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   */
  public static void mult(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
    product(a, aOff, false, b, bOff, false, c, cOff, m, n, k, false);
  }

  /**
   * C (m×n) += A (m×k) · B (k×n).
   *
   * @param a A's values
   * @param aOff A's offset
   * @param b B's values
   * @param bOff B's offset
   * @param c C's values, accumulated into
   * @param cOff C's offset
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   */
  public static void multAdd(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
    product(a, aOff, false, b, bOff, false, c, cOff, m, n, k, true);
  }

  /**
   * C (m×n) = A (m×k) · B (n×k)ᵀ.
   *
   * @param a A's values
   * @param aOff A's offset
   * @param b B's values, stored (n×k)
   * @param bOff B's offset
   * @param c C's values, overwritten
   * @param cOff C's offset
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   */
  public static void multTransB(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
    product(a, aOff, false, b, bOff, true, c, cOff, m, n, k, false);
  }

  /**
   * C (m×n) += A (m×k) · B (n×k)ᵀ.
   *
   * @param a A's values
   * @param aOff A's offset
   * @param b B's values, stored (n×k)
   * @param bOff B's offset
   * @param c C's values, accumulated into
   * @param cOff C's offset
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   */
  public static void multAddTransB(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
    product(a, aOff, false, b, bOff, true, c, cOff, m, n, k, true);
  }

  /**
   * C (m×n) = A (k×m)ᵀ · B (k×n).
   *
   * @param a A's values, stored (k×m)
   * @param aOff A's offset
   * @param b B's values
   * @param bOff B's offset
   * @param c C's values, overwritten
   * @param cOff C's offset
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   */
  public static void multTransA(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
    product(a, aOff, true, b, bOff, false, c, cOff, m, n, k, false);
  }

  /**
   * C (m×n) += A (k×m)ᵀ · B (k×n).
   *
   * @param a A's values, stored (k×m)
   * @param aOff A's offset
   * @param b B's values
   * @param bOff B's offset
   * @param c C's values, accumulated into
   * @param cOff C's offset
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   */
  public static void multAddTransA(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
    product(a, aOff, true, b, bOff, false, c, cOff, m, n, k, true);
  }

  private static void product(
      float[] a,
      int aOff,
      boolean transA,
      float[] b,
      int bOff,
      boolean transB,
      float[] c,
      int cOff,
      int m,
      int n,
      int k,
      boolean accumulate) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = accumulate ? c[cOff + i * n + j] : 0.0;
        for (int p = 0; p < k; p++) {
          float aip = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
          float bpj = transB ? b[bOff + j * k + p] : b[bOff + p * n + j];
          sum += (double) aip * bpj;
        }
        c[cOff + i * n + j] = (float) sum;
      }
    }
  }
}
