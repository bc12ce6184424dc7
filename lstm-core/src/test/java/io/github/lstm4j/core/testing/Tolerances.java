package io.github.lstm4j.core.testing;

/** The named tolerances of the core tests, in one place (as EJML's TEST_F32 / TEST_F64). */
public final class Tolerances {
  private Tolerances() {}

  /** Central differences on the double reference: relative error bound (PyTorch gradcheck-like). */
  public static final double REFERENCE_GRADCHECK_RELATIVE = 1e-6;

  /** Step of central differences in double precision. */
  public static final double REFERENCE_GRADCHECK_EPS = 1e-6;

  /** Float production code against the double reference: relative part. */
  public static final double FLOAT_VS_DOUBLE_RELATIVE = 1e-4;

  /** Float production code against the double reference: absolute floor for values near zero. */
  public static final double FLOAT_VS_DOUBLE_ABSOLUTE = 1e-6;

  /** Coarse float finite differences (safety net): step. */
  public static final double FLOAT_GRADCHECK_EPS = 1e-2;

  /** Coarse float finite differences (safety net): relative error bound. */
  public static final double FLOAT_GRADCHECK_RELATIVE = 2e-2;
}
