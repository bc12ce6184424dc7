package io.github.lstm4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SplitMix64 generator: reference outputs, reproducibility, state round trip, ranges. */
class RngTest {

  @Test
  void firstOutputsFromSeedZeroAreThoseOfTheSplitMix64Reference() {
    // Sebastiano Vigna's splitmix64.c with x = 0 yields 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4,
    // 0x06c45d188009454f.
    Rng rng = new Rng(0);
    assertThat(rng.nextLong()).isEqualTo(0xe220a8397b1dcdafL);
    assertThat(rng.nextLong()).isEqualTo(0x6e789e6aa1b965f4L);
    assertThat(rng.nextLong()).isEqualTo(0x06c45d188009454fL);
  }

  private static double[] mixedDraws(Rng rng) {
    return new double[] {
      rng.nextLong(), rng.nextDouble(), rng.nextFloat(), rng.nextInt(1000), rng.nextGaussian()
    };
  }

  @Test
  void equalSeedsGiveEqualSequences() {
    Rng a = new Rng(42);
    Rng b = new Rng(42);
    for (int i = 0; i < 100; i++) {
      assertThat(mixedDraws(a)).containsExactly(mixedDraws(b));
    }
  }

  @Test
  void differentSeedsGiveDifferentSequences() {
    assertThat(mixedDraws(new Rng(42))).isNotEqualTo(mixedDraws(new Rng(43)));
  }

  @Test
  void restoringTheStateReplaysTheSameNumbers() {
    Rng rng = new Rng(7);
    rng.nextGaussian();
    long saved = rng.state();
    double[] first = IntStream.range(0, 20).mapToDouble(i -> mixedDraws(rng)[i % 5]).toArray();
    rng.setState(saved);
    double[] again = IntStream.range(0, 20).mapToDouble(i -> mixedDraws(rng)[i % 5]).toArray();
    assertThat(again).containsExactly(first);

    Rng fresh = new Rng(0);
    fresh.setState(saved);
    assertThat(fresh.nextLong()).isEqualTo(new Rng(saved).nextLong());
  }

  @ParameterizedTest(name = "bound {0}")
  @ValueSource(ints = {1, 2, 3, 7, 1000, Integer.MAX_VALUE})
  void nextIntStaysInsideItsBound(int bound) {
    Rng rng = new Rng(bound);
    for (int i = 0; i < 10_000; i++) {
      assertThat(rng.nextInt(bound)).isBetween(0, bound - 1);
    }
  }

  @Test
  void nextIntIsRoughlyUniform() {
    // χ² over 10 bins with 100 000 draws has 9 degrees of freedom; P(χ² > 27.9) = 0.001.
    Rng rng = new Rng(3);
    int[] counts = new int[10];
    int draws = 100_000;
    for (int i = 0; i < draws; i++) {
      counts[rng.nextInt(10)]++;
    }
    double expected = draws / 10.0;
    double chiSquare =
        Arrays.stream(counts).mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
    assertThat(chiSquare).isLessThan(27.9);
  }

  @Test
  void nextIntRejectsANonPositiveBound() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Rng(1).nextInt(0))
        .withMessage("bound must be > 0, got 0");
  }

  @Test
  void uniformDrawsLieInTheUnitInterval() {
    Rng rng = new Rng(4);
    for (int i = 0; i < 10_000; i++) {
      assertThat(rng.nextDouble()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
      assertThat(rng.nextFloat()).isGreaterThanOrEqualTo(0f).isLessThan(1f);
    }
  }

  @Test
  void gaussianHasMeanZeroAndVarianceOne() {
    // n = 50 000: the sample mean has standard error 0.0045 and the variance about 0.0063, so
    // both bounds are more than five standard errors wide.
    Rng rng = new Rng(5);
    int n = 50_000;
    double sum = 0;
    double sumSquares = 0;
    for (int i = 0; i < n; i++) {
      double g = rng.nextGaussian();
      assertThat(g).isFinite();
      sum += g;
      sumSquares += g * g;
    }
    double mean = sum / n;
    assertThat(mean).isCloseTo(0.0, within(0.025));
    assertThat(sumSquares / n - mean * mean).isCloseTo(1.0, within(0.035));
  }

  @Test
  void splitDerivesAnIndependentGeneratorAndAdvancesThisOne() {
    Rng parent = new Rng(9);
    long before = parent.state();
    Rng child = parent.split();
    assertThat(parent.state()).isNotEqualTo(before);
    assertThat(child.nextLong()).isNotEqualTo(parent.nextLong());
    Rng again = new Rng(9).split();
    assertThat(again.state()).isEqualTo(new Rng(9).nextLong());
  }

  @Test
  void shuffleIsASeededPermutation() {
    int[] a = IntStream.range(0, 50).toArray();
    int[] b = a.clone();
    new Rng(11).shuffle(a);
    new Rng(11).shuffle(b);
    assertThat(a).containsExactly(b);
    assertThat(a).isNotEqualTo(IntStream.range(0, 50).toArray());
    assertThat(a).containsExactlyInAnyOrder(IntStream.range(0, 50).toArray());
  }
}
