package io.github.lstm4j.core.nn;

import static io.github.lstm4j.core.testing.Closeness.assertFloatMatchesReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.CentralDifferences;
import io.github.lstm4j.core.testing.TestData;
import io.github.lstm4j.core.testing.Tolerances;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused softmax + mean negative log-likelihood against PyTorch's definition of {@code
 * cross_entropy} with mean reduction, L = (1/N)·Σ_r (logsumexp(z_r) − z_r[y_r]), computed here in
 * double; its gradient against central differences; and its behaviour at extreme logits. Then the
 * same for {@link SoftmaxCrossEntropy.Loss} with an ignore index, class weights and both
 * reductions, and a pin of the static methods' bits against their implementation before that class
 * existed.
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

  // ---- SoftmaxCrossEntropy.Loss: ignore index, class weights, reductions ----

  private static final int IGNORE = -100;

  /**
   * PyTorch's cross_entropy(weight=w, ignore_index=IGNORE, reduction) in double: Σ w[y]·nll over
   * rows whose target is not IGNORE, divided by Σ w[y] over them for the mean.
   */
  private static double weightedLoss(
      double[] z, int[] targets, int classes, double[] w, Reduction reduction) {
    double total = 0;
    double weights = 0;
    for (int r = 0; r < targets.length; r++) {
      if (targets[r] != IGNORE) {
        total += w[targets[r]] * (logSumExp(z, r, classes) - z[r * classes + targets[r]]);
        weights += w[targets[r]];
      }
    }
    return reduction == Reduction.SUM ? total : total / weights;
  }

  /** Its gradient: w[y]·(softmax − onehot(y)) / (Σ w[y] for the mean), 0 on ignored rows. */
  private static double[] weightedGradient(
      double[] z, int[] targets, int classes, double[] w, Reduction reduction) {
    double weights = 0;
    for (int target : targets) {
      weights += target == IGNORE ? 0 : w[target];
    }
    double scale = reduction == Reduction.SUM ? 1 : 1 / weights;
    double[] d = new double[z.length];
    for (int r = 0; r < targets.length; r++) {
      if (targets[r] == IGNORE) {
        continue;
      }
      double logSum = logSumExp(z, r, classes);
      double s = scale * w[targets[r]];
      for (int j = 0; j < classes; j++) {
        d[r * classes + j] = s * Math.exp(z[r * classes + j] - logSum);
      }
      d[r * classes + targets[r]] -= s;
    }
    return d;
  }

  private static final float[] CLASS_WEIGHTS = {0.5f, 2f, 1f, 0.25f, 1.5f};
  private static final int[] TARGETS = {3, IGNORE, 0, 4, IGNORE, 1, 1, 2}; // (T=4, B=2)

  private static SoftmaxCrossEntropy.Loss ignoringWeighted(Reduction reduction) {
    return SoftmaxCrossEntropy.withIgnoreIndex(IGNORE)
        .withClassWeights(CLASS_WEIGHTS)
        .withReduction(reduction);
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void weightedReferenceGradientMatchesCentralDifferences(Reduction reduction) {
    Rng rng = new Rng(21);
    double[] z = TestData.toDouble(TestData.gaussian(rng, 2.0, 8 * 5).data());
    double[] w = TestData.toDouble(CLASS_WEIGHTS);
    CentralDifferences.assertGradient(
        "dLogits",
        weightedGradient(z, TARGETS, 5, w, reduction),
        z,
        at -> weightedLoss(at, TARGETS, 5, w, reduction));
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void ignoredAndWeightedLossMatchesTheDoubleReference(Reduction reduction) {
    Rng rng = new Rng(22);
    Tensor z = TestData.gaussian(rng, 2.0, 4, 2, 5); // (T, B, V)
    double[] zd = TestData.toDouble(z.data());
    double[] w = TestData.toDouble(CLASS_WEIGHTS);
    assertMatchesReference(
        ignoringWeighted(reduction),
        z,
        weightedLoss(zd, TARGETS, 5, w, reduction),
        weightedGradient(zd, TARGETS, 5, w, reduction));
  }

  // ---- label smoothing ----

  /**
   * PyTorch's cross_entropy(weight=w, ignore_index=IGNORE, reduction, label_smoothing=ε) in double,
   * as aten's cross_entropy_loss_label_smoothing writes it: (1 − ε)·weighted nll + (ε/V)·Σ_counted
   * Σ_j w[j]·(logsumexp(z_r) − z[r, j]), divided by Σ_counted w[y_r] for the mean.
   */
  private static double smoothedLoss(
      double[] z, int[] targets, int classes, double[] w, Reduction reduction, double epsilon) {
    double smooth = 0;
    double weights = 0;
    for (int r = 0; r < targets.length; r++) {
      if (targets[r] != IGNORE) {
        for (int j = 0; j < classes; j++) {
          smooth += w[j] * (logSumExp(z, r, classes) - z[r * classes + j]);
        }
        weights += w[targets[r]];
      }
    }
    double reduced = reduction == Reduction.SUM ? smooth : smooth / weights;
    return (1 - epsilon) * weightedLoss(z, targets, classes, w, reduction)
        + epsilon / classes * reduced;
  }

  /** Its gradient: (1 − ε)·the weighted one + (ε/V)·s·(softmax·Σ_j w[j] − w), 0 on ignored rows. */
  private static double[] smoothedGradient(
      double[] z, int[] targets, int classes, double[] w, Reduction reduction, double epsilon) {
    double weights = 0;
    for (int target : targets) {
      weights += target == IGNORE ? 0 : w[target];
    }
    double scale = reduction == Reduction.SUM ? 1 : 1 / weights;
    double weightSum = Arrays.stream(w).sum();
    double[] d = weightedGradient(z, targets, classes, w, reduction);
    for (int r = 0; r < targets.length; r++) {
      if (targets[r] == IGNORE) {
        continue;
      }
      double logSum = logSumExp(z, r, classes);
      for (int j = 0; j < classes; j++) {
        double p = Math.exp(z[r * classes + j] - logSum);
        d[r * classes + j] =
            (1 - epsilon) * d[r * classes + j] + epsilon / classes * scale * (p * weightSum - w[j]);
      }
    }
    return d;
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void smoothedReferenceGradientMatchesCentralDifferences(Reduction reduction) {
    Rng rng = new Rng(24);
    double[] z = TestData.toDouble(TestData.gaussian(rng, 2.0, 8 * 5).data());
    double[] w = TestData.toDouble(CLASS_WEIGHTS);
    CentralDifferences.assertGradient(
        "dLogits",
        smoothedGradient(z, TARGETS, 5, w, reduction, 0.3),
        z,
        at -> smoothedLoss(at, TARGETS, 5, w, reduction, 0.3));
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void smoothedLossMatchesTheDoubleReference(Reduction reduction) {
    Rng rng = new Rng(25);
    Tensor z = TestData.gaussian(rng, 2.0, 4, 2, 5); // (T, B, V)
    double[] zd = TestData.toDouble(z.data());
    double[] w = TestData.toDouble(CLASS_WEIGHTS);
    assertMatchesReference(
        ignoringWeighted(reduction).withLabelSmoothing(0.3),
        z,
        smoothedLoss(zd, TARGETS, 5, w, reduction, 0.3),
        smoothedGradient(zd, TARGETS, 5, w, reduction, 0.3));
  }

  /** The float loss of (T=4, B=2, V=5) logits within 1e-9 of the reference, its gradient too. */
  private static void assertMatchesReference(
      SoftmaxCrossEntropy.Loss ce, Tensor z, double referenceLoss, double[] referenceGradient) {
    Tensor p = Tensor.zeros(4, 2, 5);
    double loss = ce.forward(z, TARGETS, p);
    assertThat(loss).isCloseTo(referenceLoss, within(1e-9 * loss));
    Tensor d = Tensor.zeros(4, 2, 5);
    ce.backward(p, TARGETS, d);
    assertFloatMatchesReference("dLogits", d.data(), referenceGradient);
  }

  @Test
  void smoothingWithoutWeightsTargetsTheMixedDistribution() {
    Rng rng = new Rng(26);
    int classes = 6;
    Tensor z = TestData.gaussian(rng, 2.0, 3, classes);
    int[] targets = {4, 0, 2};
    double epsilon = 0.1;
    SoftmaxCrossEntropy.Loss ce = SoftmaxCrossEntropy.withLabelSmoothing(epsilon);
    Tensor p = Tensor.zeros(3, classes);
    double loss = ce.forward(z, targets, p);
    Tensor d = Tensor.zeros(3, classes);
    ce.backward(p, targets, d);
    // L = −(1/N)·Σ_r Σ_j q[r, j]·log p[r, j] and ∂L/∂z = (p − q)/N, q = (1 − ε)·onehot + ε/V
    double[] zd = TestData.toDouble(z.data());
    double expected = 0;
    double[] gradient = new double[zd.length];
    for (int r = 0; r < 3; r++) {
      double logSum = logSumExp(zd, r, classes);
      for (int j = 0; j < classes; j++) {
        double q = (j == targets[r] ? 1 - epsilon : 0) + epsilon / classes;
        expected -= q * (zd[r * classes + j] - logSum) / 3;
        gradient[r * classes + j] = (Math.exp(zd[r * classes + j] - logSum) - q) / 3;
      }
    }
    assertThat(loss).isCloseTo(expected, within(1e-9 * expected));
    assertFloatMatchesReference("dLogits", d.data(), gradient);
  }

  @Test
  void zeroSmoothingGivesTheBitsOfNoSmoothing() {
    Rng rng = new Rng(27);
    Tensor z = TestData.gaussian(rng, 2.0, 4, 2, 5);
    SoftmaxCrossEntropy.Loss plain = ignoringWeighted(Reduction.MEAN);
    Tensor p0 = Tensor.zeros(4, 2, 5);
    Tensor p1 = Tensor.zeros(4, 2, 5);
    Tensor d0 = Tensor.zeros(4, 2, 5);
    Tensor d1 = Tensor.zeros(4, 2, 5);
    double l0 = plain.forward(z, TARGETS, p0);
    double l1 = plain.withLabelSmoothing(0).forward(z, TARGETS, p1);
    plain.backward(p0, TARGETS, d0);
    plain.withLabelSmoothing(0).backward(p1, TARGETS, d1);
    assertThat(l1).isEqualTo(l0);
    assertThat(d1.data()).containsExactly(d0.data());
  }

  @Test
  void smoothingOutsideTheUnitIntervalIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SoftmaxCrossEntropy.withLabelSmoothing(1.5))
        .withMessage("labelSmoothing must be in [0, 1], got 1.5");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SoftmaxCrossEntropy.withLabelSmoothing(Double.NaN))
        .withMessage("labelSmoothing must be in [0, 1], got NaN");
    assertThat(SoftmaxCrossEntropy.withLabelSmoothing(1).labelSmoothing()).isEqualTo(1.0);
  }

  @Test
  void ignoredRowsGiveNoLossAndNoGradient() {
    Rng rng = new Rng(23);
    Tensor z = TestData.gaussian(rng, 2.0, 3, 4);
    int[] targets = {2, IGNORE, 1};
    SoftmaxCrossEntropy.Loss ce = SoftmaxCrossEntropy.withIgnoreIndex(IGNORE);
    Tensor p = Tensor.zeros(3, 4);
    double loss = ce.forward(z, targets, p);
    // The mean over the two counted rows equals the static mean over those rows alone.
    float[] counted = new float[8];
    System.arraycopy(z.data(), 0, counted, 0, 4);
    System.arraycopy(z.data(), 8, counted, 4, 4);
    Tensor alone = Tensor.wrap(counted, 2, 4);
    assertThat(loss)
        .isEqualTo(SoftmaxCrossEntropy.forward(alone, new int[] {2, 1}, Tensor.zeros(2, 4)));
    Tensor d = Tensor.zeros(3, 4);
    Arrays.fill(d.data(), 9f);
    ce.backward(p, targets, d);
    assertThat(Arrays.copyOfRange(d.data(), 4, 8)).containsOnly(0f);
    // A NaN logit in the ignored row is not an error and changes nothing.
    z.data()[5] = Float.NaN;
    assertThat(ce.forward(z, targets, p)).isEqualTo(loss);
  }

  @Test
  void theIgnoreIndexMayBeAValidClass() {
    // A padding class 0: its rows count for nothing, other rows are ordinary.
    Tensor z = Tensor.wrap(new float[] {1, 2, 3, 3, 2, 1}, 2, 3);
    SoftmaxCrossEntropy.Loss ce =
        SoftmaxCrossEntropy.withIgnoreIndex(0).withReduction(Reduction.SUM);
    assertThat(ce.forward(z, new int[] {0, 2}, Tensor.zeros(2, 3)))
        .isCloseTo(2.40760596444438, within(1e-6)); // logsumexp(3, 2, 1) − 1, as the first test
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void nothingCountedGivesZeroLossAndZeroGradient(Reduction reduction) {
    Tensor z = TestData.gaussian(new Rng(24), 2.0, 2, 5);
    Tensor p = Tensor.zeros(2, 5);
    SoftmaxCrossEntropy.Loss ce = ignoringWeighted(reduction);
    assertThat(ce.forward(z, new int[] {IGNORE, IGNORE}, p)).isZero();
    ce.backward(p, new int[] {IGNORE, IGNORE}, z);
    assertThat(z.data()).containsOnly(0f);
    // counted rows whose class weight is 0 count for nothing either
    SoftmaxCrossEntropy.Loss zeroWeights =
        SoftmaxCrossEntropy.withClassWeights(new float[] {0, 0}).withReduction(reduction);
    Tensor two = Tensor.wrap(new float[] {1, -1}, 1, 2);
    assertThat(zeroWeights.forward(two, new int[] {1}, p = Tensor.zeros(1, 2))).isZero();
    zeroWeights.backward(p, new int[] {1}, two);
    assertThat(two.data()).containsOnly(0f);
  }

  @Test
  void logitsOfPlusMinusOneHundredStayExact() {
    // Row 0: the target leads by 100 and 200: loss log(1 + e^−100 + e^−200) = 3.7e−44 → 0 in
    // double after the subtraction; row 1: the target trails by 200: loss 200 (to 1e−13).
    Tensor z = Tensor.wrap(new float[] {100, 0, -100, 100, 0, -100}, 2, 3);
    Tensor p = Tensor.zeros(2, 3);
    SoftmaxCrossEntropy.Loss ce =
        SoftmaxCrossEntropy.withClassWeights(new float[] {1, 1, 2}).withReduction(Reduction.SUM);
    double loss = ce.forward(z, new int[] {0, 2}, p);
    assertThat(loss).isCloseTo(0 + 2 * 200, within(1e-12));
    Tensor d = Tensor.zeros(2, 3);
    ce.backward(p, new int[] {0, 2}, d);
    assertThat(d.data()).containsExactly(new float[] {0, 0, 0, 2, 0, -2}, within(1e-30f));
  }

  @Test
  void nonFiniteCountedLogitsAreRefusedByName() {
    Tensor z = Tensor.zeros(2, 3);
    z.data()[4] = Float.POSITIVE_INFINITY;
    SoftmaxCrossEntropy.Loss ce = SoftmaxCrossEntropy.withReduction(Reduction.MEAN);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ce.forward(z, new int[] {0, 1}, Tensor.zeros(2, 3)))
        .withMessage(
            "logits[1, 1] must be finite, got Infinity (row, class of the (rows, V) view)");
    // The static method keeps its contract: no check, a NaN loss.
    assertThat(SoftmaxCrossEntropy.forward(z, new int[] {0, 1}, Tensor.zeros(2, 3))).isNaN();
    // −∞ outside the target only masks a class: accepted.
    z.data()[4] = Float.NEGATIVE_INFINITY;
    assertThat(ce.forward(z, new int[] {0, 0}, Tensor.zeros(2, 3)))
        .isCloseTo(0.5 * (Math.log(3) + Math.log(2)), within(1e-12));
  }

  @Test
  void targetsAndWeightsThatDoNotFitAreRefused() {
    Tensor z = Tensor.zeros(2, 3);
    Tensor p = Tensor.zeros(2, 3);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SoftmaxCrossEntropy.withIgnoreIndex(-1).forward(z, new int[] {0, -2}, p))
        .withMessage("targets[1] must be in [0, 3) or the ignoreIndex -1, got -2");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                SoftmaxCrossEntropy.withClassWeights(new float[] {1, 2}).backward(p, new int[2], z))
        .withMessage("probs must have V = classWeights.length = 2 classes, got (2, 3)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SoftmaxCrossEntropy.withClassWeights(new float[] {1, -2}))
        .withMessage("classWeights[1] must be finite and >= 0, got -2.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SoftmaxCrossEntropy.withClassWeights(new float[0]))
        .withMessage("classWeights.length must be > 0, got 0");
  }

  @Test
  void aLossIsImmutable() {
    float[] w = {1, 2, 3};
    SoftmaxCrossEntropy.Loss weighted = SoftmaxCrossEntropy.withClassWeights(w);
    w[0] = 7;
    SoftmaxCrossEntropy.Loss ignoring = weighted.withIgnoreIndex(2);
    assertThat(weighted.classWeights()).containsExactly(1f, 2f, 3f);
    assertThat(weighted.ignoreIndex()).isEmpty();
    assertThat(ignoring.ignoreIndex()).hasValue(2);
    assertThat(ignoring.classWeights()).containsExactly(1f, 2f, 3f);
    assertThat(ignoring.reduction()).isEqualTo(Reduction.MEAN);
  }

  /** The static methods as they were before {@link SoftmaxCrossEntropy.Loss}, checks left out. */
  private static final class StaticMethodsBeforeLoss {
    static double forward(float[] z, int[] targets, float[] p, int classes) {
      int rows = targets.length;
      double total = 0;
      for (int r = 0; r < rows; r++) {
        int row = r * classes;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
          max = Math.max(max, z[row + j]);
        }
        double sum = 0;
        for (int j = 0; j < classes; j++) {
          sum += Math.exp(z[row + j] - (double) max);
        }
        double logSum = Math.log(sum);
        total -= z[row + targets[r]] - (double) max - logSum;
        for (int j = 0; j < classes; j++) {
          p[row + j] = (float) Math.exp(z[row + j] - (double) max - logSum);
        }
      }
      return rows == 0 ? 0.0 : total / rows;
    }

    static void backward(float[] p, int[] targets, float[] d, int classes) {
      int rows = targets.length;
      float scale = 1f / rows;
      for (int r = 0; r < rows; r++) {
        int row = r * classes;
        for (int j = 0; j < classes; j++) {
          d[row + j] = p[row + j] * scale;
        }
        d[row + targets[r]] -= scale;
      }
    }
  }

  @ParameterizedTest(name = "rows={0}")
  @ValueSource(ints = {1, 3, 7, 100})
  void staticMethodsGiveTheBitsTheyGaveBeforeLossExisted(int rows) {
    Rng rng = new Rng(30 + rows);
    int classes = 11;
    Tensor z = TestData.gaussian(rng, 4.0, rows, classes);
    int[] y = TestData.ids(rng, rows, classes);
    float[] oldP = new float[rows * classes];
    float[] oldD = new float[rows * classes];
    double oldLoss = StaticMethodsBeforeLoss.forward(z.data(), y, oldP, classes);
    StaticMethodsBeforeLoss.backward(oldP, y, oldD, classes);
    Tensor p = Tensor.zeros(rows, classes);
    Tensor d = Tensor.zeros(rows, classes);
    double loss = SoftmaxCrossEntropy.forward(z, y, p);
    SoftmaxCrossEntropy.backward(p, y, d);
    assertThat(Double.doubleToRawLongBits(loss)).isEqualTo(Double.doubleToRawLongBits(oldLoss));
    assertThat(p.data()).containsExactly(oldP);
    assertThat(d.data()).containsExactly(oldD);
    // The default Loss gives the same bits too.
    Tensor p2 = Tensor.zeros(rows, classes);
    Tensor d2 = Tensor.zeros(rows, classes);
    SoftmaxCrossEntropy.Loss ce = SoftmaxCrossEntropy.withReduction(Reduction.MEAN);
    assertThat(ce.forward(z, y, p2)).isEqualTo(oldLoss);
    ce.backward(p2, y, d2);
    assertThat(d2.data()).containsExactly(oldD);
  }
}
