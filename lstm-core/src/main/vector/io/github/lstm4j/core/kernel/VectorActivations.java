package io.github.lstm4j.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link Activations#PLAIN}: {@link Pointwise#sigmoid} and {@link
 * Pointwise#tanh} eight lanes at a time, step for step, so the results have the same bits; the
 * elements after the last whole vector go through the scalar definitions.
 *
 * <p>The exponential is {@link FloatExp}'s, not {@code VectorOperators.EXP}: that operator is
 * evaluated by a native library in compiled code and lane by lane in Java in the interpreter, and
 * the bits differ, so results would depend on when the JIT compiled what, breaking run-to-run
 * determinism. {@link FloatExp} uses only lane-wise IEEE operations (fused multiply-add, add,
 * multiply, divide, bit moves), which give the same bits in every mode.
 *
 * <p>The species is {@code FloatVector.SPECIES_256}, the matrix kernels' own: on JDK 17 a second
 * float species in the program made C2 fall back to boxed vectors (see {@code VectorGemmKernels}).
 * Each loop is written out in one method, and only arrays and scalars cross calls: a vector passed
 * to or returned from a method that C2 does not inline must be boxed, and whether C2 inlines a
 * method depends on what it compiled before (with helper methods for e^t, JDK 17 boxed every vector
 * in some runs, 15 to 52 MB per training step).
 */
final class VectorActivations implements Activations {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;

  /** Floats per vector. */
  private static final int L = 8;

  @Override
  public void sigmoidInPlace(float[] x, int off, int count) {
    activate(x, off, x, off, count, false);
  }

  @Override
  public void tanhInPlace(float[] x, int off, int count) {
    activate(x, off, x, off, count, true);
  }

  @Override
  public void tanhInto(float[] x, int xOff, float[] y, int yOff, int count) {
    activate(x, xOff, y, yOff, count, true);
  }

  /**
   * y[j] = tanh(x[j]) or σ(x[j]) for j < count. Both start from e^t with t = −2|x| or −|x| (see
   * {@link FloatExp}), written out once here; {@code tanh} is the same in every iteration, so C2
   * compiles the loop once for each value.
   */
  private static void activate(float[] x, int xOff, float[] y, int yOff, int count, boolean tanh) {
    int whole = count - count % L;
    IntVector oneBits = IntVector.broadcast(I, Float.floatToRawIntBits(1f));
    FloatVector negLn2Hi = FloatVector.broadcast(S, -FloatExp.LN2_HI);
    FloatVector negLn2Lo = FloatVector.broadcast(S, -FloatExp.LN2_LO);
    FloatVector c2 = FloatVector.broadcast(S, FloatExp.C2);
    FloatVector c3 = FloatVector.broadcast(S, FloatExp.C3);
    FloatVector c4 = FloatVector.broadcast(S, FloatExp.C4);
    FloatVector c5 = FloatVector.broadcast(S, FloatExp.C5);
    FloatVector c6 = FloatVector.broadcast(S, FloatExp.C6);
    float slope = tanh ? -2f : -1f;
    for (int j = 0; j < whole; j += L) {
      FloatVector v = FloatVector.fromArray(S, x, xOff + j);
      FloatVector t = v.abs().mul(slope).max(-FloatExp.LIMIT);
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
      if (tanh) {
        // m = e^t − 1; tanh = copySign(−m / (2 + m), x): the magnitude's bits with x's sign bit
        FloatVector m = scale.fma(q, scale.sub(1f));
        IntVector sign = ((IntVector) v.reinterpretShape(I, 0)).and(Integer.MIN_VALUE);
        ((IntVector) m.neg().div(m.add(2f)).reinterpretShape(I, 0))
            .and(Integer.MAX_VALUE)
            .or(sign)
            .reinterpretAsFloats()
            .intoArray(y, yOff + j);
      } else {
        // e = e^t; σ = 1/(1 + e) for x ≥ 0, e/(1 + e) for x < 0. The numerator is picked with the
        // sign bit spread over the lane (x's bits shifted right arithmetically by 31), not with a
        // mask: C2 on JDK 17 sometimes boxed a masked blend here. It picks e where the scalar
        // picks 1 for x = −0 (e is then 1 too), and 1 where the scalar picks e for a NaN without
        // the sign bit (the quotient is NaN either way).
        FloatVector e = scale.fma(q, scale);
        IntVector negative =
            ((IntVector) v.reinterpretShape(I, 0)).lanewise(VectorOperators.ASHR, 31);
        IntVector eBits = (IntVector) e.reinterpretShape(I, 0);
        eBits
            .and(negative)
            .or(oneBits.and(negative.not()))
            .reinterpretAsFloats()
            .div(e.add(1f))
            .intoArray(y, yOff + j);
      }
    }
    for (int j = whole; j < count; j++) {
      y[yOff + j] = tanh ? Pointwise.tanh(x[xOff + j]) : Pointwise.sigmoid(x[xOff + j]);
    }
  }
}
