package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.tensor.Tensor;

/**
 * A batch of dense sequences of different lengths, padded to one length T, time-major (T, B, F):
 * what {@link Lstm#forward(io.github.lstm4j.core.compute.ComputeContext, Tensor, int[], LstmCache)}
 * takes. Made by {@link Padding#sequences}.
 *
 * <pre>{@code
 * PaddedSequences batch = Padding.sequences(List.of(seriesA, seriesB), 0f); // each (len, F)
 * lstm.forward(ctx, batch.values(), batch.lengths(), cache);
 * }</pre>
 *
 * @param values (T, B, F) the values; the pad value past each row's length
 * @param lengths (B) each row's length, in [1, T]
 */
public record PaddedSequences(Tensor values, int[] lengths) {
  /**
   * Returns the padded length.
   *
   * @return T
   */
  public int seqLen() {
    return values.dim(0);
  }

  /**
   * Returns the batch size.
   *
   * @return B
   */
  public int batchSize() {
    return values.dim(1);
  }
}
