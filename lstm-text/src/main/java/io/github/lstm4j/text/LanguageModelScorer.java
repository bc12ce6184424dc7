package io.github.lstm4j.text;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmState;
import io.github.lstm4j.core.nn.Softmax;
import io.github.lstm4j.core.tensor.Tensor;

/**
 * Scores a token sequence with a trained model: the mean next-token cross-entropy over every
 * prediction, i.e. every token after the first. The text is cut into B contiguous streams read in
 * windows of T with the hidden state carried across windows (as in training, without dropout):
 *
 * <pre>
 * P = N − 1 predictions;  stream b has L_b = ⌊P / B⌋ + (b &lt; P mod B ? 1 : 0) of them,
 *   starting at s_b = b·⌊P / B⌋ + min(b, P mod B);  windows W = ⌈L_0 / T⌉
 * window w, step t, stream b, i = w·T + t:  x = ids[s_b + i], y = ids[s_b + i + 1]  if i &lt; L_b
 * loss = (1/P) Σ over the valid (t, b) of  −log softmax(logits_{t,b})[y]      (in double)
 * </pre>
 *
 * <p>Positions past the end of a stream (only in the last window) are padding: they are run (after
 * every valid step of their stream, so they change nothing that is scored) and not scored. Each
 * stream starts from a zero state, so the first prediction of each stream sees no context.
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
  private final int[] targets; // (T, B), -1 = padding
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

  /**
   * Picks a window and batch for a text of {@code length} tokens (at least 2): windows of at most
   * {@code maxSeqLen}, and at most {@code maxBatch} streams each at least one window long.
   */
  static LanguageModelScorer forLength(
      Lstm lstm, Linear head, int length, int maxSeqLen, int maxBatch) {
    int predictions = length - 1;
    int seqLen = Math.max(1, Math.min(maxSeqLen, predictions));
    int batch = Math.max(1, Math.min(maxBatch, predictions / seqLen));
    return new LanguageModelScorer(lstm, head, seqLen, batch);
  }

  TextEvaluation score(ComputeContext ctx, TokenSequence ids) {
    long predictions = ids.length() - 1;
    int B = batchSize;
    int T = seqLen;
    int V = head.outFeatures();
    int base = (int) (predictions / B); // ⌊P / B⌋
    int longer = (int) (predictions % B); // streams with one more prediction
    int windows = (base + (longer > 0 ? 1 : 0) + T - 1) / T;
    float[] z = logits.data();
    state.reset();
    double total = 0;
    for (int w = 0; w < windows; w++) {
      for (int b = 0; b < B; b++) {
        int length = base + (b < longer ? 1 : 0); // L_b
        int start = b * base + Math.min(b, longer); // s_b
        for (int t = 0; t < T; t++) {
          int i = w * T + t;
          boolean valid = i < length;
          inputs[t * B + b] = valid ? ids.idUnchecked(start + i) : 0;
          targets[t * B + b] = valid ? ids.idUnchecked(start + i + 1) : -1;
        }
      }
      Tensor out = lstm.forward(ctx, inputs, state, cache);
      head.forward(ctx, out, logits);
      for (int r = 0; r < T * B; r++) {
        if (targets[r] >= 0) {
          total -= logSoftmaxAt(z, r * V, V, targets[r]);
        }
      }
      state.copyFrom(cache.finalState());
    }
    return new TextEvaluation(total / predictions, predictions);
  }

  /** log softmax(z[offset..offset+V))[target] = z[target] − logSumExp, in double. */
  static double logSoftmaxAt(float[] z, int offset, int V, int target) {
    return z[offset + target] - logSumExp(z, offset, V);
  }

  /** log Σ_j exp(z[offset + j]), max-subtracted, in double. */
  static double logSumExp(float[] z, int offset, int V) {
    return Softmax.logSumExp(z, offset, V);
  }
}
