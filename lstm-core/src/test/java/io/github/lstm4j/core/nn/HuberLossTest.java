package io.github.lstm4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * {@link HuberLoss} and its smooth-L1 form on hand-computed values; {@link ElementwiseLossTest}
 * checks both against double references and central differences, the parity tests against PyTorch.
 */
class HuberLossTest {

  @Test
  void squaredInsideDeltaLinearOutside() {
    // δ = 1: e = 0.5 → ½·0.25 = 0.125, gradient 0.5; e = −3 → 1·(3 − 0.5) = 2.5, gradient −1;
    // e = 100 → 99.5, gradient 1. Sum 102.125.
    Tensor x = Tensor.wrap(new float[] {0.5f, -3, 100}, 1, 3);
    Tensor y = Tensor.zeros(1, 3);
    HuberLoss huber = new HuberLoss(1.0, Reduction.SUM);
    assertThat(huber.forward(x, y)).isEqualTo(102.125);
    Tensor d = Tensor.zeros(1, 3);
    huber.backward(x, y, d);
    assertThat(d.data()).containsExactly(0.5f, -1f, 1f);
  }

  @Test
  void smoothL1IsHuberDividedByBeta() {
    Rng rng = new Rng(5);
    Tensor x = TestData.gaussian(rng, 3.0, 4, 3);
    Tensor y = TestData.gaussian(rng, 1.0, 4, 3);
    double beta = 0.4;
    double huber = new HuberLoss(beta, Reduction.MEAN).forward(x, y);
    double smooth = HuberLoss.smoothL1(beta, Reduction.MEAN).forward(x, y);
    assertThat(smooth).isCloseTo(huber / beta, within(1e-12));
    // β = 1: the same loss.
    assertThat(HuberLoss.smoothL1(1, Reduction.MEAN).forward(x, y))
        .isEqualTo(new HuberLoss(1, Reduction.MEAN).forward(x, y));
  }

  @Test
  void deltaAndBetaMustBePositiveAndFinite() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new HuberLoss(0, Reduction.MEAN))
        .withMessage("delta must be finite and > 0, got 0.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HuberLoss.smoothL1(Double.NaN, Reduction.MEAN))
        .withMessage("beta must be finite and > 0, got NaN");
  }
}
