package io.github.lstm4j.core.kernel;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.compute.RangeTask;

/**
 * Matrix products C (+)= op(A)·op(B) on row-major {@code float[]} with offsets, split over the
 * output across a {@link ComputeContext}.
 *
 * <p>Variants (EJML's verbs): {@code mult} C = A·B, {@code multTransA} C = Aᵀ·B, {@code multTransB}
 * C = A·Bᵀ, and the {@code multAdd*} forms that accumulate into C. Each output element is computed
 * by exactly one thread and summed over {@code p = 0..k-1} in an order that depends only on {@code
 * k}, so results are bit-identical for every thread count. {@link GemmReference} is the oracle.
 */
public final class Gemm {
  /** Below this many multiply-adds a product runs on the caller's thread alone. */
  static final long PARALLEL_THRESHOLD = 32_768;

  private static final ThreadLocal<ProductTask> TASKS = ThreadLocal.withInitial(ProductTask::new);

  private Gemm() {}

  /** Which operand is transposed. */
  private enum Form {
    NN,
    TN,
    NT
  }

  /**
   * C (m×n) = A (m×k) · B (k×n).
   *
   * @param ctx the threads to run on
   * @param a A's values
   * @param aOff A's offset
   * @param b B's values
   * @param bOff B's offset
   * @param c C's values, overwritten
   * @param cOff C's offset
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   */
  public static void mult(
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
    run(ctx, Form.NN, false, a, aOff, b, bOff, c, cOff, m, n, k);
  }

  /**
   * C (m×n) += A (m×k) · B (k×n).
   *
   * @param ctx the threads to run on
   * @param a A's values
   * @param aOff A's offset
   * @param b B's values
   * @param bOff B's offset
   * @param c C's values, accumulated into
   * @param cOff C's offset
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   */
  public static void multAdd(
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
    run(ctx, Form.NN, true, a, aOff, b, bOff, c, cOff, m, n, k);
  }

  /**
   * C (m×n) = A (k×m)ᵀ · B (k×n).
   *
   * @param ctx the threads to run on
   * @param a A's values, stored (k×m)
   * @param aOff A's offset
   * @param b B's values
   * @param bOff B's offset
   * @param c C's values, overwritten
   * @param cOff C's offset
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   */
  public static void multTransA(
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
    run(ctx, Form.TN, false, a, aOff, b, bOff, c, cOff, m, n, k);
  }

  /**
   * C (m×n) += A (k×m)ᵀ · B (k×n).
   *
   * @param ctx the threads to run on
   * @param a A's values, stored (k×m)
   * @param aOff A's offset
   * @param b B's values
   * @param bOff B's offset
   * @param c C's values, accumulated into
   * @param cOff C's offset
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   */
  public static void multAddTransA(
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
    run(ctx, Form.TN, true, a, aOff, b, bOff, c, cOff, m, n, k);
  }

  /**
   * C (m×n) = A (m×k) · B (n×k)ᵀ.
   *
   * @param ctx the threads to run on
   * @param a A's values
   * @param aOff A's offset
   * @param b B's values, stored (n×k)
   * @param bOff B's offset
   * @param c C's values, overwritten
   * @param cOff C's offset
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   */
  public static void multTransB(
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
    run(ctx, Form.NT, false, a, aOff, b, bOff, c, cOff, m, n, k);
  }

  /**
   * C (m×n) += A (m×k) · B (n×k)ᵀ.
   *
   * @param ctx the threads to run on
   * @param a A's values
   * @param aOff A's offset
   * @param b B's values, stored (n×k)
   * @param bOff B's offset
   * @param c C's values, accumulated into
   * @param cOff C's offset
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   */
  public static void multAddTransB(
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
    run(ctx, Form.NT, true, a, aOff, b, bOff, c, cOff, m, n, k);
  }

  private static void run(
      ComputeContext ctx,
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
      int k) {
    assert m >= 0 && n >= 0 && k >= 0;
    if (m == 0 || n == 0) {
      return;
    }
    ProductTask t = TASKS.get();
    t.set(form, accumulate, a, aOff, b, bOff, c, cOff, m, n, k);
    boolean splitRows = m >= ctx.threads();
    t.splitRows = splitRows;
    try {
      if ((long) m * n * k < PARALLEL_THRESHOLD) {
        t.run(0, splitRows ? m : n);
      } else {
        ctx.parallelFor(splitRows ? m : n, t);
      }
    } finally {
      t.clear();
    }
  }

  /**
   * One product, reused per calling thread so that a call allocates nothing. A chunk is a range of
   * rows of C, or of columns when C has fewer rows than there are threads.
   */
  private static final class ProductTask implements RangeTask {
    Form form;
    boolean accumulate;
    boolean splitRows;
    float[] a;
    float[] b;
    float[] c;
    int aOff;
    int bOff;
    int cOff;
    int m;
    int n;
    int k;

    void set(
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
        int k) {
      this.form = form;
      this.accumulate = accumulate;
      this.a = a;
      this.aOff = aOff;
      this.b = b;
      this.bOff = bOff;
      this.c = c;
      this.cOff = cOff;
      this.m = m;
      this.n = n;
      this.k = k;
    }

    void clear() {
      a = null;
      b = null;
      c = null;
    }

    @Override
    public void run(int from, int to) {
      int i0 = splitRows ? from : 0;
      int i1 = splitRows ? to : m;
      int j0 = splitRows ? 0 : from;
      int j1 = splitRows ? n : to;
      if (!accumulate) {
        for (int i = i0; i < i1; i++) {
          java.util.Arrays.fill(c, cOff + i * n + j0, cOff + i * n + j1, 0f);
        }
      }
      switch (form) {
        case NN:
          GemmKernels.addNN(a, aOff, b, bOff, c, cOff, n, k, i0, i1, j0, j1);
          break;
        case TN:
          GemmKernels.addTN(a, aOff, b, bOff, c, cOff, m, n, k, i0, i1, j0, j1);
          break;
        default:
          GemmKernels.addNT(a, aOff, b, bOff, c, cOff, n, k, i0, i1, j0, j1);
          break;
      }
    }
  }
}
