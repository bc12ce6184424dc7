package io.github.lstm4j.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link PlainKernels}' activation loops: {@link Pointwise#sigmoid} and
 * {@link Pointwise#tanh} a vector of lanes at a time, step for step, so the results have the same
 * bits; the elements after the last whole vector go through the scalar definitions.
 *
 * <p>The exponential is {@link FloatExp}'s, not {@code VectorOperators.EXP}: that operator is
 * evaluated by a native library in compiled code and lane by lane in Java in the interpreter, and
 * the bits differ, so results would depend on when the JIT compiled what, breaking run-to-run
 * determinism. {@link FloatExp} uses only lane-wise IEEE operations (fused multiply-add, add,
 * multiply, divide, bit moves), which give the same bits in every mode.
 *
 * <p>The species is {@link VectorWidth#FLOATS}, the matrix kernels' own: on JDK 17 a second float
 * species in the program made C2 fall back to boxed vectors. Each loop is written out in its own
 * method, and only arrays and scalars cross calls: a vector passed to or returned from a method
 * that C2 does not inline must be boxed, and whether C2 inlines a method depends on what it
 * compiled before (with helper methods for e^t, JDK 17 boxed every vector in some runs).
 */
final class VectorActivations {
  private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
  private static final VectorSpecies<Integer> I = VectorWidth.INTS;

  /** Floats per vector: 8 or 16. */
  private static final int L = VectorWidth.LANES;

  /** {@link KernelBackend#sigmoidInPlace}. */
  static void sigmoidInPlace(float[] x, int off, int count) {
    int whole = count - count % L;
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector zero = FloatVector.zero(S);
    FloatVector negLn2Hi = FloatVector.broadcast(S, -FloatExp.LN2_HI);
    FloatVector negLn2Lo = FloatVector.broadcast(S, -FloatExp.LN2_LO);
    FloatVector c2 = FloatVector.broadcast(S, FloatExp.C2);
    FloatVector c3 = FloatVector.broadcast(S, FloatExp.C3);
    FloatVector c4 = FloatVector.broadcast(S, FloatExp.C4);
    FloatVector c5 = FloatVector.broadcast(S, FloatExp.C5);
    FloatVector c6 = FloatVector.broadcast(S, FloatExp.C6);
    for (int j = off; j < off + whole; j += L) {
      FloatVector v = FloatVector.fromArray(S, x, j);
      FloatVector t = v.abs().neg().max(-FloatExp.LIMIT);
      // e^t = s·(1 + q): n = shifted − SHIFT, r = t − n·ln 2, q = e^r − 1 by Horner's rule
      FloatVector shifted = t.fma(FloatExp.LOG2E, FloatExp.SHIFT);
      FloatVector n = shifted.sub(FloatExp.SHIFT);
      FloatVector r = n.fma(negLn2Hi, t);
      r = n.fma(negLn2Lo, r);
      FloatVector p = r.fma(FloatExp.C8, FloatExp.C7);
      p = r.fma(p, c6);
      p = r.fma(p, c5);
      p = r.fma(p, c4);
      p = r.fma(p, c3);
      p = r.fma(p, c2);
      FloatVector q = r.mul(r).fma(p, r);
      FloatVector scale =
          ((IntVector) shifted.reinterpretShape(I, 0))
              .lanewise(VectorOperators.LSHL, 23)
              .add(FloatExp.ONE_BITS)
              .max(0)
              .reinterpretAsFloats();
      FloatVector e = scale.fma(q, scale);
      // σ = num / (1 + e), num = 1 for x > 0 and e for x ≤ 0 (the scalar's 1 for x = +0 or −0 is
      // e = e^0 = 1 too). The choice is arithmetic, neither a mask nor x's reinterpreted bits
      // (C2 on JDK 17 sometimes boxed either here): step = min(1, x·2^149) clamped at 0 is
      // exactly 1 for every positive float (2^149 as two exact factors, overflow giving ∞) and 0
      // otherwise, and e·(1 − step) + step is exactly e or 1. NaN stays NaN.
      FloatVector step = v.mul(0x1p127f).mul(0x1p22f).min(one).max(zero);
      e.mul(one.sub(step)).add(step).div(e.add(1f)).intoArray(x, j);
    }
    KernelSelection.PLAIN.sigmoidInPlace(x, off + whole, count - whole);
  }

  /**
   * {@link KernelBackend#tanhInto}.
   *
   * <p>The exponential is written out again here rather than shared with {@link #sigmoidInPlace}:
   * one method for both, with a flag, was compiled by C2 on JDK 17 with boxed vectors in some runs.
   */
  static void tanhInto(float[] x, int xOff, float[] y, int yOff, int count) {
    int whole = count - count % L;
    FloatVector negLn2Hi = FloatVector.broadcast(S, -FloatExp.LN2_HI);
    FloatVector negLn2Lo = FloatVector.broadcast(S, -FloatExp.LN2_LO);
    FloatVector c2 = FloatVector.broadcast(S, FloatExp.C2);
    FloatVector c3 = FloatVector.broadcast(S, FloatExp.C3);
    FloatVector c4 = FloatVector.broadcast(S, FloatExp.C4);
    FloatVector c5 = FloatVector.broadcast(S, FloatExp.C5);
    FloatVector c6 = FloatVector.broadcast(S, FloatExp.C6);
    for (int j = 0; j < whole; j += L) {
      FloatVector v = FloatVector.fromArray(S, x, xOff + j);
      FloatVector t = v.abs().mul(-2f).max(-FloatExp.LIMIT);
      // e^t = s·(1 + q), as in sigmoidInPlace
      FloatVector shifted = t.fma(FloatExp.LOG2E, FloatExp.SHIFT);
      FloatVector n = shifted.sub(FloatExp.SHIFT);
      FloatVector r = n.fma(negLn2Hi, t);
      r = n.fma(negLn2Lo, r);
      FloatVector p = r.fma(FloatExp.C8, FloatExp.C7);
      p = r.fma(p, c6);
      p = r.fma(p, c5);
      p = r.fma(p, c4);
      p = r.fma(p, c3);
      p = r.fma(p, c2);
      FloatVector q = r.mul(r).fma(p, r);
      FloatVector scale =
          ((IntVector) shifted.reinterpretShape(I, 0))
              .lanewise(VectorOperators.LSHL, 23)
              .add(FloatExp.ONE_BITS)
              .max(0)
              .reinterpretAsFloats();
      // m = e^t − 1; tanh = copySign(−m / (2 + m), x): the magnitude's bits with x's sign bit
      FloatVector m = scale.fma(q, scale.sub(1f));
      IntVector sign = ((IntVector) v.reinterpretShape(I, 0)).and(Integer.MIN_VALUE);
      ((IntVector) m.neg().div(m.add(2f)).reinterpretShape(I, 0))
          .and(Integer.MAX_VALUE)
          .or(sign)
          .reinterpretAsFloats()
          .intoArray(y, yOff + j);
    }
    KernelSelection.PLAIN.tanhInto(x, xOff + whole, y, yOff + whole, count - whole);
  }

  /**
   * {@link KernelBackend#addBiasToRows}, a vector of columns at a time: C2 leaves the plain loop
   * scalar, since it cannot prove that x and the bias (both float arrays) do not overlap.
   */
  static void addBiasToRows(float[] bias, int biasOff, float[] x, int xOff, int rows, int cols) {
    int whole = cols - cols % L;
    for (int r = 0; r < rows; r++) {
      int row = xOff + r * cols;
      for (int j = 0; j < whole; j += L) {
        FloatVector.fromArray(S, x, row + j)
            .add(FloatVector.fromArray(S, bias, biasOff + j))
            .intoArray(x, row + j);
      }
      KernelSelection.PLAIN.addBiasToRows(bias, biasOff + whole, x, row + whole, 1, cols - whole);
    }
  }

  private VectorActivations() {}
}
