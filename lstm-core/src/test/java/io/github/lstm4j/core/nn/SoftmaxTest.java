package io.github.lstm4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The shared row softmax against its closed form, in place and at an offset; argmax ties. */
class SoftmaxTest {

  @Test
  void probabilitiesMatchTheClosedFormAtAnOffsetAndInPlace() {
    float[] z = {9f, 1f, 2f, 3f, 9f};
    double e1 = Math.exp(1);
    double e2 = Math.exp(2);
    double e3 = Math.exp(3);
    double sum = e1 + e2 + e3;
    float[] p = new float[4];
    Softmax.intoProbabilities(z, 1, 3, p, 1);
    assertThat(p[0]).isZero();
    assertThat(p[1]).isCloseTo((float) (e1 / sum), within(1e-7f));
    assertThat(p[2]).isCloseTo((float) (e2 / sum), within(1e-7f));
    assertThat(p[3]).isCloseTo((float) (e3 / sum), within(1e-7f));

    Softmax.intoProbabilities(z, 1, 3, z, 1);
    assertThat(new float[] {z[1], z[2], z[3]}).containsExactly(p[1], p[2], p[3]);
    assertThat(z[0]).isEqualTo(9f);
    assertThat(z[4]).isEqualTo(9f);
  }

  @Test
  void largeLogitsDoNotOverflow() {
    float[] z = {1000f, 1000f};
    float[] p = new float[2];
    Softmax.intoProbabilities(z, 0, 2, p, 0);
    assertThat(p).containsExactly(0.5f, 0.5f);
    assertThat(Softmax.logSumExp(z, 0, 2)).isCloseTo(1000 + Math.log(2), within(1e-9));
  }

  @Test
  void argmaxTakesTheLowestIndexOfTheLargestAndIgnoresNaN() {
    float[] z = {5f, 2f, 7f, Float.NaN, 7f};
    assertThat(Softmax.argmax(z, 0, 5)).isEqualTo(2);
    assertThat(Softmax.argmax(z, 3, 2)).isEqualTo(1);
    assertThat(Softmax.argmax(new float[] {3f, 3f}, 0, 2)).isZero();
    assertThat(Softmax.argmax(new float[] {Float.NaN, -1f}, 0, 2)).isEqualTo(1);
  }

  @Test
  void temperedWeightsAreExpOfScaledDifferencesToTheMax() {
    float[] z = {0f, 1f, 3f};
    double[] w = new double[3];
    double mass = Softmax.temperedWeights(z, 0, 3, 3.0, 0.5, w);
    assertThat(w).containsExactly(Math.exp(-1.5), Math.exp(-1.0), 1.0);
    assertThat(mass).isEqualTo(Math.exp(-1.5) + Math.exp(-1.0) + 1.0);
  }
}
