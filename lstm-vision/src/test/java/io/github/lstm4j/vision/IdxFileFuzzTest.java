package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded mutations of small valid IDX files: each mutant either loads consistently or fails with an
 * {@link IOException}. Any other exception or error (including {@link OutOfMemoryError}) escapes
 * the loop and fails the test.
 */
class IdxFileFuzzTest {
  private static final int MUTANTS_PER_FILE = 1500;

  /** Header values that stress the size arithmetic. */
  private static final int[] EXTREME_INTS = {
    0, 1, -1, 255, 256, 1 << 16, 1 << 24, 1 << 30, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x0803,
  };

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void everyMutantLoadsConsistentlyOrThrowsIOException() {
    List<byte[]> seeds =
        List.of(
            IdxTestFiles.images(3, 4, 5, 1),
            IdxTestFiles.labels(9, 10, 2),
            IdxTestFiles.idx(0x0804, new int[] {2, 2, 3, 2}, IdxTestFiles.randomBytes(24, 3)));
    SplittableRandom random = new SplittableRandom(20240601L);
    int loaded = 0;
    int rejected = 0;
    for (byte[] seed : seeds) {
      for (int i = 0; i < MUTANTS_PER_FILE; i++) {
        byte[] mutant = mutate(seed, random);
        // Half the mutants go through gzip (mutate, then compress), a quarter are corrupted
        // after compression, the rest stay raw.
        int route = random.nextInt(4);
        byte[] input =
            route < 2
                ? IdxTestFiles.gzip(mutant)
                : route == 2 ? mutate(IdxTestFiles.gzip(seed), random) : mutant;
        try {
          IdxFile idx = IdxFile.read(new ByteArrayInputStream(input));
          long size = 1;
          for (int d : idx.dims()) {
            assertThat(d).isPositive();
            size *= d;
          }
          assertThat((long) idx.data().length).isEqualTo(size);
          assertThat(idx.magic()).isEqualTo(0x0800 | idx.rank());
          loaded++;
        } catch (IOException expected) {
          assertThat(expected.getMessage()).isNotBlank();
          rejected++;
        }
      }
    }
    assertThat(loaded + rejected).isEqualTo(seeds.size() * MUTANTS_PER_FILE);
    // The mutations must exercise both outcomes, or the test proves little.
    assertThat(loaded).isPositive();
    assertThat(rejected).isGreaterThan(loaded);
  }

  private static byte[] mutate(byte[] original, SplittableRandom random) {
    byte[] bytes = original.clone();
    switch (random.nextInt(6)) {
      case 0: // overwrite a random byte
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        return bytes;
      case 1: // overwrite a header int (magic or a dimension) with an extreme value
        int slot = random.nextInt(Math.min(5, bytes.length / 4));
        ByteBuffer.wrap(bytes).putInt(4 * slot, EXTREME_INTS[random.nextInt(EXTREME_INTS.length)]);
        return bytes;
      case 2: // truncate
        return Arrays.copyOf(bytes, random.nextInt(bytes.length));
      case 3: // append junk
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(8));
        for (int i = bytes.length; i < longer.length; i++) {
          longer[i] = (byte) random.nextInt(256);
        }
        return longer;
      case 4: // delete one byte
        int gone = random.nextInt(bytes.length);
        byte[] shorter = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, shorter, 0, gone);
        System.arraycopy(bytes, gone + 1, shorter, gone, bytes.length - gone - 1);
        return shorter;
      default: // flip one bit
        int at = random.nextInt(bytes.length);
        bytes[at] ^= (byte) (1 << random.nextInt(8));
        return bytes;
    }
  }
}
