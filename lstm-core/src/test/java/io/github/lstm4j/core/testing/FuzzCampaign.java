package io.github.lstm4j.core.testing;

import java.io.IOException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One seeded fuzzing run of a file reader: each iteration picks one of the valid inputs, mutates
 * it, and hands the mutant to the test's check, which either accepts it (the file loaded, and what
 * the test then did with it worked) or names the kind of rejection. The run counts both outcomes
 * and keeps the distinct kinds, so that a test can require both to be common and the rejections to
 * be varied, or the mutations prove little.
 *
 * <p>Anything else the check throws (another exception, an {@link AssertionError}, an {@link
 * OutOfMemoryError}) fails the run with an {@link AssertionError} that names the iteration and
 * holds the mutant in hex, ready to replay. The generator is drawn from only here and by the
 * mutator, so a seed gives the same run every time.
 */
public final class FuzzCampaign {
  /** Turns a valid input into a mutant. */
  @FunctionalInterface
  public interface Mutator {
    /**
     * Mutates an input.
     *
     * @param valid one of the valid inputs, not to be modified
     * @param random the run's generator
     * @return the mutant
     * @throws IOException if the mutator itself fails
     */
    byte[] mutate(byte[] valid, SplittableRandom random) throws IOException;
  }

  /** Feeds one mutant to the code under test. */
  @FunctionalInterface
  public interface Check {
    /**
     * Loads a mutant and uses what loaded.
     *
     * @param mutant the input
     * @param iteration its index in the run, for checks that vary (e.g. every 50th through a file)
     * @return null if the mutant was accepted, else the kind of rejection: the reader's message
     *     with what varies from mutant to mutant (names, numbers) masked
     * @throws Exception for anything the reader must not do
     */
    String kindOfRejection(byte[] mutant, int iteration) throws Exception;
  }

  private int loaded;
  private int rejected;
  private final Set<String> problems = new HashSet<>();

  private FuzzCampaign() {}

  /**
   * Runs a campaign.
   *
   * @param valid the inputs to mutate, at least one
   * @param seed the generator's seed
   * @param iterations how many mutants to check
   * @param mutator makes a mutant
   * @param check loads it
   * @return the counts
   * @throws IOException if the mutator fails
   * @throws AssertionError if the check throws
   */
  public static FuzzCampaign run(
      List<byte[]> valid, long seed, int iterations, Mutator mutator, Check check)
      throws IOException {
    FuzzCampaign campaign = new FuzzCampaign();
    SplittableRandom random = new SplittableRandom(seed);
    for (int iteration = 0; iteration < iterations; iteration++) {
      byte[] mutant = mutator.mutate(valid.get(random.nextInt(valid.size())), random);
      String problem;
      try {
        problem = check.kindOfRejection(mutant, iteration);
      } catch (Throwable unexpected) {
        throw new AssertionError(
            "iteration " + iteration + ", input " + HexFormat.of().formatHex(mutant), unexpected);
      }
      if (problem == null) {
        campaign.loaded++;
      } else {
        campaign.rejected++;
        campaign.problems.add(problem);
      }
    }
    return campaign;
  }

  /** Returns how many mutants were accepted. */
  public int loaded() {
    return loaded;
  }

  /** Returns how many mutants were rejected. */
  public int rejected() {
    return rejected;
  }

  /** Returns the distinct kinds of rejection. */
  public Set<String> problems() {
    return problems;
  }
}
