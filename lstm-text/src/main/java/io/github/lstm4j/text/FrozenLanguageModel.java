package io.github.lstm4j.text;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.FrozenLstm;
import io.github.lstm4j.core.nn.FrozenLstmCache;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.LstmState;
import io.github.lstm4j.core.nn.Param;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.tensor.Tensor;

/**
 * An inference snapshot of a whole language model, LSTM and head together: generators and beam
 * search step it, so that one kept across optimizer steps keeps producing the text of the weights
 * it was made from, never a mix of old LSTM and new head. Immutable; any number of threads may step
 * it at once, each with its own state and cache.
 *
 * <pre>{@code
 * FrozenLanguageModel frozen = FrozenLanguageModel.of(lstm, head, params);
 * frozen.step(ctx, tokens, state, cache, logits); // logits (1, B, V)
 * }</pre>
 */
final class FrozenLanguageModel {
  private final FrozenLstm lstm;
  private final Linear head; // over a private copy of the head's weights

  private FrozenLanguageModel(FrozenLstm lstm, Linear head) {
    this.lstm = lstm;
    this.head = head;
  }

  /**
   * Snapshots the LSTM (laid out for inference) and copies the head's weights.
   *
   * @param lstm the live LSTM
   * @param head the live head
   * @param params the parameters the head's weights live in
   * @return the snapshot, unaffected by later changes to either
   */
  static FrozenLanguageModel of(Lstm lstm, Linear head, Parameters params) {
    Parameters copy = new Parameters();
    // The generator only fills the copy before its weights are overwritten below.
    Linear frozenHead = new Linear("head", head.inFeatures(), head.outFeatures(), copy, new Rng(0));
    copyInto(params, head.weight(), copy, frozenHead.weight());
    copyInto(params, head.bias(), copy, frozenHead.bias());
    return new FrozenLanguageModel(lstm.freeze(), frozenHead);
  }

  private static void copyInto(Parameters source, Param from, Parameters target, Param to) {
    System.arraycopy(source.values(), from.offset(), target.values(), to.offset(), from.size());
  }

  /**
   * Returns the LSTM's shape.
   *
   * @return the config of the LSTM
   */
  LstmConfig config() {
    return lstm.config();
  }

  /**
   * Allocates the buffers of a step for a batch.
   *
   * @param batchSize B, the rows stepped at once
   * @return the cache
   */
  FrozenLstmCache newCache(int batchSize) {
    return lstm.newCache(batchSize);
  }

  /**
   * One time step: reads a token per row, advances the state, writes the next-token logits.
   *
   * @param ctx the threads to run on
   * @param tokens (B) token ids
   * @param state (L, B, H) carried state, updated
   * @param cache the buffers of {@link #newCache}
   * @param logits (1, B, V) overwritten
   */
  void step(
      ComputeContext ctx, int[] tokens, LstmState state, FrozenLstmCache cache, Tensor logits) {
    head.forward(ctx, lstm.step(ctx, tokens, state, cache), logits);
  }
}
