package io.github.lstm4j.core;

import java.util.random.RandomGenerator;

/**
 * A seeded pseudo-random generator whose whole state is one {@code long} (SplitMix64), so that a
 * training checkpoint can save it and a resumed run draws exactly the numbers it would have drawn.
 *
 * <p>Not thread-safe: each training loop or sampler owns its own instance. {@link #split()} derives
 * an independent generator, e.g. one per layer.
 *
 * <pre>{@code
 * Rng rng = new Rng(42);
 * float u = rng.nextFloat(); // uniform in [0, 1)
 * }</pre>
 */
public final class Rng implements RandomGenerator {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;

  /**
   * Creates a generator from a seed; equal seeds give equal sequences.
   *
   * @param seed any value
   */
  public Rng(long seed) {
    this.state = seed;
  }

  /**
   * Returns the current state, to be restored with {@link #setState(long)}.
   *
   * @return the state
   */
  public long state() {
    return state;
  }

  /**
   * Restores a state returned by {@link #state()}.
   *
   * @param state the state
   */
  public void setState(long state) {
    this.state = state;
  }

  /**
   * Returns the next 64 random bits.
   *
   * @return a uniformly distributed long
   */
  @Override
  public long nextLong() {
    long z = (state += GOLDEN_GAMMA);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * Returns a uniform double in [0, 1) with 53 random bits.
   *
   * @return the value
   */
  @Override
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /**
   * Returns a uniform float in [0, 1) with 24 random bits.
   *
   * @return the value
   */
  @Override
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /**
   * Returns a uniform int in [0, bound), without modulo bias.
   *
   * @param bound the exclusive upper bound, {@code > 0}
   * @return the value
   * @throws IllegalArgumentException if {@code bound <= 0}
   */
  @Override
  public int nextInt(int bound) {
    Checks.positive("bound", bound);
    // Lemire's multiply-shift with rejection of the biased low range.
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xffffffffL;
    if (low < bound) {
      long threshold = (0x1_0000_0000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xffffffffL;
      }
    }
    return (int) (m >>> 32);
  }

  /**
   * Returns a standard normal sample (Box–Muller; one sample per two uniforms, so the state stays a
   * single long).
   *
   * @return a value from N(0, 1)
   */
  @Override
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
    double u2 = nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /**
   * Derives an independent generator and advances this one.
   *
   * @return a new generator seeded from this one's next output
   */
  public Rng split() {
    return new Rng(nextLong());
  }

  /**
   * Shuffles {@code values} in place (Fisher–Yates).
   *
   * @param values the array to permute
   */
  public void shuffle(int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
  }
}
