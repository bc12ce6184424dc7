package io.github.lstm4j.core.kernel;

/**
 * The loops behind {@link Gemm}: each accumulates op(A)·op(B) into the block rows {@code [i0, i1)}
 * × columns {@code [j0, j1)} of C. Every element is summed over {@code p = 0..k-1} in ascending
 * order with one float accumulator, whatever the block, which keeps results independent of how the
 * work was split.
 */
final class GemmKernels {
  private GemmKernels() {}

  /** C[i, j] += Σ_p A[i, p]·B[p, j]; A (m×k), B (k×n). Row-axpy form, vectorized by C2. */
  static void addNN(
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float[] c,
      int cOff,
      int n,
      int k,
      int i0,
      int i1,
      int j0,
      int j1) {
    for (int i = i0; i < i1; i++) {
      int cRow = cOff + i * n;
      int aRow = aOff + i * k;
      for (int p = 0; p < k; p++) {
        float aip = a[aRow + p];
        int bRow = bOff + p * n;
        for (int j = j0; j < j1; j++) {
          c[cRow + j] += aip * b[bRow + j];
        }
      }
    }
  }

  /** C[i, j] += Σ_p A[p, i]·B[p, j]; A (k×m), B (k×n). */
  static void addTN(
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float[] c,
      int cOff,
      int m,
      int n,
      int k,
      int i0,
      int i1,
      int j0,
      int j1) {
    for (int i = i0; i < i1; i++) {
      int cRow = cOff + i * n;
      for (int p = 0; p < k; p++) {
        float api = a[aOff + p * m + i];
        int bRow = bOff + p * n;
        for (int j = j0; j < j1; j++) {
          c[cRow + j] += api * b[bRow + j];
        }
      }
    }
  }

  /** C[i, j] += Σ_p A[i, p]·B[j, p]; A (m×k), B (n×k). Dot-product form. */
  static void addNT(
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float[] c,
      int cOff,
      int n,
      int k,
      int i0,
      int i1,
      int j0,
      int j1) {
    for (int i = i0; i < i1; i++) {
      int aRow = aOff + i * k;
      int cRow = cOff + i * n;
      for (int j = j0; j < j1; j++) {
        int bRow = bOff + j * k;
        float sum = 0f;
        for (int p = 0; p < k; p++) {
          sum += a[aRow + p] * b[bRow + p];
        }
        c[cRow + j] += sum;
      }
    }
  }
}
