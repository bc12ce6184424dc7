package io.github.lstm4j.core.kernel;

import io.github.lstm4j.core.kernel.GemmKernels.Form;

/**
 * The operands and shape of one matrix product C (+)= op(A)·op(B), row-major from their offsets:
 * sgemm's argument list, written once. {@link Gemm} (or a {@link PackedOperand}) sets it before a
 * product, and every chunk of C that a thread computes reads it through {@link KernelBackend}, next
 * to the bounds of its chunk.
 *
 * <p>One instance per calling thread ({@link #of}), reused product after product, so that a product
 * allocates nothing. It is written only between products; during one, any number of threads read
 * it. The kernels copy its fields into locals before their loops.
 */
final class GemmProduct {
  private static final ThreadLocal<GemmProduct> PER_THREAD =
      ThreadLocal.withInitial(GemmProduct::new);

  /** Which operand is transposed. */
  Form form;

  /** Whether C is added to ({@code true}) or overwritten. */
  boolean accumulate;

  /** A's values: (m×k), or stored (k×m) for {@link Form#TN}. */
  float[] a;

  /** Where A starts. */
  int aOff;

  /**
   * B's values: (k×n), stored (n×k) for {@link Form#NT}, or a packed op(B) in a back end's layout.
   */
  float[] b;

  /** Where B starts (0 for a packed op(B)). */
  int bOff;

  /** C's values (m×n). */
  float[] c;

  /** Where C starts. */
  int cOff;

  /** Rows of C. */
  int m;

  /** Columns of C. */
  int n;

  /** The shared dimension. */
  int k;

  private GemmProduct() {}

  /**
   * The calling thread's product, reused product after product, with its shape set; its operands
   * are to be set by {@link #a}, {@link #b}, and {@link #into} or {@link #addInto}, before it runs.
   *
   * @param form which operand is transposed
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   * @return this thread's instance
   */
  static GemmProduct of(Form form, int m, int n, int k) {
    GemmProduct p = PER_THREAD.get();
    p.form = form;
    p.m = m;
    p.n = n;
    p.k = k;
    return p;
  }

  /**
   * Sets A.
   *
   * @param values A's values
   * @param offset where A starts
   * @return this product
   */
  GemmProduct a(float[] values, int offset) {
    a = values;
    aOff = offset;
    return this;
  }

  /**
   * Sets B, or the packed op(B).
   *
   * @param values B's values
   * @param offset where B starts
   * @return this product
   */
  GemmProduct b(float[] values, int offset) {
    b = values;
    bOff = offset;
    return this;
  }

  /**
   * Sets C, to be overwritten: C = op(A)·op(B).
   *
   * @param values C's values
   * @param offset where C starts
   * @return this product
   */
  GemmProduct into(float[] values, int offset) {
    c = values;
    cOff = offset;
    accumulate = false;
    return this;
  }

  /**
   * Sets C, to be added to: C += op(A)·op(B).
   *
   * @param values C's values
   * @param offset where C starts
   * @return this product
   */
  GemmProduct addInto(float[] values, int offset) {
    c = values;
    cOff = offset;
    accumulate = true;
    return this;
  }

  /** Drops the references to the arrays once the product is done, so that it keeps none alive. */
  void clear() {
    a = null;
    b = null;
    c = null;
  }
}
