package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Pads sequences of different lengths into one time-major batch plus their lengths, as PyTorch's
 * {@code pad_sequence} followed by the lengths {@code pack_padded_sequence} needs. The pad value is
 * named by the caller; an LSTM given the lengths never reads it.
 *
 * <pre>{@code
 * PaddedTokens words = Padding.tokens(List.of(new int[] {3, 1, 4}, new int[] {1, 5}), 0);
 * // words.ids() = {3, 1,  1, 5,  4, 0}   (T = 3, B = 2, time-major), words.lengths() = {3, 2}
 * }</pre>
 */
public final class Padding {
  private Padding() {}

  /**
   * Pads token-id sequences to the longest one.
   *
   * @param sequences B non-empty id arrays
   * @param padId the id written past each sequence's end
   * @return the padded batch, T = the longest length
   */
  public static PaddedTokens tokens(List<int[]> sequences, int padId) {
    return tokens(sequences, longest(sequences, row -> row.length), padId);
  }

  /**
   * Pads token-id sequences to a given length T.
   *
   * @param sequences B non-empty id arrays, none longer than {@code seqLen}
   * @param seqLen T, {@code > 0}
   * @param padId the id written past each sequence's end
   * @return the padded batch
   * @throws IllegalArgumentException naming the first empty or too long sequence
   */
  public static PaddedTokens tokens(List<int[]> sequences, int seqLen, int padId) {
    int[] lengths = lengths(sequences, row -> row.length, seqLen);
    int batch = lengths.length;
    int[] ids = new int[Math.multiplyExact(seqLen, batch)];
    Arrays.fill(ids, padId);
    for (int b = 0; b < batch; b++) {
      int[] row = sequences.get(b);
      for (int t = 0; t < row.length; t++) {
        ids[t * batch + b] = row[t];
      }
    }
    return new PaddedTokens(ids, lengths, seqLen);
  }

  /**
   * Pads dense sequences to the longest one.
   *
   * @param sequences B non-empty arrays of (length, F) steps, all of the same width F
   * @param padValue the value written past each sequence's end
   * @return the padded batch (T, B, F), T = the longest length
   */
  public static PaddedSequences sequences(List<float[][]> sequences, float padValue) {
    return sequences(sequences, longest(sequences, row -> row.length), padValue);
  }

  /**
   * Pads dense sequences to a given length T.
   *
   * @param sequences B non-empty arrays of (length, F) steps, all of the same width F
   * @param seqLen T, {@code > 0}
   * @param padValue the value written past each sequence's end
   * @return the padded batch (T, B, F)
   * @throws IllegalArgumentException naming the first empty, too long or ragged sequence
   */
  public static PaddedSequences sequences(List<float[][]> sequences, int seqLen, float padValue) {
    int[] lengths = lengths(sequences, row -> row.length, seqLen);
    int batch = lengths.length;
    int width = sequences.get(0)[0].length;
    for (int b = 0; b < batch; b++) {
      float[][] row = sequences.get(b);
      for (int t = 0; t < row.length; t++) {
        if (row[t] == null || row[t].length != width) {
          throw new IllegalArgumentException(
              "sequences["
                  + b
                  + "]["
                  + t
                  + "] must have "
                  + width
                  + " features like sequences[0][0], got "
                  + (row[t] == null ? "null" : row[t].length));
        }
      }
    }
    Tensor values = Tensor.zeros(seqLen, batch, width);
    float[] v = values.data();
    Arrays.fill(v, padValue);
    for (int b = 0; b < batch; b++) {
      float[][] row = sequences.get(b);
      for (int t = 0; t < row.length; t++) {
        System.arraycopy(row[t], 0, v, (t * batch + b) * width, width);
      }
    }
    return new PaddedSequences(values, lengths);
  }

  private static <S> int longest(List<S> sequences, ToIntFunction<S> length) {
    Objects.requireNonNull(sequences, "sequences");
    int longest = 1;
    for (S row : sequences) {
      longest = Math.max(longest, row == null ? 0 : length.applyAsInt(row));
    }
    return longest;
  }

  private static <S> int[] lengths(List<S> sequences, ToIntFunction<S> length, int seqLen) {
    Objects.requireNonNull(sequences, "sequences");
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("sequences must hold at least one sequence, got none");
    }
    if (seqLen < 1) {
      throw new IllegalArgumentException("seqLen must be > 0, got " + seqLen);
    }
    int[] lengths = new int[sequences.size()];
    for (int b = 0; b < lengths.length; b++) {
      int steps =
          length.applyAsInt(Objects.requireNonNull(sequences.get(b), "sequences[" + b + "]"));
      if (steps == 0) {
        throw new IllegalArgumentException("sequences[" + b + "] must not be empty");
      }
      if (steps > seqLen) {
        throw new IllegalArgumentException(
            "sequences[" + b + "] must have at most seqLen=" + seqLen + " steps, got " + steps);
      }
      lengths[b] = steps;
    }
    return lengths;
  }
}
