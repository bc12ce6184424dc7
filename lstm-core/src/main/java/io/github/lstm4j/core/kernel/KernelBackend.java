package io.github.lstm4j.core.kernel;

import io.github.lstm4j.core.kernel.GemmKernels.Form;

/**
 * Every loop the kernels run on, in one back end chosen once per JVM by {@link KernelSelection}:
 * {@link PlainKernels} (plain Java, which C2 auto-vectorizes where it can) or {@code VectorKernels}
 * (the incubating Vector API, in {@code src/main/vector}).
 *
 * <p>The back ends differ in speed only. Every implementation
 *
 * <ul>
 *   <li>computes each element of a matrix product as the chain of fused multiply-adds over p in
 *       ascending order from 0 or the old value that {@link GemmKernels} defines ({@link Gemm},
 *       {@link PackedOperand}, {@link PackedMatrix}); the packed layouts are its own;
 *   <li>performs the operations of {@link Pointwise#sigmoid} and {@link Pointwise#tanh} in the same
 *       order with the same roundings, an element's result depending only on its value;
 *   <li>runs {@link LstmCell#backwardUnits}' multiplications and subtractions in its order.
 * </ul>
 *
 * <p>so all give the same bits. The argument lists of the matrix methods follow sgemm's convention
 * (arrays, offsets, sizes, then the chunk of C a thread computes).
 */
interface KernelBackend {
  /**
   * The name {@code -Dlstm4j.kernels} selects this back end by.
   *
   * @return {@code plain} or {@code vector}
   */
  String name();

  /**
   * C[i0:i1, j0:j1] (+)= op(A)·op(B), as {@link GemmKernels#blocked}.
   *
   * @param p the operands and shape
   * @param i0 first row of the chunk
   * @param i1 one past its last row
   * @param j0 first column of the chunk
   * @param j1 one past its last column
   */
  void gemmBlocked(GemmProduct p, int i0, int i1, int j0, int j1);

  /**
   * The length of a packed op(B) of k rows and n columns in this back end's layout.
   *
   * @param k rows of op(B)
   * @param n columns of op(B)
   * @return the number of floats
   */
  int gemmPackedSize(int k, int n);

  /**
   * The width of the panels of a packed op(B): a product splits its columns at multiples of it.
   *
   * @return columns per panel
   */
  int gemmPackedColumnUnit();

  /**
   * Lays out op(B)(p, j) = b[bOff + p·bps + j·bjs] (k×n) in this back end's layout.
   *
   * @param b the stored B
   * @param bOff where op(B)(0, 0) is
   * @param bps distance between consecutive p
   * @param bjs distance between consecutive j
   * @param k rows of op(B)
   * @param n columns of op(B)
   * @param packed the destination, {@link #gemmPackedSize} long at least
   */
  void gemmPack(float[] b, int bOff, int bps, int bjs, int k, int n, float[] packed);

  /**
   * C[i0:i1, j0:j1] (+)= A·op(B) with op(B) packed by {@link #gemmPack}: {@code p.b} is the packed
   * op(B) (from {@code p.bOff = 0}), A is (m×k) row-major, and {@code p.form} is {@link Form#NN}.
   *
   * @param p the operands and shape
   * @param i0 first row
   * @param i1 one past the last row
   * @param j0 first column, a multiple of {@link #gemmPackedColumnUnit}
   * @param j1 one past the last column
   */
  void gemmPacked(GemmProduct p, int i0, int i1, int j0, int j1);

  /**
   * Lays out W (n×k) for {@link #gemvMultAdd}: column j of the packed matrix is row {@code rows[j]}
   * of W, or zeros where {@code rows[j] < 0} or {@code j >= rows.length}.
   *
   * @param w W's values, row-major
   * @param wOff W's offset
   * @param k W's row length, the shared dimension
   * @param rows the row of W behind each packed column
   * @param columns packed columns, a multiple of {@link PackedMatrix#PANEL}, at least {@code
   *     rows.length}
   * @return the packed values, in this back end's layout
   */
  float[][] gemvPack(float[] w, int wOff, int k, int[] rows, int columns);

  /**
   * y[i][j] += Σ_p x[xOff + i·xStride + p]·W[j, p] for i &lt; m and j in [j0, j1), each element a
   * chain of fused multiply-adds in ascending p starting from the old y[i][j].
   *
   * @param w W, packed by {@link #gemvPack} of this back end
   * @param x the rows of x
   * @param xOff where row 0 of x starts
   * @param xStride distance between rows of x
   * @param m rows of x and y
   * @param y the rows of y, each at least {@code j1} long, accumulated into
   * @param j0 first column, a multiple of {@link PackedMatrix#PANEL}
   * @param j1 one past the last column, a multiple of {@link PackedMatrix#PANEL}
   */
  void gemvMultAdd(
      PackedMatrix w, float[] x, int xOff, int xStride, int m, float[][] y, int j0, int j1);

  /**
   * y[j] = Wₚ[j, p] for j in [j0, j1): column p of W in packed order.
   *
   * @param packed values from {@link #gemvPack} of this back end
   * @param p the column of W, {@code < k}
   * @param y the destination, overwritten in [j0, j1)
   * @param j0 first column, a multiple of {@link PackedMatrix#PANEL}
   * @param j1 one past the last column, a multiple of {@link PackedMatrix#PANEL}
   */
  void gemvColumn(float[][] packed, int p, float[] y, int j0, int j1);

  /**
   * x[i] = σ(x[i]) for {@code count} elements.
   *
   * @param x the values, overwritten
   * @param off where they start
   * @param count how many
   */
  void sigmoidInPlace(float[] x, int off, int count);

  /**
   * y[i] = tanh(x[i]) for {@code count} elements; y may be x itself, at the same offset.
   *
   * @param x the arguments
   * @param xOff where they start
   * @param y the results
   * @param yOff where they start
   * @param count how many
   */
  void tanhInto(float[] x, int xOff, float[] y, int yOff, int count);

  /**
   * The cell's state and output for {@code count} units of a row whose gates are activated: {@link
   * LstmCell#cellStateUnits}.
   *
   * @param view the buffers, at the step
   * @param gates the row's activations [i f g o]
   * @param gatesAt where the row's gates start
   * @param stateAt where the units start in the view's (·, H) buffers
   * @param count units to update
   */
  void cellStateRow(CellView view, float[] gates, int gatesAt, int stateAt, int count);

  /**
   * x[r, :] += bias for every row r of x (rows × cols), one rounding per element.
   *
   * @param bias the bias values (cols)
   * @param biasOff where the bias starts
   * @param x the matrix to add to
   * @param xOff where x starts
   * @param rows rows of x
   * @param cols columns of x
   */
  void addBiasToRows(float[] bias, int biasOff, float[] x, int xOff, int rows, int cols);

  /**
   * The cell's backward for row {@code r} of the step the view is at: {@link
   * LstmCell#backwardUnits} over all its units.
   *
   * @param view the buffers and gradients, at the step
   * @param r the row
   */
  void cellBackwardRow(CellView view, int r);
}
