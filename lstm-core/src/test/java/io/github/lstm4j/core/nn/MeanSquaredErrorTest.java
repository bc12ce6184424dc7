package io.github.lstm4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link MeanSquaredError} on hand-computed values; {@link ElementwiseLossTest} checks it against
 * its double reference and central differences, the parity tests against PyTorch.
 */
class MeanSquaredErrorTest {

  @Test
  void handComputedMeanAndSum() {
    // errors 1 and −2: squares 1 and 4; mean 2.5, sum 5; ∂/∂x = 2e/2 (mean) or 2e (sum)
    Tensor x = Tensor.wrap(new float[] {1, 2}, 1, 2);
    Tensor y = Tensor.wrap(new float[] {0, 4}, 1, 2);
    Tensor d = Tensor.zeros(1, 2);
    MeanSquaredError mean = new MeanSquaredError(Reduction.MEAN);
    assertThat(mean.forward(x, y)).isEqualTo(2.5);
    mean.backward(x, y, d);
    assertThat(d.data()).containsExactly(1f, -2f);
    MeanSquaredError sum = new MeanSquaredError(Reduction.SUM);
    assertThat(sum.forward(x, y)).isEqualTo(5.0);
    sum.backward(x, y, d);
    assertThat(d.data()).containsExactly(2f, -4f);
  }

  @Test
  void maskedMeanDividesByTheCountedElements() {
    // rows (F = 2): errors (1, 1), (3, 3) masked out, (2, 0): (1 + 1 + 4 + 0) / (2·2) = 1.5
    Tensor x = Tensor.wrap(new float[] {1, 1, 3, 3, 2, 0}, 3, 2);
    Tensor y = Tensor.zeros(3, 2);
    float[] mask = {1, 0, 1};
    assertThat(new MeanSquaredError(Reduction.MEAN).forward(x, y, mask)).isEqualTo(1.5);
    assertThat(new MeanSquaredError(Reduction.SUM).forward(x, y, mask)).isEqualTo(6.0);
  }

  @Test
  void errorsOfTwoHundredAreExact() {
    // x = ±100 against y = ∓100: e² = 40000 each, gradient 2e/N = ±200
    Tensor x = Tensor.wrap(new float[] {100, -100}, 2, 1);
    Tensor y = Tensor.wrap(new float[] {-100, 100}, 2, 1);
    MeanSquaredError mse = new MeanSquaredError(Reduction.MEAN);
    assertThat(mse.forward(x, y)).isEqualTo(40000.0);
    Tensor d = Tensor.zeros(2, 1);
    mse.backward(x, y, d);
    assertThat(d.data()).containsExactly(200f, -200f);
  }
}
