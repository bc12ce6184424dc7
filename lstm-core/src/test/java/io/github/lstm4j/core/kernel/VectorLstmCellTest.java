package io.github.lstm4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Vector API back end's cell (its activations forward, its row loop backward) gives the plain
 * back end's bits, whole vectors and tails alike, and touches only the rows it is given. Skipped,
 * by name, where the vector back end cannot run (see {@link VectorBackendUnderTest}).
 */
class VectorLstmCellTest {
  private static float[] random(SplittableRandom random, int count, double low, double high) {
    float[] x = new float[count];
    for (int i = 0; i < count; i++) {
      x[i] = (float) (low + (high - low) * random.nextDouble());
    }
    return x;
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "3, 8", "2, 13", "4, 32", "5, 37"})
  void vectorBackwardGivesThePlainLoopsBits(int batch, int hidden) {
    KernelBackend vector = VectorBackendUnderTest.orSkip();
    SplittableRandom random = new SplittableRandom(31L * batch + hidden);
    // The step starts at row 1 of its buffers (as every step after the first does), and c_prev
    // starts at an odd offset: no buffer of the step starts at 0.
    int rows = 1 + batch;
    float[] gates = random(random, rows * 4 * hidden, 0.0, 1.0);
    float[] c = random(random, 3 + rows * hidden, -2.0, 2.0);
    float[] tanhC = random(random, rows * hidden, -1.0, 1.0);
    float[] dH = random(random, batch * hidden, -1.0, 1.0);
    float[] dC = random(random, batch * hidden, -1.0, 1.0);
    float[] dGates = random(random, rows * 4 * hidden, -1.0, 1.0);
    float[] dCPlain = dC.clone();
    float[] dGatesPlain = dGates.clone();
    float[] dGatesBefore = dGates.clone();
    // rows [1, batch) of the step only: its row 0 of the outputs must stay as it was
    int b0 = batch > 1 ? 1 : 0;

    LstmCell.backward(vector, backwardView(hidden, gates, c, tanhC, dH, dC, dGates), b0, batch);
    LstmCell.backward(
        KernelSelection.PLAIN,
        backwardView(hidden, gates, c, tanhC, dH, dCPlain, dGatesPlain),
        b0,
        batch);

    assertThat(dC).isEqualTo(dCPlain);
    assertThat(dGates).isEqualTo(dGatesPlain);
    for (int j = 0; j < (1 + b0) * 4 * hidden; j++) {
      assertThat(dGates[j]).as("dGates[%d], before the rows", j).isEqualTo(dGatesBefore[j]);
    }
  }

  /** A view of a step that starts at row 1, c_prev read 3 floats into its buffer. */
  private static CellView backwardView(
      int hidden, float[] gates, float[] c, float[] tanhC, float[] dH, float[] dC, float[] dGates) {
    CellView view =
        new CellView(hidden, hidden)
            .state(c, 3, new float[0], 0, tanhC, new float[0], 0)
            .gates(gates)
            .gradients(dGates, dH, dC);
    view.seek(1);
    return view;
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "3, 8", "2, 13", "4, 32", "5, 37"})
  void vectorForwardGivesThePlainLoopsBits(int batch, int hidden) {
    KernelBackend vector = VectorBackendUnderTest.orSkip();
    SplittableRandom random = new SplittableRandom(17L * batch + hidden);
    float[] z = random(random, batch * 4 * hidden, -6.0, 6.0);
    float[] cPrev = random(random, batch * hidden, -2.0, 2.0);
    float[][] outputs = new float[2][];
    KernelBackend[] backends = {vector, KernelSelection.PLAIN};
    for (int run = 0; run < 2; run++) {
      float[] gates = z.clone();
      float[] c = new float[batch * hidden];
      float[] tanhC = new float[batch * hidden];
      float[] h = new float[batch * hidden];
      CellView view = new CellView(hidden, hidden).state(cPrev, 0, c, 0, tanhC, h, 0).gates(gates);
      LstmCell.forward(backends[run], view, 0, batch);
      outputs[run] = concat(gates, c, tanhC, h);
    }
    assertThat(outputs[0]).isEqualTo(outputs[1]);
  }

  private static float[] concat(float[]... parts) {
    int size = 0;
    for (float[] part : parts) {
      size += part.length;
    }
    float[] all = new float[size];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
