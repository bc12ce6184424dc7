package io.github.lstm4j.core.nn;

import static io.github.lstm4j.core.testing.Closeness.assertFloatMatchesReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.Closeness;
import io.github.lstm4j.core.testing.ReferenceLstm;
import io.github.lstm4j.core.testing.TestData;
import java.util.Arrays;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sequences of different lengths, with PyTorch's packed-sequence semantics: against the double
 * reference (outputs, final states, every gradient), row by row against batch 1, bit for bit
 * against the dense path when every length is T, and bit for bit across thread counts.
 */
class LstmLengthsTest {
  @AutoClose private static final ComputeContext ctx = ComputeContext.of(2);

  /** The padded input of {@code c} with NaN at every step past a row's length. */
  private static Tensor paddedWithNaN(LstmCase c, int[] lengths) {
    Tensor padded = Tensor.zeros(c.seqLen, c.batch, c.config.inputSize());
    System.arraycopy(c.x.data(), 0, padded.data(), 0, c.x.size());
    int width = c.config.inputSize();
    for (int t = 0; t < c.seqLen; t++) {
      for (int b = 0; b < c.batch; b++) {
        if (t >= lengths[b]) {
          Arrays.fill(padded.data(), (t * c.batch + b) * width, (t * c.batch + b + 1) * width, NAN);
        }
      }
    }
    return padded;
  }

  private static final float NAN = Float.NaN;

  @ParameterizedTest(name = "layers={0} bidirectional={1} T={2} lengths={3}")
  @CsvSource({
    "1, false, 5, 3 5 1",
    "2, false, 5, 1 5 2 4",
    "1, true, 6, 2 6 1",
    "2, true, 5, 4 1 5 3 2",
    "2, true, 4, 2 2 2",
    "3, true, 7, 7 3 1 6"
  })
  void floatLstmMatchesDoubleReferenceInOutputsAndEveryGradient(
      int layers, boolean bidirectional, int seqLen, String lengthList) {
    int[] lengths = parse(lengthList);
    LstmConfig config = LstmConfig.of(4, 5).withNumLayers(layers).withBidirectional(bidirectional);
    LstmCase c = new LstmCase(config, seqLen, lengths.length, 300 + layers);
    LstmCache cache = c.lstm.newTrainingCache(seqLen, lengths.length, new Rng(5));
    Tensor out = c.lstm.forward(ctx, paddedWithNaN(c, lengths), lengths, c.initial, cache);
    c.params.zeroGrad();
    c.lstm.backward(ctx, c.dOutput, c.dFinal, cache);

    ReferenceLstm.Forward f = c.referenceForward(c.x, null, lengths);
    ReferenceLstm.Backward g = c.referenceBackward(f);

    assertFloatMatchesReference("output", out.data(), f.outputFlat());
    assertFloatMatchesReference("h_n", cache.finalState().h().data(), f.hNFlat());
    assertFloatMatchesReference("c_n", cache.finalState().c().data(), f.cNFlat());
    for (Param p : c.params.list()) {
      assertFloatMatchesReference(
          "grad " + p.name(), c.params.gradOf(p).data(), g.weights.get(p.name()));
    }
    assertFloatMatchesReference(
        "grad input", cache.inputGradient().data(), ReferenceLstm.flatten(g.input));
    assertFloatMatchesReference(
        "grad h0", cache.initialStateGradient().h().data(), ReferenceLstm.flatten(g.h0));
    assertFloatMatchesReference(
        "grad c0", cache.initialStateGradient().c().data(), ReferenceLstm.flatten(g.c0));
    assertPaddingIsZero(out.data(), lengths, config.outputSize());
    assertPaddingIsZero(cache.inputGradient().data(), lengths, config.inputSize());
  }

  @ParameterizedTest(name = "bidirectional={0}")
  @CsvSource({"false", "true"})
  void tokenIdsWithLengthsMatchTheirOneHotRows(boolean bidirectional) {
    int vocab = 9;
    int[] lengths = {2, 5, 1, 4};
    LstmConfig config = LstmConfig.of(vocab, 6).withNumLayers(2).withBidirectional(bidirectional);
    LstmCase c = new LstmCase(config, 5, lengths.length, 21);
    int[] ids = TestData.ids(new Rng(4), 5 * lengths.length, vocab);
    Tensor oneHot = Tensor.zeros(5, lengths.length, vocab);
    for (int r = 0; r < ids.length; r++) {
      oneHot.data()[r * vocab + ids[r]] = 1f;
    }
    for (int t = 0; t < 5; t++) {
      for (int b = 0; b < lengths.length; b++) {
        if (t >= lengths[b]) {
          ids[t * lengths.length + b] = -1; // padding ids are never read
        }
      }
    }
    LstmCache cache = c.lstm.newTrainingCache(5, lengths.length, new Rng(5));
    Tensor out = c.lstm.forward(ctx, ids, lengths, c.initial, cache);
    c.params.zeroGrad();
    c.lstm.backward(ctx, c.dOutput, c.dFinal, cache);

    ReferenceLstm.Forward f = c.referenceForward(oneHot, null, lengths);
    ReferenceLstm.Backward g = c.referenceBackward(f);
    assertFloatMatchesReference("output", out.data(), f.outputFlat());
    assertFloatMatchesReference("h_n", cache.finalState().h().data(), f.hNFlat());
    for (Param p : c.params.list()) {
      assertFloatMatchesReference(
          "grad " + p.name(), c.params.gradOf(p).data(), g.weights.get(p.name()));
    }
  }

  @ParameterizedTest(name = "bidirectional={0}")
  @CsvSource({"false", "true"})
  void eachRowRunAloneEqualsItsRowInThePaddedBatch(boolean bidirectional) {
    int[] lengths = {3, 7, 1, 5, 7, 2};
    int seqLen = 7;
    LstmConfig config = LstmConfig.of(3, 6).withNumLayers(2).withBidirectional(bidirectional);
    LstmCase c = new LstmCase(config, seqLen, lengths.length, 41);
    LstmCache cache = c.lstm.newTrainingCache(seqLen, lengths.length, new Rng(5));
    Tensor out = c.lstm.forward(ctx, paddedWithNaN(c, lengths), lengths, c.initial, cache);
    c.params.zeroGrad();
    c.lstm.backward(ctx, c.dOutput, c.dFinal, cache);
    float[] batchGrads = c.params.grads().clone();
    float[] rowGradSum = new float[batchGrads.length];

    int batch = lengths.length;
    int slots = config.numLayers() * config.numDirections();
    int hiddenSize = config.hiddenSize();
    int width = config.outputSize();
    for (int b = 0; b < batch; b++) {
      int len = lengths[b];
      Tensor x = Tensor.zeros(len, 1, config.inputSize());
      Tensor dOut = Tensor.zeros(len, 1, width);
      for (int t = 0; t < len; t++) {
        copyRow(c.x.data(), t * batch + b, x.data(), t, config.inputSize());
        copyRow(c.dOutput.data(), t * batch + b, dOut.data(), t, width);
      }
      LstmState initial = stateRow(c.initial, b, batch, slots, hiddenSize);
      LstmState dFinal = stateRow(c.dFinal, b, batch, slots, hiddenSize);
      LstmCache alone = c.lstm.newTrainingCache(len, 1, new Rng(5));
      Tensor rowOut = c.lstm.forward(ctx, x, initial, alone);
      c.params.zeroGrad();
      c.lstm.backward(ctx, dOut, dFinal, alone);
      for (int i = 0; i < rowGradSum.length; i++) {
        rowGradSum[i] += c.params.grads()[i];
      }
      for (int t = 0; t < len; t++) {
        assertRowClose(
            "output row " + b + " t=" + t, out.data(), t * batch + b, rowOut.data(), t, width);
        assertRowClose(
            "grad input row " + b + " t=" + t,
            cache.inputGradient().data(),
            t * batch + b,
            alone.inputGradient().data(),
            t,
            config.inputSize());
      }
      for (int s = 0; s < slots; s++) {
        int rowIndex = s * batch + b;
        assertRowClose(
            "h_n",
            cache.finalState().h().data(),
            rowIndex,
            alone.finalState().h().data(),
            s,
            hiddenSize);
        assertRowClose(
            "c_n",
            cache.finalState().c().data(),
            rowIndex,
            alone.finalState().c().data(),
            s,
            hiddenSize);
        assertRowClose(
            "grad h0",
            cache.initialStateGradient().h().data(),
            rowIndex,
            alone.initialStateGradient().h().data(),
            s,
            hiddenSize);
      }
    }
    Closeness.assertClose(
        "batch gradient = Σ of the rows' gradients",
        batchGrads,
        TestData.toDouble(rowGradSum),
        1e-4,
        1e-5);
  }

  @ParameterizedTest(name = "tokens={0}")
  @CsvSource({"false", "true"})
  void lengthsThatAllEqualTGiveTheBitsOfTheDensePath(boolean tokens) {
    int seqLen = 6;
    int batch = 40; // B·H ≥ the cell's parallel threshold, so the threaded paths run too
    LstmConfig config = LstmConfig.of(tokens ? 11 : 5, 32).withNumLayers(2).withBidirectional(true);
    int[] full = new int[batch];
    Arrays.fill(full, seqLen);
    LstmCase c = new LstmCase(config, seqLen, full.length, 9);
    int[] ids = TestData.ids(new Rng(3), seqLen * batch, config.inputSize());

    LstmCache dense = c.lstm.newTrainingCache(seqLen, batch, new Rng(5));
    Tensor a =
        tokens
            ? c.lstm.forward(ctx, ids, c.initial, dense)
            : c.lstm.forward(ctx, c.x, c.initial, dense);
    float[] outDense = a.data().clone();
    c.params.zeroGrad();
    c.lstm.backward(ctx, c.dOutput, c.dFinal, dense);
    float[] gradDense = c.params.grads().clone();

    LstmCache packed = c.lstm.newTrainingCache(seqLen, batch, new Rng(5));
    Tensor b =
        tokens
            ? c.lstm.forward(ctx, ids, full, c.initial, packed)
            : c.lstm.forward(ctx, c.x, full, c.initial, packed);
    c.params.zeroGrad();
    c.lstm.backward(ctx, c.dOutput, c.dFinal, packed);

    assertThat(Arrays.equals(b.data(), outDense)).as("output bits").isTrue();
    assertThat(Arrays.equals(c.params.grads(), gradDense)).as("gradient bits").isTrue();
    assertThat(Arrays.equals(packed.finalState().h().data(), dense.finalState().h().data()))
        .isTrue();
  }

  @Test
  void oneTwoAndThreeThreadsGiveBitIdenticalResults() {
    int seqLen = 9;
    int[] lengths = new int[48];
    Rng rng = new Rng(17);
    for (int b = 0; b < lengths.length; b++) {
      lengths[b] = 1 + rng.nextInt(seqLen);
    }
    LstmConfig config = LstmConfig.of(7, 40).withNumLayers(2).withBidirectional(true);
    float[][] grads = new float[3][];
    float[][] outputs = new float[3][];
    for (int threads = 1; threads <= 3; threads++) {
      LstmCase c = new LstmCase(config, seqLen, lengths.length, 23);
      try (ComputeContext pool = ComputeContext.of(threads)) {
        LstmCache cache = c.lstm.newTrainingCache(seqLen, lengths.length, new Rng(5));
        outputs[threads - 1] = c.lstm.forward(pool, c.x, lengths, cache).data().clone();
        c.params.zeroGrad();
        c.lstm.backward(pool, c.dOutput, cache);
        grads[threads - 1] = c.params.grads().clone();
      }
    }
    for (int i = 1; i < 3; i++) {
      assertThat(Arrays.equals(outputs[i], outputs[0])).as("output, %d threads", i + 1).isTrue();
      assertThat(Arrays.equals(grads[i], grads[0])).as("gradients, %d threads", i + 1).isTrue();
    }
  }

  @Test
  void badLengthsAreRefusedNamingTheRowAndTheValue() {
    LstmConfig config = LstmConfig.of(3, 4);
    Lstm lstm = new Lstm(config, new Parameters(), new Rng(1));
    LstmCache cache = lstm.newCache(5, 3);
    Tensor x = Tensor.zeros(5, 3, 3);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.forward(ctx, x, new int[] {5, 0, 2}, cache))
        .withMessage("lengths[1] must be in [1, seqLen=5], got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.forward(ctx, x, new int[] {5, 6, 2}, cache))
        .withMessage("lengths[1] must be in [1, seqLen=5], got 6");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.forward(ctx, x, new int[] {5, 2}, cache))
        .withMessage("lengths must have one entry per batch row, batchSize = 3, got 2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.forward(ctx, new int[15], new int[] {5, 2, 9}, cache))
        .withMessage("lengths[2] must be in [1, seqLen=5], got 9");
  }

  @Test
  void aCacheRunWithLengthsThenWithoutThemRunsTheFullBatchAgain() {
    LstmConfig config = LstmConfig.of(3, 4).withBidirectional(true);
    Lstm lstm = new Lstm(config, new Parameters(), new Rng(1));
    Tensor x = TestData.gaussian(new Rng(2), 1.0, 4, 2, 3);
    LstmCache cache = lstm.newCache(4, 2);
    float[] before = lstm.forward(ctx, x, cache).data().clone();
    lstm.forward(ctx, x, new int[] {1, 3}, cache);
    assertThat(Arrays.equals(lstm.forward(ctx, x, cache).data(), before)).isTrue();
  }

  private static void assertPaddingIsZero(float[] values, int[] lengths, int width) {
    int batch = lengths.length;
    for (int r = 0; r < values.length / width; r++) {
      int t = r / batch;
      int b = r % batch;
      if (t >= lengths[b]) {
        for (int j = 0; j < width; j++) {
          assertThat(values[r * width + j]).as("padded (t=%d, b=%d)", t, b).isZero();
        }
      }
    }
  }

  private static void assertRowClose(
      String what, float[] batchValues, int batchRow, float[] rowValues, int row, int width) {
    float[] expected = Arrays.copyOfRange(rowValues, row * width, (row + 1) * width);
    float[] actual = Arrays.copyOfRange(batchValues, batchRow * width, (batchRow + 1) * width);
    Closeness.assertClose(what, actual, TestData.toDouble(expected), 1e-5, 1e-6);
  }

  private static void copyRow(float[] src, int srcRow, float[] dst, int dstRow, int width) {
    System.arraycopy(src, srcRow * width, dst, dstRow * width, width);
  }

  private static LstmState stateRow(LstmState state, int b, int batch, int slots, int hidden) {
    LstmState row = new LstmState(Tensor.zeros(slots, 1, hidden), Tensor.zeros(slots, 1, hidden));
    for (int s = 0; s < slots; s++) {
      copyRow(state.h().data(), s * batch + b, row.h().data(), s, hidden);
      copyRow(state.c().data(), s * batch + b, row.c().data(), s, hidden);
    }
    return row;
  }

  private static int[] parse(String list) {
    return Arrays.stream(list.split(" ")).mapToInt(Integer::parseInt).toArray();
  }
}
