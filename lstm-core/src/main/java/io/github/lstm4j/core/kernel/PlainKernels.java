package io.github.lstm4j.core.kernel;

import io.github.lstm4j.core.kernel.GemmKernels.Form;

/**
 * The plain-Java back end: {@link GemmKernels} for products, {@link GemvKernels} for a {@link
 * PackedMatrix}, a call of {@link Pointwise#sigmoid} or {@link Pointwise#tanh} per element, and
 * {@link LstmCell#backwardUnits} for the cell's backward (a loop C2 leaves scalar: it reads and
 * writes eight float arrays that may alias). It runs on every JVM.
 */
final class PlainKernels implements KernelBackend {
  @Override
  public String name() {
    return "plain";
  }

  @Override
  public void gemmBlocked(
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
  public void gemmDots(
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
  public void gemmPacked(
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
    GemmKernels.blocked(Form.NN, accumulate, a, aOff, packed, 0, c, cOff, m, n, k, i0, i1, j0, j1);
  }

  @Override
  public float[][] gemvPack(float[] w, int wOff, int k, int[] rows, int columns) {
    return GemvKernels.pack(w, wOff, k, rows, columns);
  }

  @Override
  public void gemvMultAdd(
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
  public void gemvColumn(float[][] packed, int p, float[] y, int j0, int j1) {
    GemvKernels.column(packed, p, y, j0, j1);
  }

  @Override
  public void sigmoidInPlace(float[] x, int off, int count) {
    for (int i = off; i < off + count; i++) {
      x[i] = Pointwise.sigmoid(x[i]);
    }
  }

  @Override
  public void tanhInPlace(float[] x, int off, int count) {
    for (int i = off; i < off + count; i++) {
      x[i] = Pointwise.tanh(x[i]);
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
}
