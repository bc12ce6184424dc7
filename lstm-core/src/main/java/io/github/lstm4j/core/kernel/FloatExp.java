package io.github.lstm4j.core.kernel;

/**
 * The float exponential behind σ and tanh, for arguments t ≤ 0, split so that both activations are
 * accurate near 0: e^t = s·(1 + q), where s = 2^n is exact and q = e^r − 1 is small when t is. Then
 * e^t = fma(s, q, s) and e^t − 1 = fma(s, q, s − 1), without the cancellation of computing e^t
 * first and subtracting 1.
 *
 * <p>The reduction: n = round(t / ln 2), r = t − n·ln 2 with |r| ≤ ln 2 / 2, computed with ln 2
 * split in two floats (two fused multiply-adds, as in Cody and Waite); then e^r − 1 = r + r²·(1/2!
 * + r/3! + … + r⁶/8!), the Taylor polynomial by Horner's rule, whose truncation error (r⁹/9! ≤
 * 2e-10) is far below a float's rounding error. The rounding of t / ln 2 rides on float addition:
 * t·log₂e + 1.5·2²³ lands in [2²³, 2²⁴), where floats are the integers, so the sum's low mantissa
 * bits are n, which shifted into the exponent field give 2^n.
 *
 * <p>Every step is an IEEE operation with one rounding (multiply, add, fused multiply-add, bit
 * moves), so the scalar methods here and the Vector API loops of {@code VectorActivations}, which
 * perform the same steps lane by lane, give the same bits, compiled or interpreted. σ and tanh
 * built on it are within 2 ulp of the correctly rounded value where that is a normal float ({@code
 * PointwiseTest} checks it).
 */
final class FloatExp {
  /** Arguments are clamped to [−LIMIT, 0], far beyond where the scale is flushed (t ≈ −87.68). */
  static final float LIMIT = 100f;

  static final float LOG2E = 0x1.715476p0f;
  static final float LN2_HI = 0x1.62e4p-1f; // ln 2 with 15 significant bits: n·LN2_HI is exact
  static final float LN2_LO = 0x1.7f7d1cp-20f; // ln 2 − LN2_HI
  static final float SHIFT = 0x1.8p23f; // 1.5·2²³: adding it rounds to an integer, kept in low bits

  /** The exponent field of the float 1.0, to add to n shifted into place. */
  static final int ONE_BITS = 127 << 23;

  // 1/j! for j = 2..8
  static final float C2 = 1f / 2;
  static final float C3 = 1f / 6;
  static final float C4 = 1f / 24;
  static final float C5 = 1f / 120;
  static final float C6 = 1f / 720;
  static final float C7 = 1f / 5040;
  static final float C8 = 1f / 40320;

  private FloatExp() {}

  /**
   * t·log₂e + 1.5·2²³, whose low mantissa bits hold n = round(t / ln 2).
   *
   * @param t the argument, in [−{@value #LIMIT}, 0]
   * @return the shifted quotient
   */
  static float shifted(float t) {
    return Math.fma(t, LOG2E, SHIFT);
  }

  /**
   * s = 2^n from {@link #shifted}: n's bits moved into the exponent field of 1.0; 0 for n ≤ −127,
   * whose sum would not be the bits of a normal float.
   *
   * @param shifted the value of {@link #shifted}
   * @return 2^n, or 0
   */
  static float scale(float shifted) {
    return Float.intBitsToFloat(Math.max((Float.floatToRawIntBits(shifted) << 23) + ONE_BITS, 0));
  }

  /**
   * q = e^r − 1 for r = t − n·ln 2.
   *
   * @param t the argument, in [−{@value #LIMIT}, 0]
   * @param shifted the value of {@link #shifted} for t
   * @return q, with e^t = 2^n·(1 + q)
   */
  static float reducedExpm1(float t, float shifted) {
    float n = shifted - SHIFT;
    float r = Math.fma(n, -LN2_HI, t);
    r = Math.fma(n, -LN2_LO, r);
    float p = Math.fma(r, C8, C7);
    p = Math.fma(r, p, C6);
    p = Math.fma(r, p, C5);
    p = Math.fma(r, p, C4);
    p = Math.fma(r, p, C3);
    p = Math.fma(r, p, C2);
    return Math.fma(r * r, p, r);
  }
}
