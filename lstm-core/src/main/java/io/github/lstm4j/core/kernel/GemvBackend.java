package io.github.lstm4j.core.kernel;

/**
 * The layout and loops behind {@link PackedMatrix}: {@link #PLAIN} ({@link GemvKernels}) or the
 * Vector API ones ({@code VectorGemvKernels} in {@code src/main/vector}), as {@link
 * KernelSelection} decides once per JVM.
 *
 * <p>Each backend packs W in its own layout and reads only that layout; both compute every element
 * as a chain of fused multiply-adds in ascending p from the old y, so they give the same bits.
 */
interface GemvBackend {
  /** The plain-Java layout and loops. */
  GemvBackend PLAIN =
      new GemvBackend() {
        @Override
        public float[][] pack(float[] w, int wOff, int k, int[] rows, int columns) {
          return GemvKernels.pack(w, wOff, k, rows, columns);
        }

        @Override
        public void multAdd(
            float[][] packed,
            int k,
            float[] x,
            int xOff,
            int xStride,
            int m,
            float[][] y,
            int j0,
            int j1) {
          GemvKernels.multAdd(packed, k, x, xOff, xStride, m, y, j0, j1);
        }

        @Override
        public void column(float[][] packed, int k, int p, float[] y, int j0, int j1) {
          GemvKernels.column(packed, p, y, j0, j1);
        }
      };

  /** The layout and loops this JVM uses. */
  GemvBackend SELECTED = KernelSelection.choose(GemvBackend.class, "VectorGemvKernels", PLAIN);

  /**
   * Lays out W (n×k) for {@link #multAdd}: column j of the packed matrix is row {@code rows[j]} of
   * W, or zeros where {@code rows[j] < 0} or {@code j >= rows.length}.
   *
   * @param w W's values, row-major
   * @param wOff W's offset
   * @param k W's row length, the shared dimension
   * @param rows the row of W behind each packed column
   * @param columns packed columns, a multiple of {@link PackedMatrix#PANEL}, at least {@code
   *     rows.length}
   * @return the packed values, in this backend's layout
   */
  float[][] pack(float[] w, int wOff, int k, int[] rows, int columns);

  /**
   * y[i][j] += Σ_p x[xOff + i·xStride + p]·Wₚ[j, p] for i &lt; m and j in [j0, j1), each element a
   * chain of fused multiply-adds in ascending p starting from the old y[i][j].
   *
   * @param packed values from {@link #pack} of this backend
   * @param k the shared dimension
   * @param x the rows of x
   * @param xOff where row 0 of x starts
   * @param xStride distance between rows of x
   * @param m rows of x and y
   * @param y the rows of y, each at least {@code j1} long, accumulated into
   * @param j0 first column, a multiple of {@link PackedMatrix#PANEL}
   * @param j1 one past the last column, a multiple of {@link PackedMatrix#PANEL}
   */
  void multAdd(
      float[][] packed,
      int k,
      float[] x,
      int xOff,
      int xStride,
      int m,
      float[][] y,
      int j0,
      int j1);

  /**
   * y[j] = Wₚ[j, p] for j in [j0, j1): column p of W in packed order.
   *
   * @param packed values from {@link #pack} of this backend
   * @param k the shared dimension
   * @param p the column of W, {@code < k}
   * @param y the destination, overwritten in [j0, j1)
   * @param j0 first column, a multiple of {@link PackedMatrix#PANEL}
   * @param j1 one past the last column, a multiple of {@link PackedMatrix#PANEL}
   */
  void column(float[][] packed, int k, int p, float[] y, int j0, int j1);
}
