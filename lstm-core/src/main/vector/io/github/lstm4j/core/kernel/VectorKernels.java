package io.github.lstm4j.core.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API back end: {@link VectorGemmKernels} for products, {@link VectorGemvKernels} for a
 * {@link PackedMatrix}, {@link VectorActivations} and {@link VectorLstmCell}, all on the one
 * species of {@link VectorWidth} (256 or 512 bits), with the plain back end's bits. {@link
 * KernelSelection} loads it by name, once, and only on a JVM that has the incubator module.
 */
final class VectorKernels implements KernelBackend, KernelSelection.VectorSupport {
  @Override
  public String name() {
    return "vector";
  }

  @Override
  public int preferredBits() {
    // On a machine with narrower vectors than the kernels' 256-bit species the API would emulate
    // that species in scalar Java, far slower than the plain kernels.
    return FloatVector.SPECIES_PREFERRED.vectorBitSize();
  }

  @Override
  public int vectorBits() {
    return VectorWidth.FLOATS.vectorBitSize();
  }

  @Override
  public void gemmBlocked(GemmProduct p, int i0, int i1, int j0, int j1) {
    VectorGemmKernels.blocked(p, i0, i1, j0, j1);
  }

  @Override
  public int gemmPackedSize(int k, int n) {
    // whole panels
    return Math.multiplyExact(k, VectorGemmKernels.roundUp(n));
  }

  @Override
  public int gemmPackedColumnUnit() {
    // one panel
    return VectorGemmKernels.NR;
  }

  @Override
  public void gemmPack(float[] b, int bOff, int bps, int bjs, int k, int n, float[] packed) {
    // whole-depth panels, packed[(j/NR)·k·NR + p·NR + j%NR]: the layout of a block with kc = k
    VectorGemmKernels.packPanels(b, bOff, bps, bjs, k, n, packed);
  }

  @Override
  public void gemmPacked(GemmProduct p, int i0, int i1, int j0, int j1) {
    VectorGemmKernels.multPacked(p, i0, i1, j0, j1);
  }

  @Override
  public float[][] gemvPack(float[] w, int wOff, int k, int[] rows, int columns) {
    return VectorGemvKernels.pack(w, wOff, k, rows, columns);
  }

  @Override
  public void gemvMultAdd(
      PackedMatrix w, float[] x, int xOff, int xStride, int m, float[][] y, int j0, int j1) {
    VectorGemvKernels.multAdd(w.values(), w.depth(), x, xOff, xStride, m, y, j0, j1);
  }

  @Override
  public void gemvColumn(float[][] packed, int p, float[] y, int j0, int j1) {
    VectorGemvKernels.column(packed, p, y, j0, j1);
  }

  @Override
  public void sigmoidInPlace(float[] x, int off, int count) {
    VectorActivations.sigmoidInPlace(x, off, count);
  }

  @Override
  public void tanhInto(float[] x, int xOff, float[] y, int yOff, int count) {
    VectorActivations.tanhInto(x, xOff, y, yOff, count);
  }

  @Override
  public void cellStateRow(CellView view, float[] gates, int gatesAt, int stateAt, int count) {
    VectorLstmCell.stateRow(view, gates, gatesAt, stateAt, count);
  }

  @Override
  public void addBiasToRows(float[] bias, int biasOff, float[] x, int xOff, int rows, int cols) {
    VectorActivations.addBiasToRows(bias, biasOff, x, xOff, rows, cols);
  }

  @Override
  public void cellBackwardRow(CellView view, int r) {
    VectorLstmCell.backwardRow(view, r);
  }
}
