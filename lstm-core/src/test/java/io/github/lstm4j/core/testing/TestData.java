package io.github.lstm4j.core.testing;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.tensor.Tensor;

/** Seeded tensors and arrays for tests. */
public final class TestData {
  private TestData() {}

  /** A tensor of N(0, scale²) values. */
  public static Tensor gaussian(Rng rng, double scale, int... shape) {
    Tensor t = Tensor.zeros(shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rng.nextGaussian() * scale);
    }
    return t;
  }

  /** An array of uniform ids in [0, bound). */
  /** {@code size} floats drawn uniformly from [-1, 1). */
  public static float[] uniform(java.util.SplittableRandom random, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return x;
  }

  public static int[] ids(Rng rng, int count, int bound) {
    int[] ids = new int[count];
    for (int i = 0; i < count; i++) {
      ids[i] = rng.nextInt(bound);
    }
    return ids;
  }

  /** Widens a float array to double. */
  public static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /** The largest elementwise violation of |a − b| ≤ rel·|b| + abs, as a ratio (≤ 1 passes). */
  public static double worstRatio(float[] actual, double[] expected, double rel, double abs) {
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      double bound = rel * Math.abs(expected[i]) + abs;
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / bound);
    }
    return worst;
  }
}
