package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.nn.PaddedSequences;
import io.github.lstm4j.core.nn.PaddedTokens;
import io.github.lstm4j.core.nn.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable list of N input sequences of different lengths, each at least one step long: either
 * token ids ({@code int[]} per sequence) or float feature vectors ({@code float[length][I]} per
 * sequence, every step of every sequence with the same I). The arrays are copied in, so later
 * changes to the caller's arrays do not reach the model.
 *
 * <pre>{@code
 * Sequences ids = Sequences.ofTokens(List.of(new int[] {3, 1, 4}, new int[] {1, 5}));
 * Sequences series = Sequences.ofFeatures(List.of(new float[][] {{0.5f, 1f}, {0.2f, 0f}}));
 * }</pre>
 */
public final class Sequences {
  private final SequenceModelConfig.Input kind;
  private final List<int[]> tokens; // TOKEN_IDS: one id array per sequence; else empty
  private final List<float[][]> features; // FEATURES: (length, I) per sequence; else empty
  private final int featureSize; // I for FEATURES, 0 for tokens
  private final int maxLength;

  private Sequences(
      SequenceModelConfig.Input kind,
      List<int[]> tokens,
      List<float[][]> features,
      int featureSize,
      int maxLength) {
    this.kind = kind;
    this.tokens = tokens;
    this.features = features;
    this.featureSize = featureSize;
    this.maxLength = maxLength;
  }

  /**
   * Copies token-id sequences.
   *
   * @param sequences N id arrays, each non-empty; N may be 0
   * @return the sequences
   * @throws IllegalArgumentException naming the first empty sequence
   */
  public static Sequences ofTokens(List<int[]> sequences) {
    Objects.requireNonNull(sequences, "sequences");
    List<int[]> copy = new ArrayList<>(sequences.size());
    int longest = 0;
    for (int i = 0; i < sequences.size(); i++) {
      int[] s = Objects.requireNonNull(sequences.get(i), "sequences[" + i + "]");
      Checks.argument(s.length > 0, "sequences[" + i + "] must have at least 1 step, got 0");
      copy.add(s.clone());
      longest = Math.max(longest, s.length);
    }
    return new Sequences(
        SequenceModelConfig.Input.TOKEN_IDS, List.copyOf(copy), List.of(), 0, longest);
  }

  /**
   * Copies feature sequences.
   *
   * @param sequences N arrays of (length, I) steps, each non-empty, all with the same I; N may be 0
   * @return the sequences
   * @throws IllegalArgumentException naming the first empty sequence or step of another width
   */
  public static Sequences ofFeatures(List<float[][]> sequences) {
    Objects.requireNonNull(sequences, "sequences");
    List<float[][]> copy = new ArrayList<>(sequences.size());
    int width = -1;
    int longest = 0;
    for (int i = 0; i < sequences.size(); i++) {
      float[][] s = Objects.requireNonNull(sequences.get(i), "sequences[" + i + "]");
      Checks.argument(s.length > 0, "sequences[" + i + "] must have at least 1 step, got 0");
      float[][] steps = new float[s.length][];
      for (int t = 0; t < s.length; t++) {
        float[] step = Objects.requireNonNull(s[t], "sequences[" + i + "][" + t + "]");
        if (width < 0) {
          Checks.positive("sequences[0][0].length", step.length);
          width = step.length;
        }
        if (step.length != width) {
          throw new IllegalArgumentException(
              "sequences["
                  + i
                  + "]["
                  + t
                  + "] must have "
                  + width
                  + " features like sequences[0][0], got "
                  + step.length);
        }
        steps[t] = step.clone();
      }
      copy.add(steps);
      longest = Math.max(longest, s.length);
    }
    return new Sequences(
        SequenceModelConfig.Input.FEATURES, List.of(), List.copyOf(copy), width, longest);
  }

  /**
   * Returns what a step is.
   *
   * @return TOKEN_IDS or FEATURES
   */
  public SequenceModelConfig.Input kind() {
    return kind;
  }

  /**
   * Returns the number of sequences.
   *
   * @return N
   */
  public int size() {
    return kind == SequenceModelConfig.Input.TOKEN_IDS ? tokens.size() : features.size();
  }

  /**
   * Returns the length of one sequence.
   *
   * @param i the sequence, in [0, N)
   * @return its number of steps, {@code >= 1}
   */
  public int length(int i) {
    Checks.index("i", i, size());
    return kind == SequenceModelConfig.Input.TOKEN_IDS
        ? tokens.get(i).length
        : features.get(i).length;
  }

  /** The longest length, 0 when there is no sequence. */
  int maxLength() {
    return maxLength;
  }

  /**
   * Checks that these sequences can be the input of a model of {@code config}: the same kind, ids
   * in [0, inputSize) or inputSize features.
   *
   * @param name what the caller calls these sequences, for the message
   */
  void requireFits(SequenceModelConfig config, String name) {
    if (kind != config.input()) {
      throw new IllegalArgumentException(
          name + " must be " + config.input() + " sequences for this model, got " + kind);
    }
    if (kind == SequenceModelConfig.Input.FEATURES) {
      Checks.argument(
          size() == 0 || featureSize == config.inputSize(),
          name
              + " must have inputSize="
              + config.inputSize()
              + " features per step, got "
              + featureSize);
      return;
    }
    Checks.ids(name, "token", tokens, config.inputSize());
  }

  /** Pads the ids of sequences {@code rows[from … from + count)} to T, time-major. */
  PaddedTokens padTokens(int[] rows, int from, int count, int seqLen) {
    List<int[]> batch = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      batch.add(tokens.get(rows[from + b]));
    }
    return Padding.tokens(batch, seqLen, 0);
  }

  /** Pads the features of sequences {@code rows[from … from + count)} to (T, B, I). */
  PaddedSequences padFeatures(int[] rows, int from, int count, int seqLen) {
    List<float[][]> batch = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      batch.add(features.get(rows[from + b]));
    }
    return Padding.sequences(batch, seqLen, 0f);
  }

  /** The longest length among {@code rows[from … from + count)}. */
  int maxLength(int[] rows, int from, int count) {
    int longest = 0;
    for (int b = 0; b < count; b++) {
      longest = Math.max(longest, length(rows[from + b]));
    }
    return longest;
  }
}
