package io.github.lstm4j.core.kernel;

import io.github.lstm4j.core.kernel.GemmKernels.Form;

/**
 * The right operand op(B) (k×n) of many matrix products C (+)= A·op(B) with the same B, laid out
 * once in the panels that the selected {@link Gemm} backend would otherwise copy it into on every
 * call: a layer's recurrent weights, multiplied by a new h (or ∂L/∂gates) at each of T time steps.
 *
 * <p>For B = 32 to 128 rows of A, that per-call copy of op(B) costs a large share of the product
 * itself (figures: benchmarks/README.md); packed once per forward or backward pass, it costs 1/T of
 * that. Products with a packed operand give the same bits as {@link Gemm}'s other products of the
 * same values: every element is the same chain of fused multiply-adds over p in ascending order
 * from its starting value.
 *
 * <p>A product split across threads splits the columns at multiples of the backend's panel width
 * ({@link KernelBackend#gemmPackedColumnUnit}).
 *
 * <p>The buffer is allocated once for a shape and repacked in place whenever B changes (its owner
 * knows when: after each optimizer step). It is not thread-safe while being packed; products only
 * read it.
 *
 * <pre>{@code
 * PackedOperand wT = PackedOperand.forShape(hiddenSize, 4 * hiddenSize);
 * wT.packTransposed(w, wOff);                       // op(B) = W_hhᵀ, W_hh stored (4H, H)
 * Gemm.multAdd(ctx, h, hOff, wT, gates, gOff, batch); // gates (B, 4H) += h (B, H)·W_hhᵀ
 * }</pre>
 */
public final class PackedOperand {
  private final KernelBackend backend;
  private final int k;
  private final int n;
  private final float[] values; // the backend's layout of op(B)

  private PackedOperand(KernelBackend backend, int k, int n) {
    this.backend = backend;
    this.k = k;
    this.n = n;
    this.values = new float[backend.gemmPackedSize(k, n)];
  }

  /**
   * Allocates a packed operand of k rows and n columns for the backend this JVM uses; its values
   * are zero until packed.
   *
   * @param k the shared dimension, rows of op(B), {@code > 0}
   * @param n the columns of op(B) and of C, {@code > 0}
   * @return the operand
   * @throws IllegalArgumentException if k or n is not positive
   */
  public static PackedOperand forShape(int k, int n) {
    return forShape(KernelSelection.SELECTED, k, n);
  }

  /** {@link #forShape(int, int)} for a given backend. */
  static PackedOperand forShape(KernelBackend backend, int k, int n) {
    if (k <= 0 || n <= 0) {
      throw new IllegalArgumentException("k and n must be > 0, got k=" + k + " n=" + n);
    }
    return new PackedOperand(backend, k, n);
  }

  /**
   * Packs op(B) = B, stored row-major as (k, n) from {@code bOff}.
   *
   * @param b B's values; read only here
   * @param bOff where B starts
   */
  public void pack(float[] b, int bOff) {
    assert bOff >= 0 && bOff + (long) k * n <= b.length : "B out of bounds";
    backend.gemmPack(b, bOff, n, 1, k, n, values);
  }

  /**
   * Packs op(B) = Bᵀ, B stored row-major as (n, k) from {@code bOff}.
   *
   * @param b B's values; read only here
   * @param bOff where B starts
   */
  public void packTransposed(float[] b, int bOff) {
    assert bOff >= 0 && bOff + (long) k * n <= b.length : "B out of bounds";
    backend.gemmPack(b, bOff, 1, k, k, n, values);
  }

  /**
   * Returns the shared dimension.
   *
   * @return k, the rows of op(B) and the columns of A
   */
  public int depth() {
    return k;
  }

  /**
   * Returns the columns.
   *
   * @return n, the columns of op(B) and of C
   */
  public int columns() {
    return n;
  }

  /**
   * C[i0:i1, :] += A[i0:i1, :]·op(B) on the calling thread: a chunk of rows of {@link
   * Gemm#multAdd(io.github.lstm4j.core.compute.ComputeContext, float[], int, PackedOperand,
   * float[], int, int)}, with the same bits, for a caller that runs each chunk's product next to
   * more work on the same rows while they are in cache.
   *
   * <pre>{@code
   * wT.multAddRows(h, hOff, gates, gOff, batch, r0, r1); // gates[r0:r1] += h[r0:r1]·W_hhᵀ
   * }</pre>
   *
   * @param a A (m×k), row-major
   * @param aOff where A starts
   * @param c C (m×n), row-major, accumulated into
   * @param cOff where C starts
   * @param m rows of A and C
   * @param i0 first row of the chunk
   * @param i1 one past its last row, at most m
   */
  public void multAddRows(float[] a, int aOff, float[] c, int cOff, int m, int i0, int i1) {
    assert 0 <= i0 && i0 <= i1 && i1 <= m : "rows [" + i0 + ", " + i1 + ") of " + m;
    if (i0 < i1) {
      runRows(product(a, aOff, m).addInto(c, cOff), i0, i1);
    }
  }

  /**
   * C[i0:i1, :] = A[i0:i1, :]·op(B) on the calling thread: {@link #multAddRows} overwriting C.
   *
   * <pre>{@code
   * wT.multRows(x, xOff, gates, gOff, rows, r0, r1); // gates[r0:r1] = x[r0:r1]·W_ihᵀ
   * }</pre>
   *
   * @param a A (m×k), row-major
   * @param aOff where A starts
   * @param c C (m×n), row-major, overwritten in the chunk's rows
   * @param cOff where C starts
   * @param m rows of A and C
   * @param i0 first row of the chunk
   * @param i1 one past its last row, at most m
   */
  public void multRows(float[] a, int aOff, float[] c, int cOff, int m, int i0, int i1) {
    assert 0 <= i0 && i0 <= i1 && i1 <= m : "rows [" + i0 + ", " + i1 + ") of " + m;
    if (i0 < i1) {
      runRows(product(a, aOff, m).into(c, cOff), i0, i1);
    }
  }

  /** Rows [i0, i1) of the product {@code p} on the calling thread. */
  private void runRows(GemmProduct p, int i0, int i1) {
    try {
      backend.gemmPacked(p, i0, i1, 0, n);
    } finally {
      p.clear();
    }
  }

  /**
   * The calling thread's {@link GemmProduct} set to A (m×k)·op(B) with this operand; C is still to
   * be set.
   *
   * @param a A's values
   * @param aOff A's offset
   * @param m rows of A and C
   * @return the product, to be run by {@link KernelBackend#gemmPacked} of {@link #backend}
   */
  GemmProduct product(float[] a, int aOff, int m) {
    return GemmProduct.of(Form.NN, m, n, k).a(a, aOff).b(values, 0);
  }

  KernelBackend backend() {
    return backend;
  }
}
