package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;
import java.util.Objects;

/**
 * The char-rnn training loader: a corpus of {@code N} ids cut into {@code B} contiguous streams,
 * read in consecutive windows of {@code T} steps, targets shifted by one.
 *
 * <pre>
 * L = ⌊(N − 1) / B⌋                     stream length; the last N − 1 − B·L ids are never read
 * stream_b[i] = ids[b·L + i]            0 ≤ b &lt; B, 0 ≤ i ≤ L (i = L only as a target)
 * W = ⌊L / T⌋                           windows per epoch; a last partial window is dropped
 * window w, step t, stream b:
 *   x[t][b] = stream_b[w·T + t]         input
 *   y[t][b] = stream_b[w·T + t + 1]     target: the next id
 * </pre>
 *
 * <p>Because stream {@code b} of window {@code w + 1} starts where it stopped in window {@code w},
 * a trainer can carry the hidden state of each batch row from one window to the next (truncated
 * BPTT over the whole epoch) and reset it only when the epoch restarts at window 0. Windows are
 * therefore not shuffled.
 *
 * <p>It holds no copy of the ids, only the {@link TokenSequence} (2 bytes per id for {@code V <=
 * 65536}); {@link #fillWindow} writes into caller-owned arrays and allocates nothing. Ids may come
 * from any {@link Vocabulary}, word ids included. Instances are immutable and can be shared.
 *
 * <pre>{@code
 * TokenBatches batches = TokenBatches.of(ids, 32, 100);
 * int[] inputs = new int[100 * 32]; // (T, B) time-major: index t * B + b
 * int[] targets = new int[100 * 32];
 * for (int w = 0; w < batches.windowCount(); w++) {
 *   batches.fillWindow(w, inputs, targets);
 *   // forward from the state left by window w - 1, backward, step
 * }
 * }</pre>
 */
public final class TokenBatches {
  private final TokenSequence ids;
  private final int batchSize;
  private final int seqLen;
  private final int streamLength; // L
  private final int windowCount; // W

  private TokenBatches(TokenSequence ids, int batchSize, int seqLen) {
    this.ids = ids;
    this.batchSize = batchSize;
    this.seqLen = seqLen;
    this.streamLength = (ids.length() - 1) / batchSize;
    this.windowCount = streamLength / seqLen;
  }

  /**
   * Cuts a sequence into {@code batchSize} streams read {@code seqLen} steps at a time.
   *
   * @param ids the corpus
   * @param batchSize the number of streams {@code B}, {@code > 0}
   * @param seqLen the window length {@code T}, {@code > 0}
   * @return the loader
   * @throws IllegalArgumentException if {@code batchSize} or {@code seqLen} is {@code <= 0}, or the
   *     corpus has fewer than {@code batchSize × seqLen + 1} ids (not even one window)
   */
  public static TokenBatches of(TokenSequence ids, int batchSize, int seqLen) {
    Objects.requireNonNull(ids, "ids");
    Checks.positive("batchSize", batchSize);
    Checks.positive("seqLen", seqLen);
    long needed = (long) batchSize * seqLen + 1;
    if (ids.length() < needed) {
      throw new IllegalArgumentException(
          "text must have at least batchSize × seqLen + 1 = "
              + needed
              + " tokens (batchSize "
              + batchSize
              + ", seqLen "
              + seqLen
              + "), got "
              + ids.length());
    }
    return new TokenBatches(ids, batchSize, seqLen);
  }

  /**
   * Returns the number of streams.
   *
   * @return {@code B}
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Returns the window length.
   *
   * @return {@code T}
   */
  public int seqLen() {
    return seqLen;
  }

  /**
   * Returns the length of each stream.
   *
   * @return {@code L = ⌊(N − 1) / B⌋}
   */
  public int streamLength() {
    return streamLength;
  }

  /**
   * Returns the number of full windows in one epoch.
   *
   * @return {@code W = ⌊L / T⌋}, at least 1
   */
  public int windowCount() {
    return windowCount;
  }

  /**
   * Returns the vocabulary size of the ids.
   *
   * @return {@code V}
   */
  public int vocabSize() {
    return ids.vocabSize();
  }

  /**
   * Writes the inputs and targets of one window, time-major.
   *
   * @param window the window index {@code w}, {@code 0 <= w < windowCount()}
   * @param inputIds (T, B) destination, index {@code t * B + b}: {@code stream_b[w·T + t]}
   * @param targetIds (T, B) destination, index {@code t * B + b}: {@code stream_b[w·T + t + 1]}
   * @throws IllegalArgumentException if {@code window} is out of range or an array's length is not
   *     {@code seqLen × batchSize}
   */
  public void fillWindow(int window, int[] inputIds, int[] targetIds) {
    Checks.index("window", window, windowCount);
    requireWindowArray("inputIds", inputIds);
    requireWindowArray("targetIds", targetIds);
    int B = batchSize;
    for (int b = 0; b < B; b++) {
      int position = b * streamLength + window * seqLen; // stream_b[w·T] in the corpus
      for (int t = 0; t < seqLen; t++) {
        inputIds[t * B + b] = ids.idUnchecked(position + t);
        targetIds[t * B + b] = ids.idUnchecked(position + t + 1);
      }
    }
  }

  private void requireWindowArray(String name, int[] array) {
    Objects.requireNonNull(array, name);
    if (array.length != seqLen * batchSize) {
      throw new IllegalArgumentException(
          name
              + " must have length seqLen × batchSize = "
              + seqLen * batchSize
              + ", got "
              + array.length);
    }
  }
}
