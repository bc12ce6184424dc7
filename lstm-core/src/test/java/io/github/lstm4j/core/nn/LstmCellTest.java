package io.github.lstm4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.kernel.CellView;
import io.github.lstm4j.core.kernel.LstmCell;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.TestData;
import java.util.Arrays;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cell values with their provenance, gate-order pins, and the behaviour of the cell
 * at the edges of float arithmetic (saturation, infinities, NaN).
 *
 * <p>Most cases zero every weight so that the gates are set by the bias alone: z = x·W_ihᵀ +
 * h·W_hhᵀ + b = b, whatever the input and the previous hidden state.
 */
class LstmCellTest {
  private static final int INPUT = 2;
  private static final int HIDDEN = 3;
  private static final int BATCH = 2;

  @AutoClose private static final ComputeContext ctx = ComputeContext.singleThreaded();

  /** A one-layer LSTM whose weights and biases are all zero (forget bias 0, not the default 1). */
  private static final class ZeroLstm {
    final Parameters params = new Parameters();
    final Lstm lstm;
    final Param bias;

    ZeroLstm() {
      LstmConfig config = LstmConfig.of(INPUT, HIDDEN).withForgetBias(0);
      lstm = new Lstm(config, params, new Rng(1));
      Arrays.fill(params.values(), 0f);
      bias = params.get("bias_l0");
    }

    /** Sets one gate's whole bias block. */
    void setBias(Gate gate, float value) {
      int from = bias.offset() + gate.blockOffset(HIDDEN);
      Arrays.fill(params.values(), from, from + HIDDEN, value);
    }

    /** An initial state with h_0 = 0.7 (irrelevant: W_hh = 0) and c_0 = the given values. */
    LstmState initialState(float... c0) {
      LstmState state = LstmState.zeros(lstm.config(), BATCH);
      Arrays.fill(state.h().data(), 0.7f);
      for (int i = 0; i < state.c().size(); i++) {
        state.c().data()[i] = c0[i % c0.length];
      }
      return state;
    }

    /** Steps once on random input (irrelevant: W_ih = 0), updating the state. */
    Tensor step(LstmState state, LstmCache cache, Rng rng) {
      return lstm.step(ctx, TestData.gaussian(rng, 3.0, 1, BATCH, INPUT), state, cache);
    }
  }

  /** Every element equals {@code expected} to within two float ulps (float32 has 24 bits). */
  private static void assertEvery(String what, float[] actual, double expected) {
    for (int k = 0; k < actual.length; k++) {
      assertThat((double) actual[k])
          .as("%s[%d]", what, k)
          .isCloseTo(expected, within(2.0 * Math.ulp((float) expected)));
    }
  }

  @Test
  void gateBlocksFollowPyTorchOrderInputForgetCellOutput() {
    assertThat(Gate.values()).containsExactly(Gate.INPUT, Gate.FORGET, Gate.CELL, Gate.OUTPUT);
    assertThat(Arrays.stream(Gate.values()).mapToInt(g -> g.blockOffset(5)))
        .containsExactly(0, 5, 10, 15);
  }

  @Test
  void zeroWeightsHalveTheCellEachStep() {
    // z = 0 ⇒ i = f = o = σ(0) = ½ and g = tanh(0) = 0, so c_t = ½·c_{t−1} + ½·0 and
    // h_t = ½·tanh(c_t). From c_0 = 1:
    //   c_1 = 0.5,  h_1 = 0.5·tanh(0.5)  = 0.5·0.4621171573 = 0.2310585786
    //   c_2 = 0.25, h_2 = 0.5·tanh(0.25) = 0.5·0.2449186624 = 0.1224593312
    // (tanh values from Python's math.tanh, in double).
    ZeroLstm z = new ZeroLstm();
    LstmState state = z.initialState(1f);
    LstmCache cache = z.lstm.newCache(1, BATCH);
    Rng rng = new Rng(2);

    Tensor h1 = z.step(state, cache, rng);
    assertEvery("h_1", h1.data(), 0.2310585786);
    assertEvery("c_1", state.c().data(), 0.5);

    Tensor h2 = z.step(state, cache, rng);
    assertEvery("h_2", h2.data(), 0.1224593312);
    assertEvery("c_2", state.c().data(), 0.25);
    assertEvery("state h", state.h().data(), 0.1224593312);
  }

  @Test
  void zeroWeightsGiveTheSameGoldenValuesOverAWholeSequence() {
    ZeroLstm z = new ZeroLstm();
    LstmCache cache = z.lstm.newTrainingCache(2, BATCH, new Rng(3));
    Tensor x = TestData.gaussian(new Rng(4), 3.0, 2, BATCH, INPUT);
    Tensor out = z.lstm.forward(ctx, x, z.initialState(1f), cache);
    int half = BATCH * HIDDEN;
    assertEvery("h_1", Arrays.copyOfRange(out.data(), 0, half), 0.2310585786);
    assertEvery("h_2", Arrays.copyOfRange(out.data(), half, 2 * half), 0.1224593312);
    assertEvery("c_2", cache.finalState().c().data(), 0.25);
  }

  @Test
  void closedOutputGateHidesTheCellWhileItKeepsEvolving() {
    // Only the OUTPUT block at −20: o = σ(−20) = 2.06e-9, so h = o·tanh(c) < 3e-9. With the CELL
    // block at 1 the cell still moves: c_t = ½·c_{t−1} + ½·tanh(1), tanh(1) = 0.7615941560:
    //   c_1 = ½·1 + 0.3807970780 = 0.8807970780,  c_2 = ½·c_1 + 0.3807970780 = 0.8211956170.
    ZeroLstm z = new ZeroLstm();
    z.setBias(Gate.OUTPUT, -20f);
    z.setBias(Gate.CELL, 1f);
    LstmState state = z.initialState(1f);
    LstmCache cache = z.lstm.newCache(1, BATCH);
    Rng rng = new Rng(5);

    Tensor h1 = z.step(state, cache, rng);
    for (float h : h1.data()) {
      assertThat(h).isBetween(0f, 3e-9f);
    }
    assertEvery("c_1", state.c().data(), 0.8807970780);

    Tensor h2 = z.step(state, cache, rng);
    for (float h : h2.data()) {
      assertThat(h).isBetween(0f, 3e-9f);
    }
    assertEvery("c_2", state.c().data(), 0.8211956170);
  }

  @Test
  void openForgetGateAndClosedInputGateKeepTheCell() {
    // FORGET at +20 and INPUT at −20: f = 1 − 2.06e-9 and i = 2.06e-9, so c_t = c_{t−1} to float
    // precision even though the candidate g = tanh(1) = 0.76 would otherwise enter the cell.
    // o = σ(0) = ½, so h = ½·tanh(c_0) every step.
    ZeroLstm z = new ZeroLstm();
    z.setBias(Gate.FORGET, 20f);
    z.setBias(Gate.INPUT, -20f);
    z.setBias(Gate.CELL, 1f);
    float[] c0 = {1f, -0.5f, 2f};
    LstmState state = z.initialState(c0);
    float[] initialC = state.c().data().clone();
    LstmCache cache = z.lstm.newCache(1, BATCH);
    Rng rng = new Rng(6);
    for (int t = 0; t < 5; t++) {
      Tensor h = z.step(state, cache, rng);
      assertThat(state.c().data()).containsExactly(initialC, within(1e-7f));
      for (int k = 0; k < h.size(); k++) {
        assertThat(h.data()[k]).isCloseTo((float) (0.5 * Math.tanh(initialC[k])), within(1e-7f));
      }
    }
  }

  @Test
  void hugeAndInfinitePreActivationsGiveFiniteBoundedOutputs() {
    float[] extremes = {1e4f, -1e4f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    float[] previous = {-3f, 0f, 3f};
    int h = 1;
    // Every combination of extremes over the four gates, for each previous cell value.
    for (int combo = 0; combo < 256; combo++) {
      for (float cPrev : previous) {
        float[] gates = new float[4];
        for (Gate gate : Gate.values()) {
          gates[gate.blockOffset(h)] = extremes[(combo >> (2 * gate.ordinal())) & 3];
        }
        float[] z = gates.clone();
        float[] c = {cPrev, Float.NaN};
        float[] tanhC = {Float.NaN};
        float[] hidden = {Float.NaN};
        CellView view = new CellView(h, h).state(c, 0, c, 1, tanhC, hidden, 0).gates(gates);
        LstmCell.forward(view, 0, 1);
        String what = "z=" + Arrays.toString(z) + " c_prev=" + cPrev;
        assertThat(hidden[0]).as(what).isBetween(-1f, 1f);
        assertThat(tanhC[0]).as(what).isBetween(-1f, 1f);
        assertThat(c[1]).as(what).isBetween(-Math.abs(cPrev) - 1f, Math.abs(cPrev) + 1f);
        for (float activation : gates) {
          assertThat(activation).as(what).isBetween(-1f, 1f);
        }

        // The saturated derivatives are exactly zero, never NaN.
        float[] dH = {1f};
        float[] dC = {1f};
        float[] dGates = new float[4];
        LstmCell.backward(view.gradients(dGates, dH, dC), 0, 1);
        assertThat(dC[0]).as(what).isFinite();
        for (float d : dGates) {
          assertThat(d).as(what).isFinite();
        }
      }
    }
  }

  @Test
  void saturatedGatesGiveTheirLimits() {
    // z_i = z_f = z_o = +∞ ⇒ σ = 1; z_g = −∞ ⇒ tanh = −1: c = 1·c_prev + 1·(−1), h = tanh(c).
    float inf = Float.POSITIVE_INFINITY;
    float[] gates = {inf, inf, -inf, inf};
    float[] c = {0.5f, 0f};
    float[] tanhC = new float[1];
    float[] hidden = new float[1];
    LstmCell.forward(new CellView(1, 1).state(c, 0, c, 1, tanhC, hidden, 0).gates(gates), 0, 1);
    assertThat(gates).containsExactly(1f, 1f, -1f, 1f);
    assertThat(c[1]).isEqualTo(-0.5f);
    assertThat(hidden[0]).isCloseTo((float) Math.tanh(-0.5), within(1e-7f));
  }

  @Test
  void nanPreActivationPropagatesToTheOutput() {
    for (Gate gate : Gate.values()) {
      float[] gates = {0.1f, 0.2f, 0.3f, 0.4f};
      gates[gate.blockOffset(1)] = Float.NaN;
      float[] c = {0.5f, 0f};
      float[] tanhC = new float[1];
      float[] hidden = new float[1];
      LstmCell.forward(new CellView(1, 1).state(c, 0, c, 1, tanhC, hidden, 0).gates(gates), 0, 1);
      assertThat(hidden[0]).as(gate.name()).isNaN();
    }
  }

  @Test
  void aNonFiniteInputIsRefusedWithItsPositionBeforeAnythingRuns() {
    Parameters params = new Parameters();
    Lstm lstm = new Lstm(LstmConfig.of(INPUT, HIDDEN).withNumLayers(2), params, new Rng(7));
    Tensor x = TestData.gaussian(new Rng(8), 1.0, 3, BATCH, INPUT);
    x.data()[(2 * BATCH + 1) * INPUT + 1] = Float.NaN; // t = 2, b = 1, i = 1
    LstmCache cache = lstm.newCache(3, BATCH);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.forward(ctx, x, cache))
        .withMessage("input must be finite, got NaN at (t=2, b=1, i=1)");
    x.data()[(2 * BATCH + 1) * INPUT + 1] = Float.NEGATIVE_INFINITY;
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lstm.forward(ctx, x, new int[] {3, 3}, cache))
        .withMessageContaining("-Infinity at (t=2, b=1, i=1)");
    // Past a row's length the input is padding, never read, so it may hold anything.
    Tensor out = lstm.forward(ctx, x, new int[] {3, 2}, cache);
    for (float v : out.data()) {
      assertThat(v).isFinite();
    }
  }
}
