package io.github.lstm4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.tensor.Tensor;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input to the LSTM's public boundary fails fast with an exception whose message names the
 * parameter, the rule and the value (IllegalArgumentException), or the call order
 * (IllegalStateException).
 */
class LstmArgumentsTest {
  @AutoClose private static final ComputeContext ctx = ComputeContext.singleThreaded();

  private static Lstm lstm(LstmConfig config) {
    return new Lstm(config, new Parameters(), new Rng(1));
  }

  // ---------------------------------------------------------------------------------------------
  // Config

  @Test
  void configRejectsNonPositiveSizes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LstmConfig.of(3, 0))
        .withMessage("hiddenSize must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LstmConfig.of(-1, 4))
        .withMessage("inputSize must be > 0, got -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LstmConfig.of(3, 4).withNumLayers(0))
        .withMessage("numLayers must be > 0, got 0");
  }

  @ParameterizedTest(name = "dropout {0}")
  @CsvSource({"1.0, 1.0", "-0.1, -0.1", "NaN, NaN", "Infinity, Infinity"})
  void configRejectsDropoutOutsideZeroToOne(double dropout, String shown) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LstmConfig.of(3, 4).withDropout(dropout))
        .withMessage("dropout must be in [0.0, 1.0), got " + shown);
  }

  @Test
  void configRejectsANonFiniteForgetBiasAndMissingInitialisers() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LstmConfig.of(3, 4).withForgetBias(Double.NaN))
        .withMessage("forgetBias must be finite, got NaN");
    assertThatNullPointerException()
        .isThrownBy(() -> LstmConfig.of(3, 4).withInit(null, Init.ORTHOGONAL))
        .withMessage("inputInit");
  }

  @Test
  void configRejectsSizesWhoseWeightCountOverflowsAnInt() {
    // 4·1·(2^31 − 1 + 1 + 1) overflows if the sum is taken in int; it must be caught all the same.
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LstmConfig.of(Integer.MAX_VALUE, 1))
        .withMessage(
            "inputSize and hiddenSize must give fewer than 2^31 weights per layer, got inputSize"
                + " 2147483647, hiddenSize 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LstmConfig.of(1, 30_000))
        .withMessage(
            "inputSize and hiddenSize must give fewer than 2^31 weights per layer, got inputSize"
                + " 1, hiddenSize 30000");
  }

  // ---------------------------------------------------------------------------------------------
  // Caches

  @Test
  void cachesRejectNonPositiveShapes() {
    Lstm lstm = lstm(LstmConfig.of(3, 4));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.newCache(0, 2))
        .withMessage("seqLen must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.newTrainingCache(5, -1, new Rng(1)))
        .withMessage("batchSize must be > 0, got -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LstmState.zeros(lstm.config(), 0))
        .withMessage("batchSize must be > 0, got 0");
  }

  @Test
  void cacheOfAnotherConfigIsRejected() {
    Lstm small = lstm(LstmConfig.of(3, 4));
    Lstm large = lstm(LstmConfig.of(3, 5));
    LstmCache cache = large.newCache(2, 1);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> small.forward(ctx, Tensor.zeros(2, 1, 3), cache))
        .withMessage(
            "cache must be created by this Lstm's newCache or newTrainingCache, got one for"
                + " LstmConfig[inputSize=3, hiddenSize=5, numLayers=1, bidirectional=false,"
                + " dropout=0.0, forgetBias=1.0, inputInit=PYTORCH_DEFAULT,"
                + " recurrentInit=PYTORCH_DEFAULT]");
  }

  // ---------------------------------------------------------------------------------------------
  // Forward

  @Test
  void denseInputOfTheWrongShapeIsRejectedNamingBothShapes() {
    Lstm lstm = lstm(LstmConfig.of(3, 4));
    LstmCache cache = lstm.newCache(5, 2);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.forward(ctx, Tensor.zeros(5, 2, 4), cache))
        .withMessage("input must have shape (seqLen=5, batchSize=2, inputSize=3), got (5, 2, 4)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.forward(ctx, Tensor.zeros(5, 3, 3), cache))
        .withMessage("input must have shape (seqLen=5, batchSize=2, inputSize=3), got (5, 3, 3)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.forward(ctx, Tensor.zeros(10, 3), cache))
        .withMessage("input must have shape (seqLen=5, batchSize=2, inputSize=3), got (10, 3)");
  }

  @Test
  void tokenIdsOutOfRangeAreRejectedWithTheirIndex() {
    Lstm lstm = lstm(LstmConfig.of(5, 4));
    LstmCache cache = lstm.newCache(2, 2);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.forward(ctx, new int[] {0, 4, 1, 5}, cache))
        .withMessage("tokenIds[3] must be in [0, inputSize=5), got 5");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.forward(ctx, new int[] {0, -1, 1, 2}, cache))
        .withMessage("tokenIds[1] must be in [0, inputSize=5), got -1");
  }

  @Test
  void aWrongNumberOfTokenIdsIsRejected() {
    Lstm lstm = lstm(LstmConfig.of(5, 4));
    LstmCache cache = lstm.newCache(4, 2);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.forward(ctx, new int[7], cache))
        .withMessage("tokenIds must have length seqLen*batchSize = 4*2 = 8, got 7");
  }

  @Test
  void initialStateForAnotherBatchSizeIsRejectedWithAHint() {
    LstmConfig config = LstmConfig.of(3, 4).withNumLayers(2).withBidirectional(true);
    Lstm lstm = lstm(config);
    LstmCache cache = lstm.newCache(5, 2);
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> lstm.forward(ctx, Tensor.zeros(5, 2, 3), LstmState.zeros(config, 3), cache))
        .withMessage(
            "initial must have shape (numLayers*D=4, batchSize=2, hiddenSize=4), got (4, 3, 4);"
                + " use LstmState.zeros(config, 2)");
  }

  @Test
  void initialStateForAnotherModelIsRejectedWithoutTheBatchHint() {
    Lstm lstm = lstm(LstmConfig.of(3, 4));
    LstmState other = LstmState.zeros(LstmConfig.of(3, 6), 2);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.forward(ctx, new int[] {0, 1, 2, 0}, other, lstm.newCache(2, 2)))
        .withMessage(
            "initial must have shape (numLayers*D=1, batchSize=2, hiddenSize=4), got (1, 2, 6)");
  }

  @Test
  void nullArgumentsAreNamed() {
    Lstm lstm = lstm(LstmConfig.of(3, 4));
    LstmCache cache = lstm.newCache(1, 1);
    assertThatNullPointerException()
        .isThrownBy(() -> lstm.forward(ctx, (Tensor) null, cache))
        .withMessage("input");
    assertThatNullPointerException()
        .isThrownBy(() -> lstm.forward(ctx, (int[]) null, cache))
        .withMessage("tokenIds");
    assertThatNullPointerException()
        .isThrownBy(() -> lstm.forward(ctx, Tensor.zeros(1, 1, 3), null))
        .withMessage("cache");
    assertThatNullPointerException()
        .isThrownBy(() -> lstm.forward(null, Tensor.zeros(1, 1, 3), cache))
        .withMessage("ctx");
  }

  // ---------------------------------------------------------------------------------------------
  // Step

  @Test
  void stepOnABidirectionalLstmIsRejected() {
    Lstm lstm = lstm(LstmConfig.of(3, 4).withBidirectional(true));
    LstmState state = LstmState.zeros(lstm.config(), 1);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.step(ctx, new int[] {0}, state, lstm.newCache(1, 1)))
        .withMessage(
            "step needs a unidirectional LSTM, got bidirectional=true; a reverse direction must"
                + " see the whole sequence, use forward");
  }

  @Test
  void stepNeedsACacheOfOneTimeStep() {
    Lstm lstm = lstm(LstmConfig.of(3, 4));
    LstmState state = LstmState.zeros(lstm.config(), 1);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.step(ctx, Tensor.zeros(1, 1, 3), state, lstm.newCache(2, 1)))
        .withMessage("cache must have seqLen 1 for step, got seqLen 2");
  }

  // ---------------------------------------------------------------------------------------------
  // Backward

  @Test
  void backwardBeforeForwardIsAnIllegalState() {
    Lstm lstm = lstm(LstmConfig.of(3, 4));
    LstmCache cache = lstm.newTrainingCache(2, 1, new Rng(1));
    assertThatIllegalStateException()
        .isThrownBy(() -> lstm.backward(ctx, Tensor.zeros(2, 1, 4), cache))
        .withMessage("backward called before forward on this cache");
  }

  @Test
  void backwardOnAnInferenceCacheIsAnIllegalState() {
    Lstm lstm = lstm(LstmConfig.of(3, 4));
    LstmCache cache = lstm.newCache(2, 1);
    lstm.forward(ctx, Tensor.zeros(2, 1, 3), cache);
    assertThatIllegalStateException()
        .isThrownBy(() -> lstm.backward(ctx, Tensor.zeros(2, 1, 4), cache))
        .withMessage("backward needs a training cache; create it with Lstm.newTrainingCache");
    assertThatIllegalStateException()
        .isThrownBy(cache::inputGradient)
        .withMessage("inputGradient needs a training cache; create it with Lstm.newTrainingCache");
  }

  @Test
  void aCacheWithoutInputGradientValidatesItsSizesAndHasNoInputGradient() {
    Lstm lstm = lstm(LstmConfig.of(3, 4));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.newTrainingCacheWithoutInputGradient(0, 1, new Rng(1)))
        .withMessage("seqLen must be > 0, got 0");
    assertThatNullPointerException()
        .isThrownBy(() -> lstm.newTrainingCacheWithoutInputGradient(2, 1, null))
        .withMessage("dropoutRng");
    LstmCache cache = lstm.newTrainingCacheWithoutInputGradient(2, 1, new Rng(1));
    assertThat(cache.isTraining()).isTrue();
    lstm.forward(ctx, Tensor.zeros(2, 1, 3), cache);
    lstm.backward(ctx, Tensor.zeros(2, 1, 4), cache);
    assertThatIllegalStateException()
        .isThrownBy(cache::inputGradient)
        .withMessage(
            "inputGradient is not computed by a cache from"
                + " Lstm.newTrainingCacheWithoutInputGradient; create it with"
                + " Lstm.newTrainingCache");
  }

  @Test
  void backwardRejectsAGradientOfTheWrongShape() {
    Lstm lstm = lstm(LstmConfig.of(3, 4).withBidirectional(true));
    LstmCache cache = lstm.newTrainingCache(2, 1, new Rng(1));
    lstm.forward(ctx, Tensor.zeros(2, 1, 3), cache);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.backward(ctx, Tensor.zeros(2, 1, 4), cache))
        .withMessage(
            "dOutput must have shape (seqLen=2, batchSize=1, D*hiddenSize=8), got (2, 1, 4)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.backward(ctx, LstmState.zeros(LstmConfig.of(3, 4), 1), cache))
        .withMessage(
            "dFinalState must have shape (numLayers*D=2, batchSize=1, hiddenSize=4), got (1, 1,"
                + " 4)");
  }

  @Test
  void resultsAreUnavailableBeforeForwardAndInputGradientForTokenIds() {
    Lstm lstm = lstm(LstmConfig.of(3, 4));
    LstmCache cache = lstm.newTrainingCache(1, 1, new Rng(1));
    assertThatIllegalStateException()
        .isThrownBy(cache::output)
        .withMessage("output is only available after forward");
    assertThatIllegalStateException()
        .isThrownBy(cache::finalState)
        .withMessage("finalState is only available after forward");
    lstm.forward(ctx, new int[] {2}, cache);
    lstm.backward(ctx, Tensor.zeros(1, 1, 4), cache);
    assertThatIllegalStateException()
        .isThrownBy(cache::inputGradient)
        .withMessage("inputGradient is not defined for token-id input");
  }
}
