package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * How a whole-sequence task (classification, regression on the last step) turns an LSTM's output
 * (T, B, D·H) into one feature vector per sequence (B, D·H), respecting each row's length. Forward
 * and backward sit side by side; backward writes ∂L/∂output, which the caller hands to {@link
 * Lstm#backward(io.github.lstm4j.core.compute.ComputeContext, Tensor, LstmCache)}.
 *
 * <pre>
 * LAST_HIDDEN     features[b] = [out[len_b − 1, b, 0:H] | out[0, b, H:2H]]   forward's last valid
 *                 step, and the reverse direction's, which ends at t = 0 (= h_n of the top layer)
 *                 backward: ∂L/∂out at those two places = ∂L/∂features, zero elsewhere
 * MEAN_OVER_TIME  features[b] = (1/len_b)·Σ_{t &lt; len_b} out[t, b]
 *                 backward: ∂L/∂out[t, b] = ∂L/∂features[b] / len_b for t &lt; len_b
 * MAX_OVER_TIME   features[b, j] = max_{t &lt; len_b} out[t, b, j]
 *                 backward: ∂L/∂features[b, j] to the first t that attains the max
 * </pre>
 *
 * <p>Padded steps never contribute. Nothing is allocated; the caller owns every buffer.
 *
 * <pre>{@code
 * lstm.forward(ctx, x, lengths, cache);                          // (T, B, D·H)
 * Readout.LAST_HIDDEN.forward(cache, features);                   // (B, D·H)
 * Readout.LAST_HIDDEN.backward(cache, dFeatures, dOut);           // dOut (T, B, D·H)
 * lstm.backward(ctx, dOut, cache);
 * }</pre>
 */
public enum Readout {
  /**
   * Each direction's state after its last valid step: the forward direction at {@code t = len − 1},
   * the reverse direction at {@code t = 0}.
   */
  LAST_HIDDEN,
  /** The output averaged over each row's valid steps. */
  MEAN_OVER_TIME,
  /** The element-wise maximum of the output over each row's valid steps. */
  MAX_OVER_TIME;

  private static final String[] OUTPUT_DIMS = {"seqLen", "batchSize", "width"};

  /**
   * Reads the features of every row.
   *
   * @param output (T, B, F) an LSTM's output, F = D·H
   * @param lengths (B) valid steps per row, each in [1, T]
   * @param directions D, 1 or 2: for {@link #LAST_HIDDEN}, the last F/2 columns are a reverse
   *     direction's
   * @param features (B, F) overwritten
   */
  public void forward(Tensor output, int[] lengths, int directions, Tensor features) {
    check(output, lengths, directions, features, "features");
    int batch = lengths.length;
    int width = output.dim(2);
    float[] out = output.data();
    float[] f = features.data();
    switch (this) {
      case LAST_HIDDEN -> {
        int half = width / directions;
        for (int b = 0; b < batch; b++) {
          System.arraycopy(out, row(lengths[b] - 1, b, batch, width), f, b * width, half);
          if (directions == 2) {
            System.arraycopy(out, row(0, b, batch, width) + half, f, b * width + half, half);
          }
        }
      }
      case MEAN_OVER_TIME -> {
        for (int b = 0; b < batch; b++) {
          int to = b * width;
          Arrays.fill(f, to, to + width, 0f);
          for (int t = 0; t < lengths[b]; t++) {
            int from = row(t, b, batch, width);
            for (int j = 0; j < width; j++) {
              f[to + j] += out[from + j];
            }
          }
          float scale = 1f / lengths[b];
          for (int j = 0; j < width; j++) {
            f[to + j] *= scale;
          }
        }
      }
      case MAX_OVER_TIME -> {
        for (int b = 0; b < batch; b++) {
          int to = b * width;
          System.arraycopy(out, row(0, b, batch, width), f, to, width);
          for (int t = 1; t < lengths[b]; t++) {
            int from = row(t, b, batch, width);
            for (int j = 0; j < width; j++) {
              f[to + j] = Math.max(f[to + j], out[from + j]);
            }
          }
        }
      }
    }
  }

  /**
   * Backpropagates ∂L/∂features to ∂L/∂output: the mirror of {@link #forward}.
   *
   * @param output (T, B, F) the output forward read (MAX_OVER_TIME finds its maxima again)
   * @param lengths (B) as in forward
   * @param directions D, as in forward
   * @param dFeatures (B, F) ∂L/∂features
   * @param dOutput (T, B, F) overwritten with ∂L/∂output, zero at padded steps
   */
  public void backward(
      Tensor output, int[] lengths, int directions, Tensor dFeatures, Tensor dOutput) {
    check(output, lengths, directions, dFeatures, "dFeatures");
    Objects.requireNonNull(dOutput, "dOutput")
        .requireShape("dOutput", OUTPUT_DIMS, output.dim(0), output.dim(1), output.dim(2));
    int batch = lengths.length;
    int width = output.dim(2);
    float[] out = output.data();
    float[] df = dFeatures.data();
    float[] dOut = dOutput.data();
    Arrays.fill(dOut, 0f);
    switch (this) {
      case LAST_HIDDEN -> {
        int half = width / directions;
        for (int b = 0; b < batch; b++) {
          System.arraycopy(df, b * width, dOut, row(lengths[b] - 1, b, batch, width), half);
          if (directions == 2) {
            System.arraycopy(df, b * width + half, dOut, row(0, b, batch, width) + half, half);
          }
        }
      }
      case MEAN_OVER_TIME -> {
        for (int b = 0; b < batch; b++) {
          float scale = 1f / lengths[b];
          for (int t = 0; t < lengths[b]; t++) {
            int to = row(t, b, batch, width);
            for (int j = 0; j < width; j++) {
              dOut[to + j] = df[b * width + j] * scale;
            }
          }
        }
      }
      case MAX_OVER_TIME -> {
        for (int b = 0; b < batch; b++) {
          for (int j = 0; j < width; j++) {
            int best = row(0, b, batch, width) + j;
            for (int t = 1; t < lengths[b]; t++) {
              int at = row(t, b, batch, width) + j;
              if (out[at] > out[best]) {
                best = at;
              }
            }
            dOut[best] = df[b * width + j];
          }
        }
      }
    }
  }

  /**
   * Reads the features of the last forward pass of {@code cache}, with its lengths and directions.
   *
   * @param cache a cache after forward
   * @param features (B, D·H) overwritten
   */
  public void forward(LstmCache cache, Tensor features) {
    Objects.requireNonNull(cache, "cache");
    forward(cache.output(), cache.packed.lengths, cache.config.numDirections(), features);
  }

  /**
   * Backpropagates ∂L/∂features of the last forward pass of {@code cache} to ∂L/∂output.
   *
   * @param cache the cache of that forward pass
   * @param dFeatures (B, D·H) ∂L/∂features
   * @param dOutput (T, B, D·H) overwritten; pass it to {@link Lstm#backward}
   */
  public void backward(LstmCache cache, Tensor dFeatures, Tensor dOutput) {
    Objects.requireNonNull(cache, "cache");
    backward(
        cache.output(), cache.packed.lengths, cache.config.numDirections(), dFeatures, dOutput);
  }

  /** Where row b of time step t starts in a (T, B, F) buffer. */
  private static int row(int t, int b, int batch, int width) {
    return (t * batch + b) * width;
  }

  private static void check(
      Tensor output, int[] lengths, int directions, Tensor features, String featuresName) {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(features, featuresName);
    if (output.rank() != 3) {
      throw new IllegalArgumentException(
          "output must have shape (seqLen, batchSize, width), got rank " + output.rank());
    }
    if (directions != 1 && directions != 2) {
      throw new IllegalArgumentException("directions must be 1 or 2, got " + directions);
    }
    int seqLen = output.dim(0);
    int batch = output.dim(1);
    int width = output.dim(2);
    if (width % directions != 0) {
      throw new IllegalArgumentException(
          "output width must be divisible by directions=" + directions + ", got " + width);
    }
    PackedBatch.requireLengths(lengths, batch, seqLen);
    if (features.rank() != 2 || features.dim(0) != batch || features.dim(1) != width) {
      throw new IllegalArgumentException(
          featuresName
              + " must have shape (batchSize="
              + batch
              + ", width="
              + width
              + "), got "
              + Tensor.shapeString(features.shape()));
    }
  }
}
