package io.github.lstm4j.core.nn;

import static io.github.lstm4j.core.testing.Closeness.assertFloatMatchesReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.CentralDifferences;
import io.github.lstm4j.core.testing.TestData;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What every {@link ElementwiseLoss} shares, checked for each loss against a double-precision
 * reference written here from the loss's definition (not from its code): the reference gradient
 * against central differences, the float loss and gradient against the reference, the mask
 * semantics (padding is not read, all-masked gives 0), and the argument checks.
 */
class ElementwiseLossTest {

  /** ℓ(x, y) and ∂ℓ/∂x of one element in double, written from the loss's definition. */
  interface Elementwise {
    double value(double x, double y, int column);

    double derivative(double x, double y, int column);
  }

  /** One loss under test, its reference and how its targets are drawn. */
  record Case(String name, ElementwiseLoss loss, Elementwise reference, boolean binaryTargets) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final double[] POS_WEIGHT = {3.0, 0.5, 1.0};

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static final Elementwise SQUARED =
      new Elementwise() {
        public double value(double x, double y, int column) {
          return (x - y) * (x - y);
        }

        public double derivative(double x, double y, int column) {
          return 2 * (x - y);
        }
      };

  /** Huber with δ = 0.8 as PyTorch documents it. */
  private static final Elementwise HUBER =
      new Elementwise() {
        public double value(double x, double y, int column) {
          double e = Math.abs(x - y);
          return e < 0.8 ? 0.5 * e * e : 0.8 * (e - 0.4);
        }

        public double derivative(double x, double y, int column) {
          double e = x - y;
          return Math.abs(e) < 0.8 ? e : 0.8 * Math.signum(e);
        }
      };

  /** Smooth L1 with β = 0.5 as PyTorch documents it. */
  private static final Elementwise SMOOTH_L1 =
      new Elementwise() {
        public double value(double x, double y, int column) {
          double e = Math.abs(x - y);
          return e < 0.5 ? 0.5 * e * e / 0.5 : e - 0.25;
        }

        public double derivative(double x, double y, int column) {
          double e = x - y;
          return Math.abs(e) < 0.5 ? e / 0.5 : Math.signum(e);
        }
      };

  /** −[p·y·log σ(x) + (1 − y)·log(1 − σ(x))], plainly (the test logits are moderate). */
  private static Elementwise binaryCrossEntropy(double[] posWeight) {
    return new Elementwise() {
      public double value(double x, double y, int column) {
        double p = posWeight[column];
        return -(p * y * Math.log(sigmoid(x)) + (1 - y) * Math.log(1 - sigmoid(x)));
      }

      public double derivative(double x, double y, int column) {
        // d/dx log σ(x) = 1 − σ(x);  d/dx log(1 − σ(x)) = −σ(x)
        double p = posWeight[column];
        return -(p * y * (1 - sigmoid(x)) - (1 - y) * sigmoid(x));
      }
    };
  }

  static final List<Case> CASES =
      List.of(
          new Case("mse mean", new MeanSquaredError(Reduction.MEAN), SQUARED, false),
          new Case("mse sum", new MeanSquaredError(Reduction.SUM), SQUARED, false),
          new Case("huber mean", new HuberLoss(0.8, Reduction.MEAN), HUBER, false),
          new Case("smoothL1 sum", HuberLoss.smoothL1(0.5, Reduction.SUM), SMOOTH_L1, false),
          new Case(
              "bce mean",
              new SigmoidBinaryCrossEntropy(Reduction.MEAN),
              binaryCrossEntropy(new double[] {1, 1, 1}),
              true),
          new Case(
              "bce posWeight sum",
              new SigmoidBinaryCrossEntropy(Reduction.SUM)
                  .withPosWeight(new float[] {3f, 0.5f, 1f}),
              binaryCrossEntropy(POS_WEIGHT),
              true));

  private static final int ROWS = 6; // (T=3, B=2) rows
  private static final int COLUMNS = 3;
  private static final float[] MASK = {1, 0, 1, 0.5f, 0, 1};

  /** The reduced reference loss: s·Σ_r m_r·Σ_j ℓ, s = 1 or 1/(F·Σ m). */
  private static double referenceLoss(Case c, double[] x, double[] y, float[] mask) {
    double total = 0;
    double counted = 0;
    for (int r = 0; r < ROWS; r++) {
      for (int j = 0; j < COLUMNS; j++) {
        int i = r * COLUMNS + j;
        total += mask[r] * c.reference.value(x[i], y[i], j);
        counted += mask[r];
      }
    }
    return c.loss.reduction() == Reduction.SUM ? total : total / counted;
  }

  private static double[] referenceGradient(Case c, double[] x, double[] y, float[] mask) {
    double counted = 0;
    for (float m : mask) {
      counted += m * COLUMNS;
    }
    double scale = c.loss.reduction() == Reduction.SUM ? 1 : 1 / counted;
    double[] d = new double[x.length];
    for (int r = 0; r < ROWS; r++) {
      for (int j = 0; j < COLUMNS; j++) {
        int i = r * COLUMNS + j;
        d[i] = scale * mask[r] * c.reference.derivative(x[i], y[i], j);
      }
    }
    return d;
  }

  private static Tensor input(Rng rng) {
    return TestData.gaussian(rng, 2.0, 3, 2, COLUMNS); // (T, B, F)
  }

  private static Tensor target(Case c, Rng rng) {
    Tensor y = TestData.gaussian(rng, 1.0, 3, 2, COLUMNS);
    if (c.binaryTargets) {
      for (int i = 0; i < y.size(); i++) {
        y.data()[i] = i == 4 ? 0.25f : rng.nextInt(2); // one soft label
      }
    }
    return y;
  }

  /** A seeded (T=3, B=2, F) input and a target drawn for the case. */
  private record Batch(Tensor x, Tensor y) {}

  private static Batch batch(Case c, long seed) {
    Rng rng = new Rng(seed);
    return new Batch(input(rng), target(c, rng));
  }

  private static float[] ones() {
    float[] m = new float[ROWS];
    java.util.Arrays.fill(m, 1f);
    return m;
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void referenceGradientMatchesCentralDifferences(Case c) {
    Batch b = batch(c, 11);
    double[] x = TestData.toDouble(b.x().data());
    double[] y = TestData.toDouble(b.y().data());
    for (float[] mask : List.of(ones(), MASK)) {
      CentralDifferences.assertGradient(
          c.name, referenceGradient(c, x, y, mask), x, at -> referenceLoss(c, at, y, mask));
    }
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void floatLossAndGradientMatchTheDoubleReference(Case c) {
    Batch b = batch(c, 12);
    double[] xd = TestData.toDouble(b.x().data());
    double[] yd = TestData.toDouble(b.y().data());
    Tensor d = Tensor.zeros(3, 2, COLUMNS);

    double unmasked = c.loss.forward(b.x(), b.y());
    c.loss.backward(b.x(), b.y(), d);
    assertThat(unmasked).isCloseTo(referenceLoss(c, xd, yd, ones()), within(1e-9 * unmasked));
    assertFloatMatchesReference("dInput", d.data(), referenceGradient(c, xd, yd, ones()));

    double masked = c.loss.forward(b.x(), b.y(), MASK);
    c.loss.backward(b.x(), b.y(), MASK, d);
    assertThat(masked).isCloseTo(referenceLoss(c, xd, yd, MASK), within(1e-9 * masked));
    assertFloatMatchesReference("dInput masked", d.data(), referenceGradient(c, xd, yd, MASK));
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void maskedRowsAreNotReadAndGetNoGradient(Case c) {
    Batch b = batch(c, 13);
    Tensor d = Tensor.zeros(3, 2, COLUMNS);
    double clean = c.loss.forward(b.x(), b.y(), MASK);
    c.loss.backward(b.x(), b.y(), MASK, d);
    float[] cleanGradient = d.data().clone();
    // Garbage in the padded rows 1 and 4 changes nothing.
    for (int j = 0; j < COLUMNS; j++) {
      b.x().data()[1 * COLUMNS + j] = Float.NaN;
      b.y().data()[4 * COLUMNS + j] = Float.POSITIVE_INFINITY;
    }
    java.util.Arrays.fill(d.data(), 7f);

    assertThat(c.loss.forward(b.x(), b.y(), MASK)).isEqualTo(clean);
    c.loss.backward(b.x(), b.y(), MASK, d);
    assertThat(d.data()).containsExactly(cleanGradient);
    for (int j = 0; j < COLUMNS; j++) {
      assertThat(d.data()[1 * COLUMNS + j]).isZero();
      assertThat(d.data()[4 * COLUMNS + j]).isZero();
    }
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void everyRowMaskedGivesZeroLossAndZeroGradient(Case c) {
    Batch b = batch(c, 14);
    Tensor d = TestData.gaussian(new Rng(1), 1.0, 3, 2, COLUMNS);
    float[] none = new float[ROWS];
    assertThat(c.loss.forward(b.x(), b.y(), none)).isZero();
    c.loss.backward(b.x(), b.y(), none, d);
    assertThat(d.data()).containsOnly(0f);
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void backwardMayOverwriteItsInput(Case c) {
    Batch b = batch(c, 15);
    Tensor separate = Tensor.zeros(3, 2, COLUMNS);
    c.loss.backward(b.x(), b.y(), MASK, separate);
    c.loss.backward(b.x(), b.y(), MASK, b.x());
    assertThat(b.x().data()).containsExactly(separate.data());
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void nonFiniteCountedValuesAreRefusedByName(Case c) {
    Tensor x = Tensor.zeros(2, 3);
    Tensor y = Tensor.zeros(2, 3);
    x.data()[4] = Float.NaN;
    assertThatIllegalArgumentException()
        .isThrownBy(() -> c.loss.forward(x, y))
        .withMessage("input[1, 1] must be finite, got NaN (row, column of the (rows, F) view)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> c.loss.backward(x, y, Tensor.zeros(2, 3)))
        .withMessage("input[1, 1] must be finite, got NaN (row, column of the (rows, F) view)");
    x.data()[4] = 0;
    y.data()[2] = Float.NEGATIVE_INFINITY;
    assertThatIllegalArgumentException()
        .isThrownBy(() -> c.loss.forward(x, y, new float[] {1, 0}))
        .withMessage(
            "target[0, 2] must be finite, got -Infinity (row, column of the (rows, F) view)");
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void badShapesAndMasksAreRefused(Case c) {
    Tensor x = Tensor.zeros(2, 3);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> c.loss.forward(x, Tensor.zeros(3, 2)))
        .withMessage("target must have the shape of input (2, 3), got (3, 2)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> c.loss.backward(x, Tensor.zeros(2, 3), Tensor.zeros(6)))
        .withMessage("dInput must have the shape of input (2, 3), got (6)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> c.loss.forward(Tensor.zeros(2, 0), Tensor.zeros(2, 0)))
        .withMessage("input must have a last dimension F > 0, got (2, 0)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> c.loss.forward(x, Tensor.zeros(2, 3), new float[3]))
        .withMessage("mask must have length 2, one per row of input (2, 3), got 3");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> c.loss.forward(x, Tensor.zeros(2, 3), new float[] {1, -1}))
        .withMessage("mask[1] must be finite and >= 0, got -1.0");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                c.loss.backward(
                    x, Tensor.zeros(2, 3), new float[] {Float.NaN, 1}, Tensor.zeros(2, 3)))
        .withMessage("mask[0] must be finite and >= 0, got NaN");
  }
}
