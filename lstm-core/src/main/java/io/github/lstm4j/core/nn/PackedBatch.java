package io.github.lstm4j.core.nn;

/**
 * The order in which an {@link Lstm} runs the rows of a batch of sequences of different lengths:
 * PyTorch's {@code pack_padded_sequence(..., enforce_sorted=False)}, with the rows sorted once per
 * batch and never copied back and forth between steps.
 *
 * <p>Rows are sorted by length, longest first (ties keep their batch order), so at step s the rows
 * still running are a prefix of the sorted batch: {@code active[s]} of them (PyTorch's {@code
 * batch_sizes}). A layer stores step s's rows one after another from packed row {@code offset[s]},
 * so one matrix product of {@code active[s]} rows serves the step and padding is never computed:
 *
 * <pre>
 * sorted position p   →  original row   rowOf[p]
 * step s, position p  →  packed row     offset[s] + p      (p &lt; active[s])
 * offset[s + 1] = offset[s] + active[s],   offset[0] = 0,   rows() = Σ lengths
 * </pre>
 *
 * <p>When every length is T the order is the identity and the packed layout is the dense (T, B)
 * layout, so a full batch computes exactly what it computed before lengths existed.
 */
final class PackedBatch {
  final int seqLen; // T, the padded length
  final int batch; // B
  final int[] lengths; // (B) per original row, in [1, T]
  final int[] rowOf; // (B) sorted position → original row
  final int[] active; // (T) rows still running at step s
  final int[] offset; // (T + 1) first packed row of step s
  private final int[] count; // (T + 1) scratch of the counting sort
  private boolean full;
  private int steps;

  PackedBatch(int seqLen, int batch) {
    this.seqLen = seqLen;
    this.batch = batch;
    this.lengths = new int[batch];
    this.rowOf = new int[batch];
    this.active = new int[seqLen];
    this.offset = new int[seqLen + 1];
    this.count = new int[seqLen + 1];
    setFull();
  }

  /** Every row runs all T steps, in batch order. */
  void setFull() {
    for (int b = 0; b < batch; b++) {
      lengths[b] = seqLen;
      rowOf[b] = b;
    }
    for (int s = 0; s < seqLen; s++) {
      active[s] = batch;
      offset[s] = s * batch;
    }
    offset[seqLen] = seqLen * batch;
    full = true;
    steps = seqLen;
  }

  /**
   * Sorts the rows by length, longest first and stable, with a counting sort (lengths are in [1,
   * T]): no allocation.
   *
   * @param rowLengths (B) checked by the caller to lie in [1, T]
   */
  void set(int[] rowLengths) {
    java.util.Arrays.fill(count, 0);
    boolean allFull = true;
    for (int b = 0; b < batch; b++) {
      int len = rowLengths[b];
      lengths[b] = len;
      count[len]++;
      allFull &= len == seqLen;
    }
    if (allFull) {
      setFull();
      return;
    }
    full = false;
    // count[len] becomes the first sorted position of rows of that length (longest first).
    int position = 0;
    for (int len = seqLen; len >= 1; len--) {
      int rows = count[len];
      count[len] = position;
      position += rows;
    }
    for (int b = 0; b < batch; b++) {
      rowOf[count[lengths[b]]++] = b;
    }
    // active[s] = #rows with length > s: the sorted prefix that is still running at step s.
    int p = batch;
    for (int s = 0; s < seqLen; s++) {
      while (p > 0 && lengths[rowOf[p - 1]] <= s) {
        p--;
      }
      active[s] = p;
    }
    steps = lengths[rowOf[0]];
    offset[0] = 0;
    for (int s = 0; s < seqLen; s++) {
      offset[s + 1] = offset[s] + active[s];
    }
  }

  /**
   * Checks per-row lengths at a public boundary.
   *
   * @throws IllegalArgumentException naming the row and the value, or the count
   */
  static void requireLengths(int[] lengths, int batch, int seqLen) {
    java.util.Objects.requireNonNull(lengths, "lengths");
    if (lengths.length != batch) {
      throw new IllegalArgumentException(
          "lengths must have one entry per batch row, batchSize = "
              + batch
              + ", got "
              + lengths.length);
    }
    for (int b = 0; b < batch; b++) {
      if (lengths[b] < 1 || lengths[b] > seqLen) {
        throw new IllegalArgumentException(
            "lengths[" + b + "] must be in [1, seqLen=" + seqLen + "], got " + lengths[b]);
      }
    }
  }

  /** Whether every row runs all T steps in batch order (the dense layout). */
  boolean isFull() {
    return full;
  }

  /** The number of steps any row runs: the longest length. */
  int steps() {
    return steps;
  }

  /** The number of packed rows: the sum of the lengths. */
  int rows() {
    return offset[seqLen];
  }

  /**
   * The time index a direction reads at its step s for a row of length {@code len}: s forward, and
   * {@code len − 1 − s} in reverse, so the reverse direction starts at the row's last valid step.
   */
  static int timeOf(int s, int len, boolean reverse) {
    return reverse ? len - 1 - s : s;
  }

  /**
   * The row of a padded (T, B, ·) tensor that sorted position p holds at step s: time {@code
   * timeOf(s, lengths[b], reverse)} of original row {@code b = rowOf[p]}, as {@code t·B + b}.
   */
  int paddedRow(int s, int p, boolean reverse) {
    int b = rowOf[p];
    return timeOf(s, lengths[b], reverse) * batch + b;
  }
}
