package io.github.lstm4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link BackwardGateLoop}: the loop this JVM selected (plain or Vector API) gives the plain loop's
 * bits, whole vectors and tails alike, and touches only the rows it is given.
 */
class BackwardGateLoopTest {
  private static float[] random(SplittableRandom random, int count, double low, double high) {
    float[] x = new float[count];
    for (int i = 0; i < count; i++) {
      x[i] = (float) (low + (high - low) * random.nextDouble());
    }
    return x;
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "3, 8", "2, 13", "4, 32", "5, 37"})
  void selectedLoopGivesThePlainLoopsBits(int batch, int hidden) {
    SplittableRandom random = new SplittableRandom(31L * batch + hidden);
    int pad = 3; // every buffer starts at an offset
    float[] gates = random(random, pad + batch * 4 * hidden, 0.0, 1.0);
    float[] c = random(random, pad + 2 * batch * hidden, -2.0, 2.0);
    float[] tanhC = random(random, pad + batch * hidden, -1.0, 1.0);
    float[] dH = random(random, pad + batch * hidden, -1.0, 1.0);
    float[] dC = random(random, pad + batch * hidden, -1.0, 1.0);
    float[] dGates = random(random, pad + batch * 4 * hidden, -1.0, 1.0);
    float[] dCPlain = dC.clone();
    float[] dGatesPlain = dGates.clone();
    float[] dGatesBefore = dGates.clone();
    // rows [1, batch) only: row 0 of the outputs must stay as it was
    int b0 = batch > 1 ? 1 : 0;

    BackwardGateLoop.SELECTED.rows(
        gates, pad, c, pad + 1, tanhC, pad, dH, pad, dC, pad, dGates, pad, hidden, b0, batch);
    BackwardGateLoop.PLAIN.rows(
        gates,
        pad,
        c,
        pad + 1,
        tanhC,
        pad,
        dH,
        pad,
        dCPlain,
        pad,
        dGatesPlain,
        pad,
        hidden,
        b0,
        batch);

    assertThat(dC).isEqualTo(dCPlain);
    assertThat(dGates).isEqualTo(dGatesPlain);
    for (int j = 0; j < pad + b0 * 4 * hidden; j++) {
      assertThat(dGates[j]).as("dGates[%d], before the rows", j).isEqualTo(dGatesBefore[j]);
    }
  }
}
