package io.github.lstm4j.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link PlainKernels}' packed-matrix loops: W (n×k) packed in panels of
 * {@value #W} columns, each panel one contiguous array holding Wᵀ's rows p = 0..k−1 one after the
 * other ({@code panel[p·W + jj] = W[q·W + jj, p]} for panel q), and y (+)= x·Wᵀ computed a strip of
 * four vectors of a panel at a time (64 columns with 512-bit vectors, 32 with 256-bit ones), its
 * sums held in registers across the whole depth: per p one broadcast of x[p], four loads and four
 * fused multiply-adds, in ascending p, so each element is the same chain as in {@link PlainKernels}
 * and {@link GemmKernels#dots}.
 *
 * <p>A strip is read front to back once per row of x, as one stream, and y is read and written once
 * per strip. Reading the plain kernels' transposed rows (one array per p) a panel at a time instead
 * would stride 4n bytes per p, which is slower; so each back end packs its own layout (figures:
 * benchmarks/README.md).
 *
 * <p>Only {@link VectorWidth#FLOATS} is used, as in {@code VectorGemmKernels}, and the per-strip
 * loop is a small method called once per strip and row, so that C2 compiles it as a hot method.
 */
final class VectorGemvKernels {
  private static final VectorSpecies<Float> S = VectorWidth.FLOATS;

  /** Floats per vector: 8 or 16. */
  private static final int L = VectorWidth.LANES;

  /** Columns per panel. */
  private static final int W = PackedMatrix.PANEL;

  /** Columns per strip: four vectors, a whole panel or half of one. */
  private static final int STRIP = 4 * L;

  /** {@link KernelBackend#gemvPack} into panels. */
  static float[][] pack(float[] w, int wOff, int k, int[] rows, int columns) {
    float[][] panels = new float[columns / W][k * W];
    for (int j = 0; j < rows.length; j++) {
      if (rows[j] >= 0) {
        float[] panel = panels[j / W];
        int jj = j % W;
        int src = wOff + rows[j] * k;
        for (int p = 0; p < k; p++) {
          panel[p * W + jj] = w[src + p];
        }
      }
    }
    return panels;
  }

  /** {@link KernelBackend#gemvMultAdd}, a panel at a time. */
  static void multAdd(
      float[][] packed,
      int k,
      float[] x,
      int xOff,
      int xStride,
      int m,
      float[][] y,
      int j0,
      int j1) {
    assert j0 % W == 0 && j1 % W == 0 : "chunks must be whole panels";
    for (int j = j0; j < j1; j += W) {
      float[] panel = packed[j / W];
      for (int strip = 0; strip < W; strip += STRIP) {
        for (int i = 0; i < m; i++) {
          strip(x, xOff + i * xStride, k, panel, strip, y[i], j + strip);
        }
      }
    }
  }

  /**
   * y[j..j+STRIP) += Σ_p x[xi + p]·panel[p·W + s .. p·W + s + STRIP), fused, in ascending p, for
   * the strip at column s of the panel.
   */
  private static void strip(float[] x, int xi, int k, float[] panel, int s, float[] y, int j) {
    FloatVector c0 = FloatVector.fromArray(S, y, j);
    FloatVector c1 = FloatVector.fromArray(S, y, j + L);
    FloatVector c2 = FloatVector.fromArray(S, y, j + 2 * L);
    FloatVector c3 = FloatVector.fromArray(S, y, j + 3 * L);
    int end = xi + k;
    for (int xp = xi, q = s; xp < end; xp++, q += W) {
      FloatVector a = FloatVector.broadcast(S, x[xp]);
      c0 = a.fma(FloatVector.fromArray(S, panel, q), c0);
      c1 = a.fma(FloatVector.fromArray(S, panel, q + L), c1);
      c2 = a.fma(FloatVector.fromArray(S, panel, q + 2 * L), c2);
      c3 = a.fma(FloatVector.fromArray(S, panel, q + 3 * L), c3);
    }
    c0.intoArray(y, j);
    c1.intoArray(y, j + L);
    c2.intoArray(y, j + 2 * L);
    c3.intoArray(y, j + 3 * L);
  }

  /** {@link KernelBackend#gemvColumn}. */
  static void column(float[][] packed, int p, float[] y, int j0, int j1) {
    for (int j = j0; j < j1; j += W) {
      System.arraycopy(packed[j / W], p * W, y, j, W);
    }
  }

  private VectorGemvKernels() {}
}
