package io.github.lstm4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.TestData;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A frozen LSTM steps exactly as {@link Lstm#step} does with an inference cache, bit for bit, for
 * token and dense input, one to three layers, hidden sizes below, across and not a multiple of the
 * unit group (128) and of the vector width (8), batches of 1 to 3, on 1 and 2 threads; the snapshot
 * ignores later parameter updates; bad input fails at the boundary.
 */
class FrozenLstmTest {
  private static final int STEPS = 4;

  private static ComputeContext one;
  private static ComputeContext two;

  @BeforeAll
  static void start() {
    one = ComputeContext.singleThreaded();
    two = ComputeContext.of(2);
  }

  @AfterAll
  static void stop() {
    one.close();
    two.close();
  }

  private static LstmState randomState(LstmConfig config, int batch, Rng rng) {
    int layers = config.numLayers();
    int hidden = config.hiddenSize();
    return new LstmState(
        TestData.gaussian(rng, 0.5, layers, batch, hidden),
        TestData.gaussian(rng, 0.5, layers, batch, hidden));
  }

  /**
   * With H = 130 and inputSize 30 every layer's step is large enough to be split across two threads
   * (2 unit groups, of 128 and 2 units); with H ≤ 37 a layer is one group, which runs on one
   * thread.
   */
  @ParameterizedTest(name = "layers={0} H={1} B={2} threads={3} {4}")
  @CsvSource({
    "1,   5, 1, 1, tokens",
    "1,   5, 3, 2, dense",
    "2,   8, 1, 2, tokens",
    "2,  37, 1, 2, dense",
    "2,  37, 2, 1, tokens",
    "1, 130, 1, 1, dense",
    "2, 130, 1, 2, dense",
    "2, 130, 2, 2, tokens",
    "3, 130, 1, 2, dense"
  })
  void aFrozenStepGivesTheBitsOfLstmStep(
      int layers, int hidden, int batch, int threads, String input) {
    boolean tokens = input.equals("tokens");
    int inputSize = tokens ? 7 : 30;
    LstmConfig config =
        LstmConfig.of(inputSize, hidden).withNumLayers(layers).withDropout(layers > 1 ? 0.3 : 0);
    Lstm lstm = new Lstm(config, new Parameters(), new Rng(layers * 1000L + hidden));
    FrozenLstm frozen = lstm.freeze();
    ComputeContext ctx = threads == 1 ? one : two;
    Rng rng = new Rng(batch);
    LstmState expected = randomState(config, batch, rng);
    LstmState actual = expected.copy();
    LstmCache cache = lstm.newCache(1, batch);
    FrozenLstmCache frozenCache = frozen.newCache(batch);
    for (int t = 0; t < STEPS; t++) {
      Tensor want;
      Tensor got;
      if (tokens) {
        int[] ids = TestData.ids(rng, batch, inputSize);
        want = lstm.step(ctx, ids, expected, cache);
        got = frozen.step(ctx, ids, actual, frozenCache);
      } else {
        Tensor x = TestData.gaussian(rng, 1.0, 1, batch, inputSize);
        want = lstm.step(ctx, x, expected, cache);
        got = frozen.step(ctx, x, actual, frozenCache);
      }
      assertThat(got.shape()).containsExactly(1, batch, hidden);
      assertThat(Arrays.equals(got.data(), want.data())).as("h at t=%d", t).isTrue();
      assertThat(Arrays.equals(actual.h().data(), expected.h().data())).as("state h").isTrue();
      assertThat(Arrays.equals(actual.c().data(), expected.c().data())).as("state c").isTrue();
    }
  }

  @Test
  void oneAndTwoThreadsGiveTheSameBits() {
    LstmConfig config = LstmConfig.of(30, 130).withNumLayers(2);
    FrozenLstm frozen = new Lstm(config, new Parameters(), new Rng(3)).freeze();
    Rng rng = new Rng(4);
    LstmState alone = randomState(config, 2, rng);
    LstmState split = alone.copy();
    FrozenLstmCache cacheAlone = frozen.newCache(2);
    FrozenLstmCache cacheSplit = frozen.newCache(2);
    for (int t = 0; t < STEPS; t++) {
      Tensor x = TestData.gaussian(rng, 1.0, 1, 2, 30);
      float[] h1 = frozen.step(one, x, alone, cacheAlone).data();
      float[] h2 = frozen.step(two, x, split, cacheSplit).data();
      assertThat(Arrays.equals(h2, h1)).as("t=%d", t).isTrue();
    }
    assertThat(Arrays.equals(split.c().data(), alone.c().data())).isTrue();
  }

  @Test
  void theSnapshotIgnoresLaterParameterUpdates() {
    LstmConfig config = LstmConfig.of(7, 37).withNumLayers(2);
    Parameters params = new Parameters();
    Lstm lstm = new Lstm(config, params, new Rng(5));
    FrozenLstm frozen = lstm.freeze();
    LstmState initial = randomState(config, 1, new Rng(6));
    int[] id = {3};
    LstmState before = initial.copy();
    float[] hBefore = lstm.step(one, id, before, lstm.newCache(1, 1)).data().clone();

    float[] values = params.values();
    for (int i = 0; i < values.length; i++) {
      values[i] += 0.25f;
    }
    LstmState after = initial.copy();
    float[] hAfter = lstm.step(one, id, after, lstm.newCache(1, 1)).data().clone();
    LstmState frozenState = initial.copy();
    float[] hFrozen = frozen.step(one, id, frozenState, frozen.newCache(1)).data();

    assertThat(Arrays.equals(hAfter, hBefore)).as("the update changes the live LSTM").isFalse();
    assertThat(Arrays.equals(hFrozen, hBefore))
        .as("the frozen copy keeps the old weights")
        .isTrue();
    assertThat(Arrays.equals(frozenState.c().data(), before.c().data())).isTrue();
    assertThat(
            Arrays.equals(
                lstm.freeze().step(one, id, initial.copy(), frozen.newCache(1)).data(), hAfter))
        .as("freezing again sees the update")
        .isTrue();
  }

  // ---------------------------------------------------------------------------------------------
  // Bad input

  @Test
  void aBidirectionalLstmCannotBeFrozen() {
    LstmConfig config = LstmConfig.of(3, 4).withBidirectional(true);
    Lstm lstm = new Lstm(config, new Parameters(), new Rng(1));
    assertThatIllegalArgumentException()
        .isThrownBy(lstm::freeze)
        .withMessage(
            "freeze needs a unidirectional LSTM (a frozen LSTM only steps), got"
                + " bidirectional=true; a reverse direction must see the whole sequence, use"
                + " forward");
  }

  @Test
  void badTokenIdsAreRejectedWithTheirIndexAndValue() {
    FrozenLstm frozen = new Lstm(LstmConfig.of(6, 4), new Parameters(), new Rng(1)).freeze();
    FrozenLstmCache cache = frozen.newCache(2);
    LstmState state = LstmState.zeros(frozen.config(), 2);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> frozen.step(one, new int[] {1}, state, cache))
        .withMessage("tokenIds must have length batchSize = 2, got 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> frozen.step(one, new int[] {1, 6}, state, cache))
        .withMessage("tokenIds[1] must be in [0, inputSize=6), got 6");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> frozen.step(one, new int[] {-1, 0}, state, cache))
        .withMessage("tokenIds[0] must be in [0, inputSize=6), got -1");
    assertThat(state.h().data()).containsOnly(0f);
  }

  @Test
  void shapesThatDoNotFitAreRejectedWithBothShapes() {
    LstmConfig config = LstmConfig.of(3, 4).withNumLayers(2);
    FrozenLstm frozen = new Lstm(config, new Parameters(), new Rng(1)).freeze();
    FrozenLstmCache cache = frozen.newCache(2);
    LstmState state = LstmState.zeros(config, 2);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> frozen.step(one, Tensor.zeros(1, 2, 5), state, cache))
        .withMessage("input must have shape (seqLen=1, batchSize=2, inputSize=3), got (1, 2, 5)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> frozen.step(one, Tensor.zeros(2, 2, 3), state, cache))
        .withMessage("input must have shape (seqLen=1, batchSize=2, inputSize=3), got (2, 2, 3)");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> frozen.step(one, Tensor.zeros(1, 2, 3), LstmState.zeros(config, 1), cache))
        .withMessage(
            "state must have shape (numLayers*D=2, batchSize=2, hiddenSize=4), got (2, 1, 4);"
                + " use LstmState.zeros(config, 2)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> frozen.newCache(0))
        .withMessage("batchSize must be > 0, got 0");
  }

  @Test
  void aCacheForAnotherConfigIsRejected() {
    FrozenLstm frozen = new Lstm(LstmConfig.of(3, 4), new Parameters(), new Rng(1)).freeze();
    LstmConfig other = LstmConfig.of(3, 5);
    FrozenLstmCache cache = new Lstm(other, new Parameters(), new Rng(1)).freeze().newCache(1);
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                frozen.step(one, Tensor.zeros(1, 1, 3), LstmState.zeros(frozen.config(), 1), cache))
        .withMessage(
            "cache must be created by newCache of a FrozenLstm with this config, got one for "
                + other);
  }

  @Test
  void nullArgumentsAreNamed() {
    FrozenLstm frozen = new Lstm(LstmConfig.of(3, 4), new Parameters(), new Rng(1)).freeze();
    FrozenLstmCache cache = frozen.newCache(1);
    LstmState state = LstmState.zeros(frozen.config(), 1);
    assertThatNullPointerException()
        .isThrownBy(() -> frozen.step(null, new int[] {0}, state, cache))
        .withMessage("ctx");
    assertThatNullPointerException()
        .isThrownBy(() -> frozen.step(one, (int[]) null, state, cache))
        .withMessage("tokenIds");
    assertThatNullPointerException()
        .isThrownBy(() -> frozen.step(one, new int[] {0}, null, cache))
        .withMessage("state");
    assertThatNullPointerException()
        .isThrownBy(() -> frozen.step(one, new int[] {0}, state, null))
        .withMessage("cache");
  }
}
