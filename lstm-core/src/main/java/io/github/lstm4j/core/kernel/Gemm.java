package io.github.lstm4j.core.kernel;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.compute.RangeTask;
import io.github.lstm4j.core.kernel.GemmKernels.Form;
import java.util.Arrays;

/**
 * Matrix products C (+)= op(A)·op(B) on row-major {@code float[]} with offsets, split over the
 * output across a {@link ComputeContext}; the one place that picks the algorithm.
 *
 * <p>Variants (EJML's verbs): {@code mult} C = A·B, {@code multTransA} C = Aᵀ·B, {@code multTransB}
 * C = A·Bᵀ, and the {@code multAdd*} forms that accumulate into C. Each output element is computed
 * by exactly one thread as {@code fma(A[i,p], B[p,j], ·)} in ascending {@code p}, starting from 0
 * or the old C, whatever the shape, variant, thread count or blocking. Results are therefore
 * bit-identical for every thread count, and a row of C does not depend on the other rows computed
 * with it (a batch of 1 gives the same bits as that row in a batch of 32). They are not the bits of
 * the tests' oracle {@code GemmReference}, which sums in double.
 *
 * <p>Algorithms ({@link GemmKernels} has the details): A·Bᵀ with one row of A (GEMV) runs as scalar
 * dot products; everything else packs blocks of op(B) and runs a vectorized 3×3 micro-kernel. A B
 * that is multiplied by one row at a time, product after product (the weights when generating), is
 * better transposed once into a {@link PackedMatrix}, whose products give the same bits; a B that
 * is multiplied by a batch of rows at each of T steps (a layer's recurrent weights) is packed once
 * into a {@link PackedOperand} for the {@code mult}/{@code multAdd} overloads that take one. Work
 * is split over rows of C when there are at least {@link #ROW_SPLIT_MIN_ROWS}, otherwise over
 * columns, so that with few rows each thread packs only its own columns of B. Products below {@link
 * #PARALLEL_THRESHOLD} multiply-adds stay on the caller's thread. A call allocates nothing after
 * the first on a thread (scratch is per thread) and validates only with {@code assert}.
 *
 * <p><b>Vector API kernels.</b> Started with the JVM flag {@code --add-modules
 * jdk.incubator.vector} (JDK 17 or later; class path or module path, where lstm-core adds the read
 * edge it does not declare), on a machine with 256-bit float vectors (AVX2), every chunk runs on
 * kernels written with the incubating Vector API instead ({@code VectorGemmKernels}: a
 * register-blocked 4×16 micro-kernel, A·Bᵀ with few rows computed as Cᵀ = B·Aᵀ, and Aᵀ·B with fewer
 * columns than rows as Cᵀ = Bᵀ·A), faster than the plain kernels at the LSTM shapes on JDK 17 and
 * JDK 25 alike (figures: benchmarks/README.md). They keep the summation order above, so both paths
 * give the same bits; A·Bᵀ with one row (GEMV) stays on the plain dot products. {@link Pointwise}'s
 * array activations and the {@link LstmCell}'s backward switch with them. The JVM then prints
 * "WARNING: Using incubator modules: jdk.incubator.vector" once at start-up. The system property
 * {@code -Dlstm4j.kernels=plain} forces the plain-Java kernels; {@code -Dlstm4j.kernels=vector}
 * makes their absence an error instead of a quiet fallback (see {@code KernelSelection}).
 */
public final class Gemm {
  /** Below this many multiply-adds a product runs on the caller's thread alone. */
  static final long PARALLEL_THRESHOLD = 65_536;

  /** With at least this many rows the threads split the rows of C, otherwise its columns. */
  static final int ROW_SPLIT_MIN_ROWS = 256;

  /** Columns are handed to threads in groups of this many (one AVX2 vector of floats). */
  static final int COLUMN_UNIT = 8;

  /** Below this many columns per thread, rows are split instead (if there are enough). */
  static final int MIN_COLUMNS_PER_THREAD = 128;

  /** The loops behind every chunk: plain Java or the Vector API (see the class comment). */
  private static final KernelBackend KERNELS = KernelSelection.SELECTED;

  private static final ThreadLocal<ProductTask> TASKS = ThreadLocal.withInitial(ProductTask::new);

  private Gemm() {}

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
    run(ctx, null, GemmProduct.of(Form.NN, m, n, k).a(a, aOff).b(b, bOff).into(c, cOff));
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
    run(ctx, null, GemmProduct.of(Form.NN, m, n, k).a(a, aOff).b(b, bOff).addInto(c, cOff));
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
    run(ctx, null, GemmProduct.of(Form.TN, m, n, k).a(a, aOff).b(b, bOff).into(c, cOff));
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
    run(ctx, null, GemmProduct.of(Form.TN, m, n, k).a(a, aOff).b(b, bOff).addInto(c, cOff));
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
    run(ctx, null, GemmProduct.of(Form.NT, m, n, k).a(a, aOff).b(b, bOff).into(c, cOff));
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
    run(ctx, null, GemmProduct.of(Form.NT, m, n, k).a(a, aOff).b(b, bOff).addInto(c, cOff));
  }

  /**
   * C (m×n) = A (m×k) · op(B), with op(B) (k×n) packed once for many products.
   *
   * @param ctx the threads to run on
   * @param a A's values
   * @param aOff A's offset
   * @param b op(B), packed
   * @param c C's values, overwritten
   * @param cOff C's offset
   * @param m rows of C
   */
  public static void mult(
      ComputeContext ctx, float[] a, int aOff, PackedOperand b, float[] c, int cOff, int m) {
    run(ctx, b, b.product(a, aOff, m).into(c, cOff));
  }

  /**
   * C (m×n) += A (m×k) · op(B), with op(B) (k×n) packed once for many products.
   *
   * @param ctx the threads to run on
   * @param a A's values
   * @param aOff A's offset
   * @param b op(B), packed
   * @param c C's values, accumulated into
   * @param cOff C's offset
   * @param m rows of C
   */
  public static void multAdd(
      ComputeContext ctx, float[] a, int aOff, PackedOperand b, float[] c, int cOff, int m) {
    run(ctx, b, b.product(a, aOff, m).addInto(c, cOff));
  }

  /**
   * The product {@code p}; {@code packed} is op(B) when B was packed (then {@code p.b} holds it).
   */
  private static void run(ComputeContext ctx, PackedOperand packed, GemmProduct p) {
    int m = p.m;
    int n = p.n;
    int k = p.k;
    assert m >= 0 && n >= 0 && k >= 0 : "m, n, k must be >= 0";
    assert m == 0 || n == 0 || fits(p.c, p.cOff, (long) m * n) : "C out of bounds";
    assert m == 0 || k == 0 || fits(p.a, p.aOff, (long) m * k) : "A out of bounds";
    assert packed != null || n == 0 || k == 0 || fits(p.b, p.bOff, (long) k * n)
        : "B out of bounds";
    try {
      if (m == 0 || n == 0) {
        return;
      }
      if (k == 0) {
        if (!p.accumulate) {
          Arrays.fill(p.c, p.cOff, p.cOff + m * n, 0f);
        }
        return;
      }
      runChunks(ctx, packed, p);
    } finally {
      p.clear();
    }
  }

  /** {@link #run} for m, n, k &gt; 0: the split over threads. */
  private static void runChunks(ComputeContext ctx, PackedOperand packed, GemmProduct p) {
    int threads = ctx.threads();
    ProductTask t = TASKS.get();
    int units = t.split(p, packed, threads);
    try {
      if (threads == 1 || (long) p.m * p.n * p.k < PARALLEL_THRESHOLD) {
        t.run(0, units);
      } else {
        ctx.parallelFor(units, t);
      }
    } finally {
      t.product = null;
      t.packed = null;
    }
  }

  private static boolean fits(float[] array, int offset, long size) {
    return offset >= 0 && offset + size <= array.length;
  }

  private static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }

  /**
   * One product, reused per calling thread so that a call allocates nothing. A chunk is a range of
   * units: groups of {@link GemmKernels#MR} rows of C, or of {@code columnUnit} columns ({@link
   * #COLUMN_UNIT}, or whole panels of a packed operand).
   */
  private static final class ProductTask implements RangeTask {
    GemmProduct product;
    PackedOperand packed; // op(B) if packed, else null
    boolean dots;
    boolean splitRows;
    int columnUnit;

    /**
     * Takes on product {@code p} and chooses how it is split into units over {@code threads}.
     *
     * @param p the product, with m, n, k &gt; 0
     * @param packed op(B) if packed, else null
     * @param threads the threads it may run on
     * @return the number of units
     */
    int split(GemmProduct p, PackedOperand packed, int threads) {
      int m = p.m;
      int n = p.n;
      product = p;
      this.packed = packed;
      dots = packed == null && p.form == Form.NT && m <= GemmKernels.DOT_MAX_ROWS;
      // Many rows: split rows (each thread packs all of op(B), a small cost next to its rows).
      // Few rows: split columns, so that each thread packs only its own columns of op(B), unless
      // that leaves each thread so few columns that the vector loops get short.
      splitRows =
          dots
              ? n < threads * COLUMN_UNIT
              : m >= ROW_SPLIT_MIN_ROWS
                  || n < threads * MIN_COLUMNS_PER_THREAD && ceilDiv(m, GemmKernels.MR) >= threads;
      columnUnit = packed == null ? COLUMN_UNIT : packed.backend().gemmPackedColumnUnit();
      return splitRows ? ceilDiv(m, GemmKernels.MR) : ceilDiv(n, columnUnit);
    }

    @Override
    public void run(int from, int to) {
      int i0 = 0;
      int i1 = product.m;
      int j0 = 0;
      int j1 = product.n;
      if (splitRows) {
        i0 = from * GemmKernels.MR;
        i1 = Math.min(i1, to * GemmKernels.MR);
      } else {
        j0 = from * columnUnit;
        j1 = Math.min(j1, to * columnUnit);
      }
      if (i0 >= i1 || j0 >= j1) {
        return;
      }
      if (packed != null) {
        packed.backend().gemmPacked(product, i0, i1, j0, j1);
      } else if (dots) {
        // Every back end: a vectorized dot product would change the summation order.
        GemmKernels.dots(product, i0, i1, j0, j1);
      } else {
        KERNELS.gemmBlocked(product, i0, i1, j0, j1);
      }
    }
  }
}
