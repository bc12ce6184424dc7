package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.Rng;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SamplerTest {

  private static float[] logitsOf(double... probabilities) {
    float[] logits = new float[probabilities.length];
    for (int j = 0; j < logits.length; j++) {
      logits[j] = (float) Math.log(probabilities[j]);
    }
    return logits;
  }

  private static int[] counts(SamplingConfig config, float[] logits, long seed, int draws) {
    Sampler sampler = new Sampler(logits.length, config);
    Rng rng = new Rng(seed);
    int[] counts = new int[logits.length];
    for (int i = 0; i < draws; i++) {
      counts[sampler.sample(logits, rng)]++;
    }
    return counts;
  }

  private static TreeSet<Integer> emitted(int[] counts) {
    return IntStream.range(0, counts.length)
        .filter(j -> counts[j] > 0)
        .boxed()
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The k best ids by logit, descending, then id, ascending, by a plain sort. */
  private static TreeSet<Integer> best(float[] logits, int k) {
    return IntStream.range(0, logits.length)
        .boxed()
        .sorted(Comparator.<Integer>comparingDouble(j -> -logits[j]).thenComparing(j -> j))
        .limit(k)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void greedyPicksTheLargestLogitTheLowestIdOnTiesAndDrawsNothing() {
    Sampler sampler = new Sampler(4, SamplingConfig.greedy());
    Rng rng = new Rng(1);

    assertThat(sampler.sample(new float[] {1, 5, 5, 2}, rng)).isEqualTo(1);
    assertThat(sampler.sample(new float[] {9, 5, 5, 9}, rng)).isEqualTo(0);
    assertThat(rng.state()).isEqualTo(1);
  }

  @Test
  void plainSamplingFollowsTheSoftmaxOfTheLogits() {
    int draws = 20_000;
    int[] counts = counts(SamplingConfig.defaults(), logitsOf(0.1, 0.2, 0.3, 0.4), 11, draws);

    assertThat(counts[0] / (double) draws).isCloseTo(0.1, within(0.015));
    assertThat(counts[1] / (double) draws).isCloseTo(0.2, within(0.015));
    assertThat(counts[2] / (double) draws).isCloseTo(0.3, within(0.015));
    assertThat(counts[3] / (double) draws).isCloseTo(0.4, within(0.015));
  }

  @Test
  void topKNeverEmitsAnIdOutsideTheKMostLikely() {
    SplittableRandom random = new SplittableRandom(42);
    float[] logits = new float[20];
    for (int j = 0; j < logits.length; j++) {
      logits[j] = (float) random.nextGaussian();
    }

    int[] counts =
        counts(SamplingConfig.defaults().withTopK(5).withTemperature(3), logits, 5, 5000);

    assertThat(emitted(counts)).isEqualTo(best(logits, 5));
  }

  @Test
  void topKBreaksTiesAtTheBoundaryTowardLowerIds() {
    float[] logits = {1, 3, 3, 3, 0};

    int[] counts =
        counts(SamplingConfig.defaults().withTopK(2).withTemperature(100), logits, 3, 500);

    assertThat(emitted(counts)).containsExactly(1, 2);
  }

  @Test
  void topKKeepsTheSameIdsAsASortEvenWithManyTies() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 20; trial++) {
      float[] logits = new float[12];
      for (int j = 0; j < logits.length; j++) {
        logits[j] = random.nextInt(4);
      }
      int k = 2 + random.nextInt(logits.length);
      SamplingConfig config = SamplingConfig.defaults().withTopK(k).withTemperature(1e6);

      int[] counts = counts(config, logits, trial, 600);

      assertThat(emitted(counts)).as("trial %d, k %d", trial, k).isEqualTo(best(logits, k));
    }
  }

  @Test
  void topPKeepsTheSmallestMostLikelySetReachingTheMass() {
    float[] logits = logitsOf(0.5, 0.3, 0.15, 0.05);
    int draws = 10_000;

    int[] twoOfFour = counts(SamplingConfig.defaults().withTopP(0.75), logits, 1, draws);
    int[] threeOfFour = counts(SamplingConfig.defaults().withTopP(0.85), logits, 2, draws);
    int[] oneOfFour = counts(SamplingConfig.defaults().withTopP(0.1), logits, 3, 100);

    assertThat(emitted(twoOfFour)).containsExactly(0, 1);
    assertThat(twoOfFour[0] / (double) draws).isCloseTo(0.5 / 0.8, within(0.02));
    assertThat(emitted(threeOfFour)).containsExactly(0, 1, 2);
    assertThat(threeOfFour[2] / (double) draws).isCloseTo(0.15 / 0.95, within(0.02));
    assertThat(emitted(oneOfFour)).containsExactly(0);
  }

  @Test
  void topPAppliesAfterTopKAndTemperature() {
    float[] logits = logitsOf(0.7, 0.2, 0.1);
    SamplingConfig nucleus = SamplingConfig.defaults().withTopP(0.6);

    // T = 1: 0.7 alone reaches 0.6. T = 10: p ∝ p^0.1 = (0.37, 0.33, 0.30), two ids needed.
    assertThat(emitted(counts(nucleus, logits, 1, 1000))).containsExactly(0);
    assertThat(emitted(counts(nucleus.withTemperature(10), logits, 1, 1000))).containsExactly(0, 1);
    // Top-k 2 renormalizes (0.7, 0.2) to (0.78, 0.22) before top-p 0.8 looks at it.
    assertThat(emitted(counts(nucleus.withTopP(0.8).withTopK(2), logits, 1, 1000)))
        .containsExactly(0, 1);
    assertThat(emitted(counts(nucleus.withTopP(0.75).withTopK(2), logits, 1, 1000)))
        .containsExactly(0);
  }

  @Test
  void aTinyTemperatureActsAsGreedy() {
    float[] logits = {0.3f, 1.2f, -0.5f, 2.0f, 1.5f, -1f, 0f, 0.9f};

    int[] counts = counts(SamplingConfig.defaults().withTemperature(0.01), logits, 9, 1000);

    assertThat(counts[3]).isEqualTo(1000);
  }

  @Test
  void aHugeTemperatureActsAsUniform() {
    SplittableRandom random = new SplittableRandom(13);
    float[] logits = new float[10];
    for (int j = 0; j < logits.length; j++) {
      logits[j] = (float) random.nextDouble(-3, 3);
    }
    int draws = 10_000;

    int[] counts = counts(SamplingConfig.defaults().withTemperature(1e4), logits, 21, draws);

    double expected = draws / (double) logits.length;
    double chiSquare = 0;
    for (int count : counts) {
      chiSquare += (count - expected) * (count - expected) / expected;
    }
    assertThat(chiSquare).isLessThan(27.88); // 9 degrees of freedom, p = 0.001
  }

  @Test
  void theSameSeedGivesTheSameSequence() {
    SplittableRandom random = new SplittableRandom(3);
    float[] logits = new float[30];
    for (int j = 0; j < logits.length; j++) {
      logits[j] = (float) random.nextGaussian();
    }
    SamplingConfig config = new SamplingConfig(0.8, 10, 0.9);

    int[] first = drawSequence(config, logits, 42);
    int[] second = drawSequence(config, logits, 42);
    int[] otherSeed = drawSequence(config, logits, 43);

    assertThat(second).containsExactly(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  private static int[] drawSequence(SamplingConfig config, float[] logits, long seed) {
    Sampler sampler = new Sampler(logits.length, config);
    Rng rng = new Rng(seed);
    return IntStream.range(0, 200).map(i -> sampler.sample(logits, rng)).toArray();
  }

  @Test
  void eachNonGreedySampleDrawsExactlyOneDouble() {
    Sampler sampler = new Sampler(3, new SamplingConfig(0.5, 2, 0.9));
    Rng rng = new Rng(5);
    Rng reference = new Rng(5);

    for (int i = 0; i < 10; i++) {
      sampler.sample(new float[] {0, 1, 2}, rng);
      reference.nextDouble();
    }

    assertThat(rng.state()).isEqualTo(reference.state());
  }

  @Test
  void negativeInfinityLogitsAreNeverEmitted() {
    float ninf = Float.NEGATIVE_INFINITY;
    float[] logits = {ninf, 0, ninf, 0, ninf};

    assertThat(emitted(counts(SamplingConfig.defaults(), logits, 1, 500))).containsExactly(1, 3);
    assertThat(emitted(counts(SamplingConfig.defaults().withTopK(4), logits, 1, 500)))
        .containsExactly(1, 3);
    assertThat(emitted(counts(SamplingConfig.defaults().withTopP(0.99), logits, 1, 500)))
        .containsExactly(1, 3);
  }

  @Test
  void anOffsetSelectsOneRowOfALogitsMatrix() {
    float[] rows = {9, 0, 0, 0, /* row 1: */ 0, 1, 3, 2}; // (2, V = 4)
    float[] row1 = {0, 1, 3, 2};
    Sampler sampler = new Sampler(4, SamplingConfig.defaults().withTopK(3));
    Rng rngRows = new Rng(8);
    Rng rngRow1 = new Rng(8);

    assertThat(new Sampler(4, SamplingConfig.greedy()).sample(rows, 4, rngRows)).isEqualTo(2);
    for (int i = 0; i < 100; i++) {
      assertThat(sampler.sample(rows, 4, rngRows)).isEqualTo(sampler.sample(row1, rngRow1));
    }
  }

  @Test
  void invalidLogitsAndSizesAreRejectedNamingTheValue() {
    Sampler sampler = new Sampler(3, SamplingConfig.defaults());
    Rng rng = new Rng(0);
    float ninf = Float.NEGATIVE_INFINITY;

    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Sampler(0, SamplingConfig.defaults()))
        .withMessage("vocabSize must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> sampler.sample(new float[2], rng))
        .withMessage(
            "logits must have length >= offset + vocabSize = 3 with offset >= 0, got length 2,"
                + " offset 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> sampler.sample(new float[5], 3, rng))
        .withMessage(
            "logits must have length >= offset + vocabSize = 6 with offset >= 0, got length 5,"
                + " offset 3");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> sampler.sample(new float[5], -1, rng))
        .withMessage(
            "logits must have length >= offset + vocabSize = 2 with offset >= 0, got length 5,"
                + " offset -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> sampler.sample(new float[] {0, 1, Float.NaN}, rng))
        .withMessage("logits must not be NaN or +Infinity, got NaN at id 2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> sampler.sample(new float[] {Float.POSITIVE_INFINITY, 1, 0}, rng))
        .withMessage("logits must not be NaN or +Infinity, got Infinity at id 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> sampler.sample(new float[] {ninf, ninf, ninf}, rng))
        .withMessage("logits must not all be -Infinity, got 3 times -Infinity");
  }
}
