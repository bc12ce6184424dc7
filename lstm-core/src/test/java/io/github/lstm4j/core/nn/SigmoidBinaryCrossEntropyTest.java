package io.github.lstm4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link SigmoidBinaryCrossEntropy} on hand-computed values and at logits of ±100, where a sigmoid
 * followed by a log would give log(0); {@link ElementwiseLossTest} checks it against a double
 * reference and central differences, the parity tests against PyTorch.
 */
class SigmoidBinaryCrossEntropyTest {

  @Test
  void zeroLogitCostsLogTwo() {
    Tensor x = Tensor.zeros(1, 2);
    Tensor y = Tensor.wrap(new float[] {0, 1}, 1, 2);
    SigmoidBinaryCrossEntropy bce = new SigmoidBinaryCrossEntropy(Reduction.MEAN);
    assertThat(bce.forward(x, y)).isCloseTo(Math.log(2), within(1e-15));
    Tensor d = Tensor.zeros(1, 2);
    bce.backward(x, y, d);
    assertThat(d.data()).containsExactly(0.25f, -0.25f); // (σ(0) − y)/2
  }

  @Test
  void logitsOfPlusMinusOneHundredStayExact() {
    // right and confident: log1p(e^−100) = 3.720075976020836e−44; wrong and confident: 100
    Tensor x = Tensor.wrap(new float[] {100, -100, 100, -100}, 4, 1);
    Tensor y = Tensor.wrap(new float[] {1, 0, 0, 1}, 4, 1);
    SigmoidBinaryCrossEntropy bce = new SigmoidBinaryCrossEntropy(Reduction.SUM);
    assertThat(bce.forward(x, y)).isEqualTo(200 + 2 * 3.720075976020836e-44);
    assertThat(
            bce.forward(Tensor.wrap(new float[] {100}, 1, 1), Tensor.wrap(new float[] {1}, 1, 1)))
        .isCloseTo(3.720075976020836e-44, within(1e-58));
    Tensor d = Tensor.zeros(4, 1);
    bce.backward(x, y, d);
    // σ(x) − y: −e^−100 and e^−100 underflow to (sub)normal floats next to 0, then ±1
    assertThat(d.data()).containsExactly(new float[] {0f, 0f, 1f, -1f}, within(1e-43f));
  }

  @Test
  void posWeightMultipliesThePositiveTerm() {
    // y = 1, x = −100, p = 3: 3·100 = 300, gradient p·(σ(x) − 1) ≈ −3;
    // y = 0 is not weighted: x = 100 costs 100, gradient σ(x) ≈ 1
    Tensor x = Tensor.wrap(new float[] {-100, 100}, 1, 2);
    Tensor y = Tensor.wrap(new float[] {1, 0}, 1, 2);
    SigmoidBinaryCrossEntropy bce =
        new SigmoidBinaryCrossEntropy(Reduction.SUM).withPosWeight(new float[] {3, 3});
    assertThat(bce.forward(x, y)).isCloseTo(400, within(1e-12));
    Tensor d = Tensor.zeros(1, 2);
    bce.backward(x, y, d);
    assertThat(d.data()).containsExactly(-3f, 1f);
    // p = 2 on a soft label y = 0.5 at x = 0: w = 1.5, ℓ = 1.5·log 2, ∂ℓ/∂x = 1.5·½ − 1 = −0.25
    SigmoidBinaryCrossEntropy soft =
        new SigmoidBinaryCrossEntropy(Reduction.SUM).withPosWeight(new float[] {2});
    Tensor zero = Tensor.zeros(1, 1);
    Tensor half = Tensor.wrap(new float[] {0.5f}, 1, 1);
    assertThat(soft.forward(zero, half)).isCloseTo(1.5 * Math.log(2), within(1e-15));
    soft.backward(zero, half, zero);
    assertThat(zero.data()).containsExactly(-0.25f);
  }

  @Test
  void posWeightMustFitTheColumns() {
    SigmoidBinaryCrossEntropy bce =
        new SigmoidBinaryCrossEntropy(Reduction.MEAN).withPosWeight(new float[] {1, 2});
    assertThatIllegalArgumentException()
        .isThrownBy(() -> bce.forward(Tensor.zeros(4, 3), Tensor.zeros(4, 3)))
        .withMessage("input must have F = posWeight.length = 2 columns, got (4, 3)");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new SigmoidBinaryCrossEntropy(Reduction.MEAN)
                    .withPosWeight(new float[] {1, Float.NaN}))
        .withMessage("posWeight[1] must be finite and >= 0, got NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SigmoidBinaryCrossEntropy(Reduction.MEAN).withPosWeight(new float[0]))
        .withMessage("posWeight.length must be > 0, got 0");
  }

  @Test
  void posWeightIsCopied() {
    float[] weights = {2, 3};
    SigmoidBinaryCrossEntropy bce =
        new SigmoidBinaryCrossEntropy(Reduction.MEAN).withPosWeight(weights);
    weights[0] = 100;
    assertThat(bce.posWeight()).containsExactly(2f, 3f);
    assertThat(new SigmoidBinaryCrossEntropy(Reduction.MEAN).posWeight()).isEmpty();
  }
}
