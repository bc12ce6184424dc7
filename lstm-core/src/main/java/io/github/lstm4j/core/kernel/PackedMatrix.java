package io.github.lstm4j.core.kernel;

import java.util.Objects;

/**
 * A matrix W (n×k) laid out once, for many products y += x·Wᵀ with one or a few rows of x (GEMV):
 * the inference form of a layer's weights, where every time step multiplies a new x by the same W.
 *
 * <p>{@link Gemm} multiplies W as stored (rows contiguous along p): with one row of x it can only
 * run dot products along p, which vectorized would change the summation order, or transpose W on
 * every call, which costs as much as the product. Here W is transposed once into the layout of the
 * selected backend ({@link PlainKernels}: one array per p; {@code VectorGemvKernels}: contiguous
 * panels of {@value #PANEL} columns), so that a product is an axpy along the output columns for
 * each p in ascending order, {@code y[j] = fma(x[p], W[j, p], y[j])}: each element is the same
 * chain of fused multiply-adds, from the same starting value, as in every {@link Gemm} kernel, and
 * so gets the same bits, on either backend and for any split of the columns.
 *
 * <p>Packing can reorder and pad W's rows: packed column j holds row {@code rows[j]} of W, or zeros
 * (a layer groups the columns it finishes together, see {@code FrozenLstm}). The packed matrix is
 * immutable once built and may be shared by any number of threads. A product covers a chunk of
 * whole panels, so that callers can split the columns across threads; it allocates nothing and
 * validates only with {@code assert}.
 */
public final class PackedMatrix {
  /** Columns per panel: chunks of a product start and end on a multiple of it. */
  public static final int PANEL = 64;

  private final KernelBackend backend;
  private final float[][] values; // the backend's layout
  private final int columns; // packed columns, a multiple of PANEL
  private final int depth; // k

  private PackedMatrix(KernelBackend backend, float[][] values, int columns, int depth) {
    this.backend = backend;
    this.values = values;
    this.columns = columns;
    this.depth = depth;
  }

  /**
   * Packs rows of W (n×k), in the given order, for the kernels this JVM uses.
   *
   * @param w W's values, row-major; read only here
   * @param wOff where W starts
   * @param k W's row length, the shared dimension, {@code > 0}
   * @param rows for each packed column j, the row of W it holds, or −1 for a column of zeros
   * @return the packed matrix, {@code rows.length} columns rounded up to a multiple of {@link
   *     #PANEL} (the extra ones zero)
   */
  public static PackedMatrix pack(float[] w, int wOff, int k, int[] rows) {
    return pack(KernelSelection.SELECTED, w, wOff, k, rows);
  }

  /** {@link #pack(float[], int, int, int[])} for a given backend. */
  static PackedMatrix pack(KernelBackend backend, float[] w, int wOff, int k, int[] rows) {
    Objects.requireNonNull(rows, "rows");
    assert k > 0 : "k must be > 0";
    assert wOff >= 0 : "wOff must be >= 0";
    int columns = (rows.length + PANEL - 1) / PANEL * PANEL;
    return new PackedMatrix(backend, backend.gemvPack(w, wOff, k, rows, columns), columns, k);
  }

  /**
   * Returns the number of packed columns.
   *
   * @return the length every row of y must have, at least; a multiple of {@link #PANEL}
   */
  public int columns() {
    return columns;
  }

  /**
   * Returns the shared dimension.
   *
   * @return k, the length of a row of x
   */
  public int depth() {
    return depth;
  }

  /**
   * y[i][j] += Σ_p x[xOff + i·xStride + p]·W[rows[j], p] for rows i &lt; m of x and y and packed
   * columns j in [j0, j1); each element a chain of fused multiply-adds in ascending p starting from
   * the old y[i][j]. Start y at zero for y = x·Wᵀ.
   *
   * @param x the rows of x (m×k), at a stride
   * @param xOff where row 0 of x starts
   * @param xStride distance in {@code x} between rows
   * @param m rows of x and y
   * @param y the rows of y, accumulated into in columns [j0, j1)
   * @param j0 first column, a multiple of {@link #PANEL}
   * @param j1 one past the last column, a multiple of {@link #PANEL}, at most {@link #columns()}
   */
  public void multAdd(float[] x, int xOff, int xStride, int m, float[][] y, int j0, int j1) {
    assert j0 % PANEL == 0 && j1 % PANEL == 0 && 0 <= j0 && j0 <= j1 && j1 <= columns
        : "columns [" + j0 + ", " + j1 + ") must be whole panels of " + columns;
    assert m <= y.length && (m == 0 || xOff + (m - 1) * xStride + depth <= x.length)
        : "x or y too short";
    backend.gemvMultAdd(this, x, xOff, xStride, m, y, j0, j1);
  }

  /**
   * y[j] = W[rows[j], p] for packed columns j in [j0, j1): the product with the one-hot x = e_p, as
   * a copy.
   *
   * @param p the column of W, in [0, k)
   * @param y the destination, overwritten in [j0, j1)
   * @param j0 first column, a multiple of {@link #PANEL}
   * @param j1 one past the last column, a multiple of {@link #PANEL}, at most {@link #columns()}
   */
  public void column(int p, float[] y, int j0, int j1) {
    assert j0 % PANEL == 0 && j1 % PANEL == 0 && 0 <= j0 && j0 <= j1 && j1 <= columns
        : "columns [" + j0 + ", " + j1 + ") must be whole panels of " + columns;
    assert 0 <= p && p < depth : "p must be in [0, k)";
    backend.gemvColumn(values, p, y, j0, j1);
  }

  /** The packed values, in the layout of the back end that packed them. */
  float[][] values() {
    return values;
  }
}
