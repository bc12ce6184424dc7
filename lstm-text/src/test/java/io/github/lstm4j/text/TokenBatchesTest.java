package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenBatchesTest {

  /**
   * 16 letters a..p have ids 0..15. B = 2, T = 3: L = ⌊15 / 2⌋ = 7, so stream 0 is a..h (a..g as
   * inputs), stream 1 is h..o; W = ⌊7 / 3⌋ = 2 windows; g and n are only targets, o and p are never
   * read.
   */
  @Test
  void twoStreamsOfThreeStepsMatchTheHandLaidOutWindows() {
    String text = "abcdefghijklmnop";
    CharVocabulary vocabulary = CharVocabulary.of(text);
    TokenBatches batches = TokenBatches.of(TokenSequence.encode(text, vocabulary), 2, 3);
    int[] inputs = new int[6];
    int[] targets = new int[6];

    assertThat(batches.streamLength()).isEqualTo(7);
    assertThat(batches.windowCount()).isEqualTo(2);

    batches.fillWindow(0, inputs, targets);
    assertThat(vocabulary.decode(inputs)).isEqualTo("ahbicj"); // (T, B): t0 = a h, t1 = b i, ...
    assertThat(vocabulary.decode(targets)).isEqualTo("bicjdk");

    batches.fillWindow(1, inputs, targets);
    assertThat(vocabulary.decode(inputs)).isEqualTo("dkelfm");
    assertThat(vocabulary.decode(targets)).isEqualTo("elfmgn");
  }

  @Test
  void eachStreamContinuesFromOneWindowToTheNext() {
    int n = 200;
    int batchSize = 3;
    int seqLen = 4;
    SplittableRandom random = new SplittableRandom(42);
    int[] corpus = random.ints(n, 0, 11).toArray();
    TokenBatches batches = TokenBatches.of(TokenSequence.of(corpus, 11), batchSize, seqLen);
    int streamLength = (n - 1) / batchSize;
    int[] inputs = new int[seqLen * batchSize];
    int[] targets = new int[seqLen * batchSize];
    int[][] seenInputs = new int[batchSize][batches.windowCount() * seqLen];
    int[] previousLastTarget = new int[batchSize];

    for (int w = 0; w < batches.windowCount(); w++) {
      batches.fillWindow(w, inputs, targets);
      for (int b = 0; b < batchSize; b++) {
        if (w > 0) {
          assertThat(inputs[b]).as("window %d stream %d", w, b).isEqualTo(previousLastTarget[b]);
        }
        for (int t = 0; t < seqLen; t++) {
          seenInputs[b][w * seqLen + t] = inputs[t * batchSize + b];
          if (t + 1 < seqLen) {
            assertThat(targets[t * batchSize + b]).isEqualTo(inputs[(t + 1) * batchSize + b]);
          }
        }
        previousLastTarget[b] = targets[(seqLen - 1) * batchSize + b];
      }
    }

    assertThat(batches.windowCount()).isEqualTo(streamLength / seqLen);
    for (int b = 0; b < batchSize; b++) {
      int start = b * streamLength;
      assertThat(seenInputs[b])
          .containsExactly(
              IntStream.range(start, start + batches.windowCount() * seqLen)
                  .map(i -> corpus[i])
                  .toArray());
    }
  }

  @Test
  void batchSizeTimesSeqLenPlusOneIdsMakeExactlyOneWindow() {
    TokenBatches batches =
        TokenBatches.of(TokenSequence.of(new int[] {0, 1, 2, 3, 4, 5, 6}, 7), 2, 3);
    int[] inputs = new int[6];
    int[] targets = new int[6];

    batches.fillWindow(0, inputs, targets);

    assertThat(batches.windowCount()).isEqualTo(1);
    assertThat(inputs).containsExactly(0, 3, 1, 4, 2, 5);
    assertThat(targets).containsExactly(1, 4, 2, 5, 3, 6);
    assertThat(batches.vocabSize()).isEqualTo(7);
  }

  @Test
  void badSizesAndTooShortTextsAreRejectedNamingTheValues() {
    TokenSequence ids = TokenSequence.of(new int[57], 1);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> TokenBatches.of(ids, 32, 100))
        .withMessage(
            "text must have at least batchSize × seqLen + 1 = 3201 tokens (batchSize 32, seqLen"
                + " 100), got 57");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TokenBatches.of(ids, 0, 10))
        .withMessage("batchSize must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TokenBatches.of(ids, 2, -1))
        .withMessage("seqLen must be > 0, got -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TokenBatches.of(ids, 1 << 16, 1 << 16))
        .withMessage(
            "text must have at least batchSize × seqLen + 1 = 4294967297 tokens (batchSize 65536,"
                + " seqLen 65536), got 57");
  }

  @Test
  void windowIndexAndArrayLengthsAreChecked() {
    TokenBatches batches = TokenBatches.of(TokenSequence.of(new int[16], 1), 2, 3);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> batches.fillWindow(2, new int[6], new int[6]))
        .withMessage("window must be in [0, 2), got 2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> batches.fillWindow(0, new int[5], new int[6]))
        .withMessage("inputIds must have length seqLen × batchSize = 6, got 5");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> batches.fillWindow(0, new int[6], new int[7]))
        .withMessage("targetIds must have length seqLen × batchSize = 6, got 7");
  }
}
