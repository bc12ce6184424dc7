package io.github.lstm4j.core.nn;

import static io.github.lstm4j.core.testing.Closeness.assertFloatMatchesReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.TestData;
import io.github.lstm4j.core.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused softmax + mean negative log-likelihood against PyTorch's definition of {@code
 * cross_entropy} with mean reduction, L = (1/N)·Σ_r (logsumexp(z_r) − z_r[y_r]), computed here in
 * double; its gradient against central differences; and its behaviour at extreme logits.
 */
class SoftmaxCrossEntropyTest {

  /** log Σ_j exp(z[row, j]) in double, with the row's max subtracted before exp. */
  private static double logSumExp(double[] z, int row, int classes) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < classes; j++) {
      max = Math.max(max, z[row * classes + j]);
    }
    double sum = 0;
    for (int j = 0; j < classes; j++) {
      sum += Math.exp(z[row * classes + j] - max);
    }
    return max + Math.log(sum);
  }

  /** PyTorch's mean cross-entropy in double: mean over rows of logsumexp(z) − z[target]. */
  private static double referenceLoss(double[] z, int[] targets, int classes) {
    double total = 0;
    for (int r = 0; r < targets.length; r++) {
      total += logSumExp(z, r, classes) - z[r * classes + targets[r]];
    }
    return total / targets.length;
  }

  /** ∂L/∂z = (softmax(z) − onehot(y))/N in double, softmax(z) = exp(z − logsumexp(z)). */
  private static double[] referenceGradient(double[] z, int[] targets, int classes) {
    int rows = targets.length;
    double[] d = new double[z.length];
    for (int r = 0; r < rows; r++) {
      double logSum = logSumExp(z, r, classes);
      for (int j = 0; j < classes; j++) {
        d[r * classes + j] = Math.exp(z[r * classes + j] - logSum) / rows;
      }
      d[r * classes + targets[r]] -= 1.0 / rows;
    }
    return d;
  }

  @Test
  void handComputedLossMatches() {
    // log(e¹ + e² + e³) − 1 = log(30.1928748506) − 1 = 2.4076059644 (Python math.log).
    Tensor z = Tensor.wrap(new float[] {1, 2, 3}, 1, 3);
    double loss = SoftmaxCrossEntropy.forward(z, new int[] {0}, Tensor.zeros(1, 3));
    assertThat(loss).isCloseTo(2.40760596444438, within(1e-6));
  }

  @Test
  void matchesTorchCrossEntropyWithMeanReduction() {
    // torch.nn.functional.cross_entropy(torch.tensor([[1., 2., 3.], [0.5, -1., 4.]],
    //     dtype=torch.float64), torch.tensor([0, 2])) = 1.22193776478458 (torch 1.13), and its
    // gradient with respect to the logits:
    Tensor z = Tensor.wrap(new float[] {1, 2, 3, 0.5f, -1, 4}, 2, 3);
    int[] y = {0, 2};
    Tensor p = Tensor.zeros(2, 3);
    assertThat(SoftmaxCrossEntropy.forward(z, y, p)).isCloseTo(1.22193776478458, within(1e-6));
    Tensor d = Tensor.zeros(2, 3);
    SoftmaxCrossEntropy.backward(p, y, d);
    assertThat(d.data())
        .containsExactly(
            new float[] {
              -0.4549847134f, 0.1223642355f, 0.3326204779f,
              0.0145608808f, 0.0032489717f, -0.0178098524f
            },
            within(1e-7f));
  }

  @ParameterizedTest(name = "V={0}")
  @ValueSource(ints = {1, 2, 5, 65})
  void equalLogitsGiveLogVAndUniformProbabilities(int classes) {
    Tensor z = Tensor.zeros(3, classes);
    java.util.Arrays.fill(z.data(), 7.5f);
    Tensor p = Tensor.zeros(3, classes);
    double loss = SoftmaxCrossEntropy.forward(z, new int[] {0, classes - 1, classes / 2}, p);
    assertThat(loss).isCloseTo(Math.log(classes), within(1e-12));
    for (float v : p.data()) {
      assertThat(v).isCloseTo(1f / classes, within(1e-7f));
    }
  }

  @Test
  void lossAndGradientMatchTheDoubleReference() {
    Rng rng = new Rng(1);
    int classes = 7;
    Tensor z = TestData.gaussian(rng, 3.0, 2, 3, classes); // (T, B, V)
    int[] y = TestData.ids(rng, 6, classes);
    Tensor p = Tensor.zeros(2, 3, classes);
    double[] zd = TestData.toDouble(z.data());
    double loss = SoftmaxCrossEntropy.forward(z, y, p);
    assertThat(loss).isCloseTo(referenceLoss(zd, y, classes), within(1e-6 * loss));
    Tensor d = Tensor.zeros(2, 3, classes);
    SoftmaxCrossEntropy.backward(p, y, d);
    assertFloatMatchesReference("dLogits", d.data(), referenceGradient(zd, y, classes));
  }

  @Test
  void referenceGradientMatchesCentralDifferences() {
    Rng rng = new Rng(2);
    int classes = 5;
    double[] z = new double[4 * classes];
    for (int i = 0; i < z.length; i++) {
      z[i] = rng.nextGaussian() * 2;
    }
    int[] y = TestData.ids(rng, 4, classes);
    double[] analytic = referenceGradient(z, y, classes);
    double eps = Tolerances.REFERENCE_GRADCHECK_EPS;
    for (int i = 0; i < z.length; i++) {
      double saved = z[i];
      z[i] = saved + eps;
      double plus = referenceLoss(z, y, classes);
      z[i] = saved - eps;
      double minus = referenceLoss(z, y, classes);
      z[i] = saved;
      double numeric = (plus - minus) / (2 * eps);
      assertThat(numeric)
          .as("coordinate %d", i)
          .isCloseTo(
              analytic[i],
              within(
                  Tolerances.REFERENCE_GRADCHECK_RELATIVE * Math.max(1.0, Math.abs(analytic[i]))));
    }
  }

  @Test
  void gradientRowsSumToZero() {
    Rng rng = new Rng(3);
    Tensor z = TestData.gaussian(rng, 5.0, 4, 9);
    int[] y = TestData.ids(rng, 4, 9);
    SoftmaxCrossEntropy.forward(z, y, z); // in place: probs over logits
    SoftmaxCrossEntropy.backward(z, y, z); // in place: gradient over probs
    for (int r = 0; r < 4; r++) {
      double sum = 0;
      for (int j = 0; j < 9; j++) {
        sum += z.data()[r * 9 + j];
      }
      assertThat(sum).as("row %d", r).isCloseTo(0.0, within(1e-7));
    }
  }

  @Test
  void extremeLogitsStayFinite() {
    // Row 0: the target has the largest logit, so p = 1 and the loss is log(1 + e^−2e4 + e^−1e4)
    // = 0; row 1: the target is 2e4 below the largest, so its loss is 2e4 exactly.
    Tensor z = Tensor.wrap(new float[] {1e4f, -1e4f, 0f, 1e4f, -1e4f, 0f}, 2, 3);
    Tensor p = Tensor.zeros(2, 3);
    int[] y = {0, 1};
    double loss = SoftmaxCrossEntropy.forward(z, y, p);
    assertThat(loss).isEqualTo((0 + 2e4) / 2);
    assertThat(p.data()).containsExactly(1f, 0f, 0f, 1f, 0f, 0f);
    Tensor d = Tensor.zeros(2, 3);
    SoftmaxCrossEntropy.backward(p, y, d);
    assertThat(d.data()).containsExactly(0f, 0f, 0f, 0.5f, -0.5f, 0f);
  }

  @Test
  void rejectsTargetsThatDoNotFitTheLogits() {
    Tensor z = Tensor.zeros(2, 3);
    Tensor p = Tensor.zeros(2, 3);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SoftmaxCrossEntropy.forward(z, new int[] {0, 1, 2}, p))
        .withMessage("targets must have length 2, one per row of logits (2, 3), got 3");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SoftmaxCrossEntropy.forward(z, new int[] {0, 3}, p))
        .withMessage("targets[1] must be in [0, 3), got 3");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SoftmaxCrossEntropy.backward(p, new int[] {-1, 0}, z))
        .withMessage("targets[0] must be in [0, 3), got -1");
  }

  @Test
  void rejectsOutputsOfAnotherShape() {
    Tensor z = Tensor.zeros(2, 3);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SoftmaxCrossEntropy.forward(z, new int[] {0, 1}, Tensor.zeros(3, 2)))
        .withMessage("probs must have the shape of logits (2, 3), got (3, 2)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SoftmaxCrossEntropy.backward(z, new int[] {0, 1}, Tensor.zeros(6)))
        .withMessage("dLogits must have the shape of probs (2, 3), got (6)");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> SoftmaxCrossEntropy.forward(Tensor.zeros(2, 0), new int[0], Tensor.zeros(2, 0)))
        .withMessage("logits must have a last dimension V > 0, got (2, 0)");
  }
}
