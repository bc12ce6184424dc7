package io.github.lstm4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.compute.ComputeContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Gemm} against the oracle {@link GemmReference}, and the determinism promises: the same
 * bits for 1 and 2 threads, for a row computed alone or inside a larger product, and for every
 * variant.
 *
 * <p>Gemm sums in float with fused multiply-adds while the reference sums in double, so values are
 * compared with the standard bound for a k-term float sum: |got − exact| ≤ (k + 2)·2⁻²³·(|c₀| +
 * Σ|a||b|), with Σ|a||b| computed by the reference on absolute values.
 */
class GemmTest {
  private static final float SENTINEL = 1234.5f;
  private static final int[][] LARGER_SHAPES = { // {m, n, k}; none a multiple of the block sizes
    {37, 91, 53}, // rows split across threads
    {130, 520, 260}, // two column strips (NC = 512), three depth blocks (KC = 128)
    {259, 33, 140}, // enough rows to split rows
    {1, 600, 300}, // one row: dot products for A·Bᵀ
    {2, 301, 200}, // two rows: padded micro-kernel, columns split
    {40, 7, 300}, // fewer columns than one column unit per thread
    {5, 1030, 13}
  };

  private static ComputeContext one;
  private static ComputeContext two;

  @BeforeAll
  static void startContexts() {
    one = ComputeContext.singleThreaded();
    two = ComputeContext.of(2);
  }

  @AfterAll
  static void closeContexts() {
    one.close();
    two.close();
  }

  /** The six public products, with the shapes in which A and B are stored. */
  enum Variant {
    MULT(false, false, false),
    MULT_ADD(false, false, true),
    MULT_TRANS_A(true, false, false),
    MULT_ADD_TRANS_A(true, false, true),
    MULT_TRANS_B(false, true, false),
    MULT_ADD_TRANS_B(false, true, true);

    final boolean transA;
    final boolean transB;
    final boolean accumulates;

    Variant(boolean transA, boolean transB, boolean accumulates) {
      this.transA = transA;
      this.transB = transB;
      this.accumulates = accumulates;
    }

    void gemm(
        ComputeContext ctx,
        float[] a,
        int aOff,
        float[] b,
        int bOff,
        float[] c,
        int cOff,
        int m,
        int n,
        int k) {
      switch (this) {
        case MULT:
          Gemm.mult(ctx, a, aOff, b, bOff, c, cOff, m, n, k);
          break;
        case MULT_ADD:
          Gemm.multAdd(ctx, a, aOff, b, bOff, c, cOff, m, n, k);
          break;
        case MULT_TRANS_A:
          Gemm.multTransA(ctx, a, aOff, b, bOff, c, cOff, m, n, k);
          break;
        case MULT_ADD_TRANS_A:
          Gemm.multAddTransA(ctx, a, aOff, b, bOff, c, cOff, m, n, k);
          break;
        case MULT_TRANS_B:
          Gemm.multTransB(ctx, a, aOff, b, bOff, c, cOff, m, n, k);
          break;
        default:
          Gemm.multAddTransB(ctx, a, aOff, b, bOff, c, cOff, m, n, k);
          break;
      }
    }

    void reference(
        float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
      switch (this) {
        case MULT:
          GemmReference.mult(a, aOff, b, bOff, c, cOff, m, n, k);
          break;
        case MULT_ADD:
          GemmReference.multAdd(a, aOff, b, bOff, c, cOff, m, n, k);
          break;
        case MULT_TRANS_A:
          GemmReference.multTransA(a, aOff, b, bOff, c, cOff, m, n, k);
          break;
        case MULT_ADD_TRANS_A:
          GemmReference.multAddTransA(a, aOff, b, bOff, c, cOff, m, n, k);
          break;
        case MULT_TRANS_B:
          GemmReference.multTransB(a, aOff, b, bOff, c, cOff, m, n, k);
          break;
        default:
          GemmReference.multAddTransB(a, aOff, b, bOff, c, cOff, m, n, k);
          break;
      }
    }
  }

  /** Operands of one product, each stored at an offset inside a larger sentinel-filled array. */
  private static final class Operands {
    final int m;
    final int n;
    final int k;
    final int aOff;
    final int bOff;
    final int cOff;
    final float[] a;
    final float[] b;
    final float[] c0; // C before the call; zeros are never used for it, so that a missed add shows

    Operands(int m, int n, int k, boolean offsets, long seed) {
      this.m = m;
      this.n = n;
      this.k = k;
      this.aOff = offsets ? 3 : 0;
      this.bOff = offsets ? 5 : 0;
      this.cOff = offsets ? 7 : 0;
      SplittableRandom random = new SplittableRandom(seed);
      a = filled(aOff, m * k, random);
      b = filled(bOff, k * n, random);
      c0 = filled(cOff, m * n, random);
    }

    private static float[] filled(int off, int size, SplittableRandom random) {
      float[] x = new float[off + size + 4];
      Arrays.fill(x, SENTINEL);
      for (int i = off; i < off + size; i++) {
        x[i] = (float) (random.nextDouble() * 2 - 1);
      }
      return x;
    }

    float[] run(Variant v, ComputeContext ctx) {
      float[] c = c0.clone();
      v.gemm(ctx, a, aOff, b, bOff, c, cOff, m, n, k);
      return c;
    }

    float[] reference(Variant v) {
      float[] c = c0.clone();
      v.reference(a, aOff, b, bOff, c, cOff, m, n, k);
      return c;
    }

    /** (k + 2)·2⁻²³·(|c₀| + Σ|a||b|) per element of C, from the reference on absolute values. */
    float[] errorBounds(Variant v) {
      float[] c = abs(c0);
      v.reference(abs(a), aOff, abs(b), bOff, c, cOff, m, n, k);
      float[] bound = new float[m * n];
      for (int e = 0; e < bound.length; e++) {
        bound[e] = (k + 2) * 0x1p-23f * c[cOff + e] + Float.MIN_NORMAL;
      }
      return bound;
    }

    private static float[] abs(float[] x) {
      float[] y = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = Math.abs(x[i]);
      }
      return y;
    }
  }

  private static void assertMatchesReference(Operands o, Variant v, ComputeContext ctx) {
    float[] got = o.run(v, ctx);
    float[] expected = o.reference(v);
    float[] bound = o.errorBounds(v);
    String shape =
        v
            + " m="
            + o.m
            + " n="
            + o.n
            + " k="
            + o.k
            + " cOff="
            + o.cOff
            + " threads="
            + ctx.threads();
    for (int e = 0; e < o.m * o.n; e++) {
      int i = o.cOff + e;
      assertThat(Math.abs(got[i] - expected[i]))
          .as(
              "%s, element (%d, %d): got %s, reference %s",
              shape, e / o.n, e % o.n, got[i], expected[i])
          .isLessThanOrEqualTo(bound[e]);
    }
    assertThat(Arrays.copyOfRange(got, 0, o.cOff))
        .as("%s: C before its offset", shape)
        .isEqualTo(sentinels(o.cOff));
    assertThat(Arrays.copyOfRange(got, o.cOff + o.m * o.n, got.length))
        .as("%s: C after its end", shape)
        .isEqualTo(sentinels(got.length - o.cOff - o.m * o.n));
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void everyVariantMatchesTheReferenceOnAllShapesUpToFiveIncludingZeroSizes(Variant v) {
    long seed = 1;
    for (ComputeContext ctx : new ComputeContext[] {one, two}) {
      for (boolean offsets : new boolean[] {false, true}) {
        for (int m = 0; m <= 5; m++) {
          for (int n = 0; n <= 5; n++) {
            for (int k = 0; k <= 5; k++) {
              assertMatchesReference(new Operands(m, n, k, offsets, seed++), v, ctx);
            }
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void everyVariantMatchesTheReferenceOnLargerShapesWithOneAndTwoThreads(Variant v) {
    long seed = 100;
    for (int[] s : LARGER_SHAPES) {
      Operands o = new Operands(s[0], s[1], s[2], true, seed++);
      assertMatchesReference(o, v, one);
      assertMatchesReference(o, v, two);
    }
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void twoThreadsGiveBitIdenticalResultsToOne(Variant v) {
    long seed = 200;
    for (int[] s : LARGER_SHAPES) {
      Operands o = new Operands(s[0], s[1], s[2], true, seed++);
      assertThat((long) s[0] * s[1] * s[2]).isGreaterThanOrEqualTo(Gemm.PARALLEL_THRESHOLD);
      assertThat(o.run(v, two)).as("m=%d n=%d k=%d", s[0], s[1], s[2]).isEqualTo(o.run(v, one));
    }
  }

  @Test
  void productsRunConcurrentlyOnASharedContextGiveTheirSequentialBits()
      throws InterruptedException {
    Operands[] operands = new Operands[LARGER_SHAPES.length];
    float[][] expected = new float[LARGER_SHAPES.length][];
    for (int q = 0; q < operands.length; q++) {
      int[] s = LARGER_SHAPES[q];
      operands[q] = new Operands(s[0], s[1], s[2], true, 500 + q);
      expected[q] = operands[q].run(Variant.MULT_ADD_TRANS_B, one);
    }
    List<String> mismatches = new CopyOnWriteArrayList<>();
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Thread caller =
          new Thread(
              () -> {
                try {
                  for (int repeat = 0; repeat < 20; repeat++) {
                    for (int q = 0; q < operands.length; q++) {
                      float[] got = operands[q].run(Variant.MULT_ADD_TRANS_B, two);
                      if (!Arrays.equals(got, expected[q])) {
                        mismatches.add("shape " + q);
                      }
                    }
                  }
                } catch (RuntimeException | Error e) {
                  mismatches.add(e.toString());
                }
              });
      caller.start();
      callers.add(caller);
    }
    for (Thread caller : callers) {
      caller.join();
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void theThreeFormsOfOneProductAgreeBitForBit() {
    int m = 37;
    int n = 530;
    int k = 140;
    Operands o = new Operands(m, n, k, false, 300);
    float[] at = transpose(o.a, m, k); // (k, m)
    float[] bt = transpose(o.b, k, n); // (n, k)
    float[] viaMult = new float[m * n];
    float[] viaTransA = new float[m * n];
    float[] viaTransB = new float[m * n];
    Gemm.mult(two, o.a, 0, o.b, 0, viaMult, 0, m, n, k);
    Gemm.multTransA(two, at, 0, o.b, 0, viaTransA, 0, m, n, k);
    Gemm.multTransB(two, o.a, 0, bt, 0, viaTransB, 0, m, n, k);
    assertThat(viaTransA).isEqualTo(viaMult);
    assertThat(viaTransB).isEqualTo(viaMult);
  }

  @Test
  void eachRowAndColumnIsBitIdenticalToTheSameProductComputedAlone() {
    int m = 20;
    int n = 600;
    int k = 300;
    Operands o = new Operands(m, n, k, false, 400);
    float[] bt = transpose(o.b, k, n); // (n, k)
    float[] whole = new float[m * n];
    float[] wholeTransB = new float[m * n];
    Gemm.mult(two, o.a, 0, o.b, 0, whole, 0, m, n, k);
    Gemm.multTransB(two, o.a, 0, bt, 0, wholeTransB, 0, m, n, k);
    for (int i = 0; i < m; i++) {
      float[] row = new float[n];
      Gemm.mult(one, o.a, i * k, o.b, 0, row, 0, 1, n, k);
      assertThat(row).as("mult row %d", i).isEqualTo(Arrays.copyOfRange(whole, i * n, i * n + n));
      Gemm.multTransB(one, o.a, i * k, bt, 0, row, 0, 1, n, k);
      assertThat(row)
          .as("multTransB row %d", i)
          .isEqualTo(Arrays.copyOfRange(whole, i * n, i * n + n));
    }
    for (int j = 0; j < n; j += 37) {
      float[] column = new float[m];
      Gemm.multTransB(one, o.a, 0, bt, j * k, column, 0, m, 1, k);
      for (int i = 0; i < m; i++) {
        assertThat(column[i]).as("column %d, row %d", j, i).isEqualTo(wholeTransB[i * n + j]);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void infinityTimesZeroAndNanPropagateInsteadOfBeingSkipped(Variant v) {
    for (ComputeContext ctx : new ComputeContext[] {one, two}) {
      for (int[] s : new int[][] {{1, 40, 30}, {4, 5, 6}, {37, 91, 53}}) {
        int m = s[0];
        int n = s[1];
        int k = s[2];
        float[] a =
            new float[m * k]; // all zeros: a kernel that skips zero multipliers loses the NaN
        float[] b = new float[k * n];
        Arrays.fill(b, 1f);
        int p = k / 2;
        int j = n - 1;
        b[v.transB ? j * k + p : p * n + j] = Float.POSITIVE_INFINITY;
        float[] c = new float[m * n];
        v.gemm(ctx, a, 0, b, 0, c, 0, m, n, k);
        for (int i = 0; i < m; i++) {
          assertThat(c[i * n + j]).as("%s C[%d, %d] = 0·∞", v, i, j).isNaN();
          assertThat(c[i * n]).as("%s C[%d, 0]", v, i).isZero();
        }
        int i = m - 1;
        a[v.transA ? p * m + i : i * k + p] = Float.NaN;
        v.gemm(ctx, a, 0, b, 0, c, 0, m, n, k);
        for (int q = 0; q < n; q++) {
          assertThat(c[i * n + q]).as("%s C[%d, %d] with a NaN in row %d of A", v, i, q, i).isNaN();
        }
      }
    }
  }

  @Test
  void accumulatingVariantsKeepANanAlreadyInC() {
    float[] a = new float[3 * 4];
    float[] b = new float[4 * 5];
    float[] c = new float[3 * 5];
    c[7] = Float.NaN;
    Gemm.multAdd(two, a, 0, b, 0, c, 0, 3, 5, 4);
    Gemm.multAddTransA(two, a, 0, b, 0, c, 0, 3, 5, 4);
    Gemm.multAddTransB(two, a, 0, b, 0, c, 0, 3, 5, 4);
    assertThat(c[7]).isNaN();
    c[6] = 5f;
    Gemm.mult(two, a, 0, b, 0, c, 0, 3, 5, 4);
    assertThat(c).containsOnly(0f);
  }

  private static float[] sentinels(int length) {
    float[] x = new float[length];
    Arrays.fill(x, SENTINEL);
    return x;
  }

  private static float[] transpose(float[] x, int rows, int cols) {
    float[] t = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int q = 0; q < cols; q++) {
        t[q * rows + r] = x[r * cols + q];
      }
    }
    return t;
  }
}
