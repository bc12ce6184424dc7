package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import java.util.List;

/**
 * Sequences of dense feature vectors, each with a target vector: the training or validation data of
 * a {@link SequenceRegressor}. Sequences may have different lengths; each is row-major (length,
 * inputSize). The arrays are kept, not copied: do not change them while a model trains on them.
 *
 * <pre>{@code
 * RegressionData data = new RegressionData(1, 1, List.of(new float[] {1, 2, 3}), List.of(new float[] {4}));
 * }</pre>
 *
 * @param inputSize I: features per time step, {@code > 0}
 * @param outputSize F: target values per sequence, {@code > 0}
 * @param sequences each (length, I) row-major, length {@code >= 1}, every value finite
 * @param targets each (F), every value finite; one per sequence
 */
public record RegressionData(
    int inputSize, int outputSize, List<float[]> sequences, List<float[]> targets) {

  /**
   * Checks every shape and value; a message names the sequence and position.
   *
   * @param inputSize see the record description
   * @param outputSize see the record description
   * @param sequences see the record description
   * @param targets see the record description
   */
  public RegressionData {
    Checks.positive("inputSize", inputSize);
    Checks.positive("outputSize", outputSize);
    sequences = List.copyOf(sequences);
    targets = List.copyOf(targets);
    Checks.argument(
        sequences.size() == targets.size(),
        "targets must have one entry per sequence ("
            + sequences.size()
            + "), got "
            + targets.size());
    for (int n = 0; n < sequences.size(); n++) {
      float[] x = sequences.get(n);
      if (x.length == 0 || x.length % inputSize != 0) {
        throw new IllegalArgumentException(
            "sequences["
                + n
                + "] must have a length that is a positive multiple of inputSize "
                + inputSize
                + ", got "
                + x.length);
      }
      checkFinite("sequences", n, x);
      float[] y = targets.get(n);
      Checks.argument(
          y.length == outputSize,
          "targets[" + n + "] must have length outputSize " + outputSize + ", got " + y.length);
      checkFinite("targets", n, y);
    }
  }

  /**
   * Returns data with no sequence (no validation).
   *
   * @param inputSize I
   * @param outputSize F
   * @return an empty data set
   */
  public static RegressionData empty(int inputSize, int outputSize) {
    return new RegressionData(inputSize, outputSize, List.of(), List.of());
  }

  /**
   * Returns the number of sequences.
   *
   * @return N
   */
  public int size() {
    return sequences.size();
  }

  /**
   * Returns the number of time steps of the longest sequence.
   *
   * @return max length, 0 when empty
   */
  public int maxLength() {
    int max = 0;
    for (float[] x : sequences) {
      max = Math.max(max, x.length / inputSize);
    }
    return max;
  }

  private static void checkFinite(String name, int n, float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(
            name + "[" + n + "][" + i + "] must be finite, got " + values[i]);
      }
    }
  }
}
