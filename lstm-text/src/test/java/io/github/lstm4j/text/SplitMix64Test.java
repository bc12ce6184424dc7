package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SplitMix64Test {

  /** Reference outputs of Vigna's splitmix64.c for seed 0. */
  @Test
  void seedZeroGivesTheReferenceSequence() {
    SplitMix64 rng = new SplitMix64(0);

    assertThat(rng.nextLong()).isEqualTo(0xE220A8397B1DCDAFL);
    assertThat(rng.nextLong()).isEqualTo(0x6E789E6AA1B965F4L);
    assertThat(rng.nextLong()).isEqualTo(0x06C45D188009454FL);
  }

  @Test
  void aSavedStateResumesTheSequence() {
    SplitMix64 rng = new SplitMix64(42);
    for (int i = 0; i < 5; i++) {
      rng.nextLong();
    }

    SplitMix64 resumed = SplitMix64.fromState(rng.state());

    for (int i = 0; i < 5; i++) {
      assertThat(resumed.nextLong()).isEqualTo(rng.nextLong());
    }
  }

  @Test
  void doublesAreTheTop53BitsInTheUnitInterval() {
    SplitMix64 rng = new SplitMix64(7);
    SplitMix64 same = new SplitMix64(7);

    for (int i = 0; i < 1000; i++) {
      double u = rng.nextDouble();
      assertThat(u)
          .isGreaterThanOrEqualTo(0)
          .isLessThan(1)
          .isEqualTo((same.nextLong() >>> 11) * 0x1.0p-53);
    }
  }
}
