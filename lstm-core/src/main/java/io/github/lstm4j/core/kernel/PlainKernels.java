package io.github.lstm4j.core.kernel;

/**
 * The plain-Java back end: {@link GemmKernels} for products, a call of {@link Pointwise#sigmoid} or
 * {@link Pointwise#tanh} per element, {@link LstmCell#backwardUnits} for the cell's backward (a
 * loop C2 leaves scalar: it reads and writes eight float arrays that may alias), and, here, the
 * loops of a {@link PackedMatrix}. It runs on every JVM.
 *
 * <p><b>Packed matrices.</b> W (n×k) is stored transposed, one array per p ({@code t[p][j] = W[j,
 * p]}), and y (+)= x·Wᵀ runs as an axpy along j for each p in ascending order, {@code y[j] =
 * fma(x[p], t[p][j], y[j])}. The loop is written for C2's superword pass (see {@link GemmKernels}
 * for its three conditions): element-wise along j, every array indexed by the bare loop counter
 * {@code [j]} (the transposed rows and the rows of y are separate arrays for that reason), and four
 * steps of p per pass, which keeps the body small (4 loads of W, 1 load and 1 store of y, 4 fused
 * multiply-adds) and y in registers for four of them. The four are still applied one after the
 * other, so each element is the same chain of fused multiply-adds as in {@link GemmKernels#dots}.
 * Eight steps per pass exceed the unrolling budget and run scalar. At generation's shapes (4H =
 * 2048 columns, k = 512, three matrices, 12 MB) W is streamed from L3 and the loop runs at the
 * speed of that stream, like the Vector API kernel, and far faster than {@link GemmKernels#dots} on
 * W as stored (figures: benchmarks/README.md).
 */
final class PlainKernels implements KernelBackend {
  @Override
  public String name() {
    return "plain";
  }

  @Override
  public void gemmBlocked(GemmProduct p, int i0, int i1, int j0, int j1) {
    GemmKernels.blocked(p, i0, i1, j0, j1);
  }

  @Override
  public int gemmPackedSize(int k, int n) {
    return Math.multiplyExact(k, n);
  }

  @Override
  public int gemmPackedColumnUnit() {
    return Gemm.COLUMN_UNIT;
  }

  @Override
  public void gemmPack(float[] b, int bOff, int bps, int bjs, int k, int n, float[] packed) {
    // op(B) row-major: the plain kernels read it as a stored B of an NN product. Eight columns at
    // a time, streamed along p: when op(B) is a transposed B, its columns and rows are both a power
    // of two apart, and a row-by-row copy would read every column through one L1 set.
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
  public void gemmPacked(GemmProduct p, int i0, int i1, int j0, int j1) {
    // The packed op(B) is a stored B of an NN product.
    GemmKernels.blocked(p, i0, i1, j0, j1);
  }

  /** t[p][j] = W[rows[j], p] (zero where {@code rows[j] < 0} or past {@code rows.length}). */
  @Override
  public float[][] gemvPack(float[] w, int wOff, int k, int[] rows, int columns) {
    float[][] t = new float[k][columns];
    for (int j = 0; j < rows.length; j++) {
      if (rows[j] >= 0) {
        int src = wOff + rows[j] * k;
        for (int p = 0; p < k; p++) {
          t[p][j] = w[src + p];
        }
      }
    }
    return t;
  }

  /** y[j] = t[p][j] for j in [j0, j1). */
  @Override
  public void gemvColumn(float[][] t, int p, float[] y, int j0, int j1) {
    System.arraycopy(t[p], j0, y, j0, j1 - j0);
  }

  /**
   * y[i][j] += Σ_p x[xOff + i·xStride + p]·t[p][j] for i &lt; m, j in [j0, j1), in ascending p. For
   * each group of four p, every row of y is updated while the four rows of t are in L1.
   */
  @Override
  public void gemvMultAdd(
      PackedMatrix w, float[] x, int xOff, int xStride, int m, float[][] y, int j0, int j1) {
    float[][] t = w.values();
    int k = w.depth();
    int p = 0;
    for (; p + 4 <= k; p += 4) {
      float[] w0 = t[p];
      float[] w1 = t[p + 1];
      float[] w2 = t[p + 2];
      float[] w3 = t[p + 3];
      for (int i = 0; i < m; i++) {
        int xi = xOff + i * xStride + p;
        axpy4(x[xi], x[xi + 1], x[xi + 2], x[xi + 3], w0, w1, w2, w3, y[i], j0, j1);
      }
    }
    for (; p < k; p++) {
      float[] w0 = t[p];
      for (int i = 0; i < m; i++) {
        axpy1(x[xOff + i * xStride + p], w0, y[i], j0, j1);
      }
    }
  }

  @Override
  public void sigmoidInPlace(float[] x, int off, int count) {
    for (int i = off; i < off + count; i++) {
      x[i] = Pointwise.sigmoid(x[i]);
    }
  }

  @Override
  public void tanhInto(float[] x, int xOff, float[] y, int yOff, int count) {
    for (int i = 0; i < count; i++) {
      y[yOff + i] = Pointwise.tanh(x[xOff + i]);
    }
  }

  @Override
  public void cellStateRow(CellView view, float[] gates, int gatesAt, int stateAt, int count) {
    LstmCell.cellStateUnits(view, gates, gatesAt, stateAt, count);
  }

  @Override
  public void addBiasToRows(float[] bias, int biasOff, float[] x, int xOff, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int row = xOff + r * cols;
      for (int j = 0; j < cols; j++) {
        x[row + j] += bias[biasOff + j];
      }
    }
  }

  @Override
  public void cellBackwardRow(CellView view, int r) {
    LstmCell.backwardUnits(view, r, 0, view.units);
  }

  /** y[j] = fma(x3, w3[j], fma(x2, w2[j], fma(x1, w1[j], fma(x0, w0[j], y[j])))), j in [j0, j1). */
  private static void axpy4(
      float x0,
      float x1,
      float x2,
      float x3,
      float[] w0,
      float[] w1,
      float[] w2,
      float[] w3,
      float[] y,
      int j0,
      int j1) {
    for (int j = j0; j < j1; j++) {
      float t = y[j];
      t = Math.fma(x0, w0[j], t);
      t = Math.fma(x1, w1[j], t);
      t = Math.fma(x2, w2[j], t);
      t = Math.fma(x3, w3[j], t);
      y[j] = t;
    }
  }

  /** y[j] = fma(x0, w0[j], y[j]) for j in [j0, j1). */
  private static void axpy1(float x0, float[] w0, float[] y, int j0, int j1) {
    for (int j = j0; j < j1; j++) {
      y[j] = Math.fma(x0, w0[j], y[j]);
    }
  }
}
