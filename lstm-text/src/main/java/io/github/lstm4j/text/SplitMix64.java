package io.github.lstm4j.text;

import java.util.random.RandomGenerator;

/**
 * Steele, Lea and Flood's SplitMix64 generator with its whole state in one visible {@code long}:
 * the seeded random source for sampling.
 *
 * <pre>
 * state += 0x9E3779B97F4A7C15
 * z = (state ^ (state &gt;&gt;&gt; 30)) · 0xBF58476D1CE4E5B9
 * z = (z ^ (z &gt;&gt;&gt; 27)) · 0x94D049BB133111EB
 * nextLong = z ^ (z &gt;&gt;&gt; 31)
 * nextDouble = (nextLong &gt;&gt;&gt; 11) · 2⁻⁵³
 * </pre>
 *
 * <p>The output depends only on the seed, on every JDK, which {@link java.util.SplittableRandom}
 * does not promise. {@link #state()} and {@link #fromState(long)} save and resume a generation
 * exactly where it stopped. Not thread-safe, not cryptographically secure; nothing is allocated per
 * call.
 *
 * <pre>{@code
 * SplitMix64 rng = new SplitMix64(42);
 * int next = sampler.sample(logits, 0, rng);
 * }</pre>
 */
public final class SplitMix64 implements RandomGenerator {
  private long state;

  /**
   * Creates a generator; the same seed always gives the same sequence.
   *
   * @param seed any value
   */
  public SplitMix64(long seed) {
    this.state = seed;
  }

  /**
   * Resumes a generator from a saved {@link #state()}.
   *
   * @param state a value returned by {@link #state()}
   * @return a generator that continues the saved sequence
   */
  public static SplitMix64 fromState(long state) {
    return new SplitMix64(state);
  }

  /**
   * Returns the current state; {@link #fromState(long)} continues from it.
   *
   * @return the state
   */
  public long state() {
    return state;
  }

  /**
   * Advances the state and returns the next 64 random bits.
   *
   * @return the next value of the sequence
   */
  @Override
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Returns a uniform double in {@code [0, 1)} from the top 53 bits of {@link #nextLong()}.
   *
   * @return the next double
   */
  @Override
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }
}
