package io.github.lstm4j.core.nn;

/**
 * A batch of token-id sequences of different lengths, padded to one length T, time-major: what
 * {@link Lstm#forward(io.github.lstm4j.core.compute.ComputeContext, int[], int[], LstmCache)}
 * takes. Made by {@link Padding#tokens}.
 *
 * <pre>{@code
 * PaddedTokens batch = Padding.tokens(List.of(new int[] {4, 2}, new int[] {7}), 0);
 * lstm.forward(ctx, batch.ids(), batch.lengths(), lstm.newCache(batch.seqLen(), batch.batchSize()));
 * }</pre>
 *
 * @param ids (T·B) the ids, index {@code t·B + b}; the pad id past each row's length
 * @param lengths (B) each row's length, in [1, T]
 * @param seqLen T
 */
public record PaddedTokens(int[] ids, int[] lengths, int seqLen) {
  /**
   * Returns the batch size.
   *
   * @return B, the number of sequences
   */
  public int batchSize() {
    return lengths.length;
  }
}
