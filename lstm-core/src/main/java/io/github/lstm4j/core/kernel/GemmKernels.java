package io.github.lstm4j.core.kernel;

import java.util.Arrays;

/**
 * The loops behind {@link Gemm}: each accumulates op(A)·op(B) into a block of C, rows {@code [i0,
 * i1)} × columns {@code [j0, j1)}.
 *
 * <p><b>One summation order.</b> Every element is computed as {@code t = c₀; for p = 0..k-1: t =
 * fma(A[i,p], B[p,j], t)} in ascending {@code p}, with {@code c₀ = 0} (overwrite) or the old {@code
 * C[i,j]} (accumulate), and each partial sum is kept as a float. Blocking over {@code k} stores and
 * reloads the exact partial float, so no kernel, block size, thread split or choice of path changes
 * a single bit: a row of C is the same whether it is computed alone or inside a larger product, and
 * whatever the variant (A·B, Aᵀ·B, A·Bᵀ).
 *
 * <p><b>Why the loops look like this.</b> Plain Java relies on C2's superword pass, which on JDK 17
 * vectorizes a loop only when (1) it is element-wise, not a reduction (so sums run along {@code j},
 * the axpy form {@code c[j] = fma(a, b[j], c[j])}); (2) every array in it is indexed by the bare
 * loop counter {@code [j]}: with {@code [off + j]} and a run-time {@code off}, C2 assumes that a
 * load may overlap the store and gives up; (3) its body is small ({@code LoopUnrollLimit}, 60 IR
 * nodes before unrolling), which fits about nine multiply-adds. Hence {@link #blocked} copies a
 * {@code (kc, nc)} block of op(B) into separate row arrays (a transpose for A·Bᵀ), copies three
 * rows of C into scratch rows, and runs a 3-row × 3-deep micro-kernel (3 loads of B, 3 of C, 3
 * stores and 9 fused multiply-adds per 8-float vector) along the rows. A·Bᵀ with a single row of A
 * (GEMV) would spend more on the transpose than on the product, so {@link #dots} runs scalar dot
 * products instead, eight columns at a time for instruction-level parallelism. Generation, which
 * multiplies the same weights at every step, transposes them once instead: see {@link PackedMatrix}
 * and {@link PlainKernels}.
 *
 * <p>{@link Math#fma} rather than {@code a * b + c}: one IR node instead of two (so that nine
 * multiply-adds fit the budget), one rounding instead of two, and the same bits on every JVM. It
 * compiles to one instruction on CPUs with FMA (x86 since 2013, all 64-bit ARM); without it, it is
 * a slow exact software routine.
 *
 * <p>C2's decision is fragile: passing the rows of C as three parameters, or rewriting the index
 * arithmetic of the scalars of A in {@link #rows3}, has silently turned the vectorization off
 * (scalar, it runs several times slower). After editing the micro-kernel, run {@code
 * GemmBenchmark}.
 *
 * <p>Scratch rows are owned by the running thread (a {@link ThreadLocal}), allocated on its first
 * product and never grown: their size is fixed by {@link #KC} and {@link #NC}.
 */
final class GemmKernels {
  /** Rows of C per micro-kernel call. */
  static final int MR = 3;

  /** Depth of a packed block of op(B): rows {@code p} per block. */
  static final int KC = 128;

  /** Width of a packed block of op(B): columns {@code j} per block. */
  static final int NC = 512;

  /** A·Bᵀ with at most this many rows runs as dot products ({@link #dots}), without packing. */
  static final int DOT_MAX_ROWS = 1;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private GemmKernels() {}

  /** Which operand is transposed. */
  enum Form {
    /** C (+)= A·B; A (m×k), B (k×n). */
    NN,
    /** C (+)= Aᵀ·B; A stored (k×m), B (k×n). */
    TN,
    /** C (+)= A·Bᵀ; A (m×k), B stored (n×k). */
    NT
  }

  /**
   * Length of each scratch row: NC plus padding that makes a row object (16-byte header + 4·length)
   * a multiple of 64 bytes. Rows allocated one after the other then share their alignment, so the
   * one vector access that C2's pre-loop aligns aligns them all, where rows of exactly NC floats
   * would have loads that straddle cache lines every other row.
   */
  private static final int ROW_LENGTH = NC + 12;

  /** One thread's packing buffers. */
  private static final class Scratch {
    final float[][] panel = new float[KC][ROW_LENGTH]; // (KC, NC) block of op(B), by rows p
    final float[][] rows = new float[MR][ROW_LENGTH]; // (MR, NC) rows of C being updated
  }

  /**
   * C[i0:i1, j0:j1] (+)= op(A)·op(B) through packed blocks and the 3×3 micro-kernel.
   *
   * @param product the operands; its m is C's row count (A's, or its column count for {@link
   *     Form#TN})
   */
  static void blocked(GemmProduct product, int i0, int i1, int j0, int j1) {
    Form form = product.form;
    int n = product.n;
    int k = product.k;
    Scratch s = SCRATCH.get();
    float[][] panel = s.panel;
    float[][] rows = s.rows;
    // A[i, p] = a[aOff + i*iStep + p*pStep]
    int iStep = form == Form.TN ? 1 : k;
    int pStep = form == Form.TN ? product.m : 1;
    // Blocks of near-equal size (a last block of a few columns would run short vector loops).
    int ncStep = roundUp(ceilDiv(j1 - j0, ceilDiv(j1 - j0, NC)), 8);
    int kcStep = ceilDiv(k, ceilDiv(k, KC));
    for (int jc = j0; jc < j1; jc += ncStep) {
      int nc = Math.min(ncStep, j1 - jc);
      for (int pc = 0; pc < k; pc += kcStep) {
        int kc = Math.min(kcStep, k - pc);
        if (form == Form.NT) {
          packTransposed(product.b, product.bOff + jc * k + pc, k, kc, nc, panel);
        } else {
          packRows(product.b, product.bOff + pc * n + jc, n, kc, nc, panel);
        }
        boolean fresh = pc == 0 && !product.accumulate;
        for (int i = i0; i < i1; i += MR) {
          updateRows(
              product.a,
              product.aOff + i * iStep + pc * pStep,
              Math.min(MR, i1 - i),
              iStep,
              pStep,
              panel,
              kc,
              nc,
              product.c,
              product.cOff + i * n + jc,
              n,
              fresh,
              rows);
        }
      }
    }
  }

  private static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }

  private static int roundUp(int x, int multiple) {
    return ceilDiv(x, multiple) * multiple;
  }

  /**
   * Rows {@code i..i+mr-1} (mr ≤ 3), columns {@code jc..jc+nc-1} of C (+)= A[i.., pc..] · panel:
   * copies the rows of C into scratch (zeros when {@code fresh}), runs {@link #rows3}, copies them
   * back. With fewer than three rows left the last row of A is repeated into padding rows that are
   * never copied back, so that one kernel, hot from the first call, serves every row count.
   *
   * @param ai index of A[i, pc] in {@code a}
   * @param iStep distance in {@code a} from A[i, p] to A[i + 1, p]
   * @param pStep distance in {@code a} from A[i, p] to A[i, p + 1]
   * @param ci index of C[i, jc] in {@code c}
   */
  private static void updateRows(
      float[] a,
      int ai,
      int mr,
      int iStep,
      int pStep,
      float[][] panel,
      int kc,
      int nc,
      float[] c,
      int ci,
      int n,
      boolean fresh,
      float[][] rows) {
    for (int r = 0; r < MR; r++) {
      if (fresh || r >= mr) {
        Arrays.fill(rows[r], 0, nc, 0f);
      } else {
        System.arraycopy(c, ci + r * n, rows[r], 0, nc);
      }
    }
    int a1 = mr > 1 ? ai + iStep : ai;
    int a2 = mr > 2 ? a1 + iStep : a1;
    rows3(a, ai, a1, a2, pStep, panel, kc, nc, rows);
    for (int r = 0; r < mr; r++) {
      System.arraycopy(rows[r], 0, c, ci + r * n, nc);
    }
  }

  /** panel[p][j] = B[p, j] for p < kc, j < nc; {@code src} indexes B[0, 0] of the block. */
  private static void packRows(float[] b, int src, int n, int kc, int nc, float[][] panel) {
    for (int p = 0; p < kc; p++) {
      System.arraycopy(b, src + p * n, panel[p], 0, nc);
    }
  }

  /**
   * panel[p][j] = B[j, p] for p < kc, j < nc (B stored (n×k)); {@code src} indexes B[0, 0] of the
   * block. Four rows of the panel per pass: each step reads four consecutive floats of a row of B,
   * where walking one row of B at a time would read one float per cache line.
   */
  private static void packTransposed(float[] b, int src, int k, int kc, int nc, float[][] panel) {
    int p = 0;
    for (; p + 4 <= kc; p += 4) {
      float[] r0 = panel[p];
      float[] r1 = panel[p + 1];
      float[] r2 = panel[p + 2];
      float[] r3 = panel[p + 3];
      for (int j = 0; j < nc; j++) {
        int q = src + j * k + p;
        r0[j] = b[q];
        r1[j] = b[q + 1];
        r2[j] = b[q + 2];
        r3[j] = b[q + 3];
      }
    }
    for (; p < kc; p++) {
      float[] r0 = panel[p];
      for (int j = 0; j < nc; j++) {
        r0[j] = b[src + j * k + p];
      }
    }
  }

  /**
   * Three rows: rows[r][j] = fma(A[r, p], panel[p][j], rows[r][j]) for p = 0..kc-1 ascending, where
   * A[r, p] = a[a_r + p·pStep]. Three steps of p per pass over j keep the loop body within C2's
   * unrolling budget (see the class comment); a last pass takes the one or two steps left.
   *
   * @param a0 index of A[0, 0] of the block in {@code a} (likewise {@code a1}, {@code a2})
   * @param pStep distance in {@code a} between A[r, p] and A[r, p + 1]
   * @param rows the three rows of C, (3, ≥ nc), read from this array inside the loop: passed as
   *     three parameters, they keep C2 (JDK 17) from vectorizing it
   */
  static void rows3(
      float[] a,
      int a0,
      int a1,
      int a2,
      int pStep,
      float[][] panel,
      int kc,
      int nc,
      float[][] rows) {
    float[] c0 = rows[0];
    float[] c1 = rows[1];
    float[] c2 = rows[2];
    int p = 0;
    for (; p + 3 <= kc; p += 3) {
      int r0 = a0 + p * pStep;
      int r1 = a1 + p * pStep;
      int r2 = a2 + p * pStep;
      float a00 = a[r0];
      float a01 = a[r0 + pStep];
      float a02 = a[r0 + 2 * pStep];
      float a10 = a[r1];
      float a11 = a[r1 + pStep];
      float a12 = a[r1 + 2 * pStep];
      float a20 = a[r2];
      float a21 = a[r2 + pStep];
      float a22 = a[r2 + 2 * pStep];
      float[] b0 = panel[p];
      float[] b1 = panel[p + 1];
      float[] b2 = panel[p + 2];
      for (int j = 0; j < nc; j++) {
        float x0 = b0[j];
        float x1 = b1[j];
        float x2 = b2[j];
        float t0 = c0[j];
        float t1 = c1[j];
        float t2 = c2[j];
        t0 = Math.fma(a00, x0, t0);
        t1 = Math.fma(a10, x0, t1);
        t2 = Math.fma(a20, x0, t2);
        t0 = Math.fma(a01, x1, t0);
        t1 = Math.fma(a11, x1, t1);
        t2 = Math.fma(a21, x1, t2);
        t0 = Math.fma(a02, x2, t0);
        t1 = Math.fma(a12, x2, t1);
        t2 = Math.fma(a22, x2, t2);
        c0[j] = t0;
        c1[j] = t1;
        c2[j] = t2;
      }
    }
    for (; p < kc; p++) {
      float a00 = a[a0 + p * pStep];
      float a10 = a[a1 + p * pStep];
      float a20 = a[a2 + p * pStep];
      float[] b0 = panel[p];
      for (int j = 0; j < nc; j++) {
        float x0 = b0[j];
        float t0 = c0[j];
        float t1 = c1[j];
        float t2 = c2[j];
        c0[j] = Math.fma(a00, x0, t0);
        c1[j] = Math.fma(a10, x0, t1);
        c2[j] = Math.fma(a20, x0, t2);
      }
    }
  }

  /**
   * C[i0:i1, j0:j1] (+)= A·Bᵀ as dot products along p (A (m×k), B stored (n×k)): scalar, eight
   * independent accumulators (eight columns) per pass, each summed in ascending p like every other
   * kernel here.
   */
  static void dots(GemmProduct product, int i0, int i1, int j0, int j1) {
    boolean accumulate = product.accumulate;
    float[] a = product.a;
    float[] b = product.b;
    float[] c = product.c;
    int k = product.k;
    for (int i = i0; i < i1; i++) {
      int ar = product.aOff + i * k;
      int cr = product.cOff + i * product.n;
      int j = j0;
      for (; j + 8 <= j1; j += 8) {
        dot8(accumulate, a, ar, b, product.bOff + j * k, c, cr + j, k);
      }
      for (; j < j1; j++) {
        int br = product.bOff + j * k;
        float t = accumulate ? c[cr + j] : 0f;
        for (int p = 0; p < k; p++) {
          t = Math.fma(a[ar + p], b[br + p], t);
        }
        c[cr + j] = t;
      }
    }
  }

  /** c[ci + q] (+)= Σ_p a[ar + p]·b[br + q·k + p] for q = 0..7. */
  private static void dot8(
      boolean accumulate, float[] a, int ar, float[] b, int br, float[] c, int ci, int k) {
    int s0 = br;
    int s1 = s0 + k;
    int s2 = s1 + k;
    int s3 = s2 + k;
    int s4 = s3 + k;
    int s5 = s4 + k;
    int s6 = s5 + k;
    int s7 = s6 + k;
    float t0 = 0f;
    float t1 = 0f;
    float t2 = 0f;
    float t3 = 0f;
    float t4 = 0f;
    float t5 = 0f;
    float t6 = 0f;
    float t7 = 0f;
    if (accumulate) {
      t0 = c[ci];
      t1 = c[ci + 1];
      t2 = c[ci + 2];
      t3 = c[ci + 3];
      t4 = c[ci + 4];
      t5 = c[ci + 5];
      t6 = c[ci + 6];
      t7 = c[ci + 7];
    }
    for (int p = 0; p < k; p++) {
      float x = a[ar + p];
      t0 = Math.fma(x, b[s0 + p], t0);
      t1 = Math.fma(x, b[s1 + p], t1);
      t2 = Math.fma(x, b[s2 + p], t2);
      t3 = Math.fma(x, b[s3 + p], t3);
      t4 = Math.fma(x, b[s4 + p], t4);
      t5 = Math.fma(x, b[s5 + p], t5);
      t6 = Math.fma(x, b[s6 + p], t6);
      t7 = Math.fma(x, b[s7 + p], t7);
    }
    c[ci] = t0;
    c[ci + 1] = t1;
    c[ci + 2] = t2;
    c[ci + 3] = t3;
    c[ci + 4] = t4;
    c[ci + 5] = t5;
    c[ci + 6] = t6;
    c[ci + 7] = t7;
  }
}
