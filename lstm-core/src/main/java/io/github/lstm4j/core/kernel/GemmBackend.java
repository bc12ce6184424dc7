package io.github.lstm4j.core.kernel;

import io.github.lstm4j.core.kernel.GemmKernels.Form;

/**
 * The loops {@link Gemm} runs one chunk of a product with: {@link #PLAIN} ({@link GemmKernels}) or
 * the Vector API kernels ({@code VectorGemmKernels} in {@code src/main/vector}), as {@link
 * KernelSelection} decides once per JVM.
 *
 * <p>Every implementation keeps {@link GemmKernels}' summation order (each element a chain of fused
 * multiply-adds in ascending p from 0 or the old C), so both give the same bits.
 */
interface GemmBackend {
  /** The plain-Java kernels. */
  GemmBackend PLAIN =
      new GemmBackend() {
        @Override
        public void blocked(
            Form form,
            boolean accumulate,
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
          GemmKernels.blocked(form, accumulate, a, aOff, b, bOff, c, cOff, m, n, k, i0, i1, j0, j1);
        }

        @Override
        public void dots(
            boolean accumulate,
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
          GemmKernels.dots(accumulate, a, aOff, b, bOff, c, cOff, n, k, i0, i1, j0, j1);
        }

        @Override
        public int packedSize(int k, int n) {
          return Math.multiplyExact(k, n);
        }

        @Override
        public int packedColumnUnit() {
          return Gemm.COLUMN_UNIT;
        }

        @Override
        public void pack(float[] b, int bOff, int bps, int bjs, int k, int n, float[] packed) {
          // op(B) row-major: the plain kernels read it as a stored B of an NN product. Eight
          // columns at a time, streamed along p: when op(B) is a transposed B, its columns and
          // rows are both a power of two apart, and a row-by-row copy would read every column
          // through one L1 set.
          for (int j0 = 0; j0 < n; j0 += 8) {
            int j1 = Math.min(n, j0 + 8);
            for (int p = 0; p < k; p++) {
              for (int j = j0; j < j1; j++) {
                packed[p * n + j] = b[bOff + p * bps + j * bjs];
              }
            }
          }
        }

        @Override
        public void multPacked(
            boolean accumulate,
            float[] a,
            int aOff,
            float[] packed,
            float[] c,
            int cOff,
            int m,
            int n,
            int k,
            int i0,
            int i1,
            int j0,
            int j1) {
          GemmKernels.blocked(
              Form.NN, accumulate, a, aOff, packed, 0, c, cOff, m, n, k, i0, i1, j0, j1);
        }
      };

  /** The kernels this JVM uses. */
  GemmBackend SELECTED = KernelSelection.choose(GemmBackend.class, "VectorGemmKernels", PLAIN);

  /**
   * C[i0:i1, j0:j1] (+)= op(A)·op(B), as {@link GemmKernels#blocked}.
   *
   * @param form which operand is transposed
   * @param accumulate add to C ({@code true}) or overwrite it
   * @param a A's values
   * @param aOff A's offset
   * @param b B's values
   * @param bOff B's offset
   * @param c C's values
   * @param cOff C's offset
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   * @param i0 first row of the chunk
   * @param i1 one past its last row
   * @param j0 first column of the chunk
   * @param j1 one past its last column
   */
  void blocked(
      Form form,
      boolean accumulate,
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
      int j1);

  /**
   * C[i0:i1, j0:j1] (+)= A·Bᵀ for few rows of A, as {@link GemmKernels#dots}.
   *
   * @param accumulate add to C ({@code true}) or overwrite it
   * @param a A's values (m×k)
   * @param aOff A's offset
   * @param b B's values, stored (n×k)
   * @param bOff B's offset
   * @param c C's values
   * @param cOff C's offset
   * @param n columns of C
   * @param k the shared dimension
   * @param i0 first row of the chunk
   * @param i1 one past its last row
   * @param j0 first column of the chunk
   * @param j1 one past its last column
   */
  void dots(
      boolean accumulate,
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
      int j1);

  /**
   * The length of a packed op(B) of k rows and n columns in this backend's layout.
   *
   * @param k rows of op(B)
   * @param n columns of op(B)
   * @return the number of floats
   */
  int packedSize(int k, int n);

  /**
   * The width of the panels of a packed op(B): a product splits its columns at multiples of it.
   *
   * @return columns per panel
   */
  int packedColumnUnit();

  /**
   * Lays out op(B)(p, j) = b[bOff + p·bps + j·bjs] (k×n) in this backend's layout.
   *
   * @param b the stored B
   * @param bOff where op(B)(0, 0) is
   * @param bps distance between consecutive p
   * @param bjs distance between consecutive j
   * @param k rows of op(B)
   * @param n columns of op(B)
   * @param packed the destination, {@link #packedSize} long at least
   */
  void pack(float[] b, int bOff, int bps, int bjs, int k, int n, float[] packed);

  /**
   * C[i0:i1, j0:j1] (+)= A·op(B) with op(B) packed by {@link #pack}; A is (m×k) row-major.
   *
   * @param accumulate whether to add to C (else overwrite)
   * @param a A
   * @param aOff where A starts
   * @param packed the packed op(B)
   * @param c C (m×n)
   * @param cOff where C starts
   * @param m rows of A and C
   * @param n columns of op(B) and C
   * @param k the shared dimension
   * @param i0 first row
   * @param i1 one past the last row
   * @param j0 first column, a multiple of {@link #packedColumnUnit}
   * @param j1 one past the last column
   */
  void multPacked(
      boolean accumulate,
      float[] a,
      int aOff,
      float[] packed,
      float[] c,
      int cOff,
      int m,
      int n,
      int k,
      int i0,
      int i1,
      int j0,
      int j1);
}
