package io.github.lstm4j.text;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmState;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.tensor.Tensor;

/**
 * Scores a token sequence with a trained model: the text is cut into B contiguous streams read in
 * windows of T with the hidden state carried across windows (as in training, without dropout), and
 * the mean next-token cross-entropy over every scored position is returned.
 *
 * <p>Buffers are sized once for the given (T, B), so repeated validation allocates nothing.
 */
final class LanguageModelScorer {
  private final Lstm lstm;
  private final Linear head;
  private final int seqLen;
  private final int batchSize;
  private final LstmCache cache;
  private final LstmState state;
  private final int[] inputs; // (T, B)
  private final int[] targets; // (T, B)
  private final Tensor logits; // (T, B, V)

  LanguageModelScorer(Lstm lstm, Linear head, int seqLen, int batchSize) {
    this.lstm = lstm;
    this.head = head;
    this.seqLen = seqLen;
    this.batchSize = batchSize;
    this.cache = lstm.newCache(seqLen, batchSize);
    this.state = LstmState.zeros(lstm.config(), batchSize);
    this.inputs = new int[seqLen * batchSize];
    this.targets = new int[seqLen * batchSize];
    this.logits = Tensor.zeros(seqLen, batchSize, head.outFeatures());
  }

  /** Picks a window and batch that fit a text of {@code length} tokens (at least 2). */
  static LanguageModelScorer forLength(
      Lstm lstm, Linear head, int length, int maxSeqLen, int maxBatch) {
    int seqLen = Math.max(1, Math.min(maxSeqLen, length - 1));
    int batch = Math.max(1, Math.min(maxBatch, (length - 1) / seqLen));
    return new LanguageModelScorer(lstm, head, seqLen, batch);
  }

  boolean fits(int length) {
    return length >= seqLen * batchSize + 1;
  }

  TextEvaluation score(ComputeContext ctx, TokenSequence ids) {
    TokenBatches batches = TokenBatches.of(ids, batchSize, seqLen);
    state.reset();
    double total = 0;
    long count = 0;
    for (int w = 0; w < batches.windowCount(); w++) {
      batches.fillWindow(w, inputs, targets);
      Tensor out = lstm.forward(ctx, inputs, state, cache);
      head.forward(ctx, out, logits);
      total += SoftmaxCrossEntropy.forward(logits, targets, logits) * targets.length;
      count += targets.length;
      state.copyFrom(cache.finalState());
    }
    return new TextEvaluation(total / count, count);
  }
}
