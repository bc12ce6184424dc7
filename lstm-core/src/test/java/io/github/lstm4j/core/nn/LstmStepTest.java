package io.github.lstm4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.TestData;
import java.util.Arrays;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Streaming with {@link Lstm#step} and a carried {@link LstmState} computes exactly what one {@link
 * Lstm#forward} over the whole sequence computes: every product sums over its shared dimension in
 * the same order whatever the number of rows, so the results are bit-identical.
 */
class LstmStepTest {
  private static final int SEQ_LEN = 5;
  private static final int BATCH = 3;
  private static final int HIDDEN = 4;

  @AutoClose private static final ComputeContext ctx = ComputeContext.of(2);

  private static LstmState randomState(LstmConfig config, Rng rng) {
    int slots = config.numLayers() * config.numDirections();
    return new LstmState(
        TestData.gaussian(rng, 0.5, slots, BATCH, HIDDEN),
        TestData.gaussian(rng, 0.5, slots, BATCH, HIDDEN));
  }

  private static float[] timeStep(Tensor sequence, int t) {
    int width = sequence.dim(1) * sequence.dim(2);
    return Arrays.copyOfRange(sequence.data(), t * width, (t + 1) * width);
  }

  @Test
  void steppingTokenIdsMatchesOneForwardOverTheSequence() {
    int vocab = 6;
    LstmConfig config = LstmConfig.of(vocab, HIDDEN).withNumLayers(2);
    Lstm lstm = new Lstm(config, new Parameters(), new Rng(1));
    Rng rng = new Rng(2);
    int[] ids = TestData.ids(rng, SEQ_LEN * BATCH, vocab);
    LstmState initial = randomState(config, rng);

    LstmCache whole = lstm.newCache(SEQ_LEN, BATCH);
    Tensor expected = lstm.forward(ctx, ids, initial, whole);

    LstmState state = initial.copy();
    LstmCache one = lstm.newCache(1, BATCH);
    for (int t = 0; t < SEQ_LEN; t++) {
      int[] step = Arrays.copyOfRange(ids, t * BATCH, (t + 1) * BATCH);
      Tensor h = lstm.step(ctx, step, state, one);
      assertThat(h.data()).as("t=%d", t).containsExactly(timeStep(expected, t));
    }
    assertThat(state.h().data()).containsExactly(whole.finalState().h().data());
    assertThat(state.c().data()).containsExactly(whole.finalState().c().data());
  }

  @Test
  void steppingDenseInputMatchesOneForwardOverTheSequence() {
    int inputSize = 3;
    LstmConfig config = LstmConfig.of(inputSize, HIDDEN).withNumLayers(2).withDropout(0.5);
    Lstm lstm = new Lstm(config, new Parameters(), new Rng(3));
    Rng rng = new Rng(4);
    Tensor x = TestData.gaussian(rng, 1.0, SEQ_LEN, BATCH, inputSize);

    // From zeros: the default initial state of forward is LstmState.zeros.
    LstmCache whole = lstm.newCache(SEQ_LEN, BATCH);
    Tensor expected = lstm.forward(ctx, x, whole);

    LstmState state = LstmState.zeros(config, BATCH);
    LstmCache one = lstm.newCache(1, BATCH);
    for (int t = 0; t < SEQ_LEN; t++) {
      Tensor step = Tensor.wrap(timeStep(x, t), 1, BATCH, inputSize);
      Tensor h = lstm.step(ctx, step, state, one);
      assertThat(h.data()).as("t=%d", t).containsExactly(timeStep(expected, t));
    }
    assertThat(state.h().data()).containsExactly(whole.finalState().h().data());
    assertThat(state.c().data()).containsExactly(whole.finalState().c().data());
  }

  @Test
  void stepLeavesTheInitialStateOfForwardUntouched() {
    LstmConfig config = LstmConfig.of(3, HIDDEN);
    Lstm lstm = new Lstm(config, new Parameters(), new Rng(5));
    Rng rng = new Rng(6);
    LstmState initial = randomState(config, rng);
    LstmState before = initial.copy();
    lstm.forward(ctx, TestData.gaussian(rng, 1.0, 2, BATCH, 3), initial, lstm.newCache(2, BATCH));
    assertThat(initial.h().data()).containsExactly(before.h().data());
    assertThat(initial.c().data()).containsExactly(before.c().data());
  }
}
