package io.github.lstm4j.core.nn;

import static io.github.lstm4j.core.testing.Closeness.assertFloatMatchesReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.CentralDifferences;
import io.github.lstm4j.core.testing.TestData;
import io.github.lstm4j.core.testing.Tolerances;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@link Linear} against hand-computed values and a double-precision reference whose own backward
 * is first checked by central differences.
 */
class LinearTest {
  @AutoClose private static final ComputeContext ctx = ComputeContext.of(2);

  /** y = x·Wᵀ + b and its backward, in double, written out element by element. */
  private static final class ReferenceLinear {
    final double[] weight; // (out, in)
    final double[] bias; // (out)
    final int in;
    final int out;

    ReferenceLinear(double[] weight, double[] bias, int in, int out) {
      this.weight = weight;
      this.bias = bias;
      this.in = in;
      this.out = out;
    }

    double[] forward(double[] x) {
      int rows = x.length / in;
      double[] y = new double[rows * out];
      for (int r = 0; r < rows; r++) {
        for (int o = 0; o < out; o++) {
          double sum = bias[o];
          for (int i = 0; i < in; i++) {
            sum += x[r * in + i] * weight[o * in + i];
          }
          y[r * out + o] = sum;
        }
      }
      return y;
    }

    /** Returns {dW, db, dX} for ∂L/∂y = dY. */
    double[][] backward(double[] x, double[] dY) {
      int rows = x.length / in;
      double[] dW = new double[out * in];
      double[] db = new double[out];
      double[] dX = new double[rows * in];
      for (int r = 0; r < rows; r++) {
        for (int o = 0; o < out; o++) {
          double d = dY[r * out + o];
          db[o] += d;
          for (int i = 0; i < in; i++) {
            dW[o * in + i] += d * x[r * in + i];
            dX[r * in + i] += d * weight[o * in + i];
          }
        }
      }
      return new double[][] {dW, db, dX};
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void forwardComputesXTimesWeightTransposedPlusBias() {
    Parameters params = new Parameters();
    Linear linear = new Linear("head", 2, 3, params, new Rng(1));
    params.set(linear.weight(), Tensor.wrap(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
    params.set(linear.bias(), Tensor.wrap(new float[] {0.5f, -1, 0}, 3));
    Tensor x = Tensor.wrap(new float[] {1, -1, 0.5f, 2}, 2, 2);
    Tensor y = Tensor.zeros(2, 3);
    linear.forward(ctx, x, y);
    // Row 0: (1·1 − 1·2 + 0.5, 1·3 − 1·4 − 1, 1·5 − 1·6 + 0) = (−0.5, −2, −1)
    // Row 1: (0.5·1 + 2·2 + 0.5, 0.5·3 + 2·4 − 1, 0.5·5 + 2·6 + 0) = (5, 8.5, 14.5)
    assertThat(y.data()).containsExactly(-0.5f, -2f, -1f, 5f, 8.5f, 14.5f);
  }

  @Test
  void leadingDimensionsAreFlattenedIntoRows() {
    Parameters params = new Parameters();
    Linear linear = new Linear("head", 4, 3, params, new Rng(2));
    Tensor x = TestData.gaussian(new Rng(3), 1.0, 2, 3, 4); // (T, B, in)
    Tensor y = Tensor.zeros(2, 3, 3);
    linear.forward(ctx, x, y);
    Tensor flat = Tensor.zeros(6, 3);
    linear.forward(ctx, Tensor.wrap(x.data(), 6, 4), flat);
    assertThat(y.data()).containsExactly(flat.data());
  }

  @Test
  void referenceBackwardMatchesCentralDifferences() {
    Rng rng = new Rng(4);
    int in = 4;
    int out = 3;
    int rows = 5;
    double[] w = gaussian(rng, out * in);
    double[] b = gaussian(rng, out);
    double[] x = gaussian(rng, rows * in);
    double[] r = gaussian(rng, rows * out); // L = Σ y⊙r, so ∂L/∂y = r
    double[][] grads = new ReferenceLinear(w, b, in, out).backward(x, r);

    double[] dW =
        CentralDifferences.gradient(
            w, ww -> dot(new ReferenceLinear(ww, b, in, out).forward(x), r));
    double[] db =
        CentralDifferences.gradient(
            b, bb -> dot(new ReferenceLinear(w, bb, in, out).forward(x), r));
    double[] dX =
        CentralDifferences.gradient(
            x, xx -> dot(new ReferenceLinear(w, b, in, out).forward(xx), r));
    assertRelativelyClose(grads[0], dW);
    assertRelativelyClose(grads[1], db);
    assertRelativelyClose(grads[2], dX);
  }

  @Test
  void floatForwardAndBackwardMatchTheDoubleReference() {
    Rng rng = new Rng(5);
    int in = 6;
    int out = 4;
    Parameters params = new Parameters();
    Linear linear = new Linear("head", in, out, params, rng);
    Tensor x = TestData.gaussian(rng, 1.0, 3, 2, in);
    Tensor dY = TestData.gaussian(rng, 1.0, 3, 2, out);
    Tensor y = Tensor.zeros(3, 2, out);
    Tensor dX = Tensor.zeros(3, 2, in);
    linear.forward(ctx, x, y);
    params.zeroGrad();
    linear.backward(ctx, x, dY, dX);

    ReferenceLinear ref =
        new ReferenceLinear(
            TestData.toDouble(params.valueOf(linear.weight()).data()),
            TestData.toDouble(params.valueOf(linear.bias()).data()),
            in,
            out);
    double[] xd = TestData.toDouble(x.data());
    double[][] grads = ref.backward(xd, TestData.toDouble(dY.data()));
    assertFloatMatchesReference("y", y.data(), ref.forward(xd));
    assertFloatMatchesReference("dW", params.gradOf(linear.weight()).data(), grads[0]);
    assertFloatMatchesReference("db", params.gradOf(linear.bias()).data(), grads[1]);
    assertFloatMatchesReference("dX", dX.data(), grads[2]);
  }

  @Test
  void parameterGradientsAccumulateAcrossCalls() {
    Rng rng = new Rng(6);
    Parameters params = new Parameters();
    Linear linear = new Linear("head", 3, 2, params, rng);
    Tensor x = TestData.gaussian(rng, 1.0, 4, 3);
    Tensor dY = TestData.gaussian(rng, 1.0, 4, 2);
    linear.backward(ctx, x, dY);
    float[] once = params.grads().clone();
    linear.backward(ctx, x, dY, Tensor.zeros(4, 3));
    for (int i = 0; i < once.length; i++) {
      assertThat(params.grads()[i]).isCloseTo(2 * once[i], within(1e-6f));
    }
  }

  @Test
  void rejectsInputWithTheWrongWidth() {
    Linear linear = new Linear("head", 4, 3, new Parameters(), new Rng(7));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> linear.forward(ctx, Tensor.zeros(2, 3, 5), Tensor.zeros(2, 3, 3)))
        .withMessage("x must have last dimension inFeatures=4, got (2, 3, 5)");
  }

  @Test
  void rejectsOutputOfTheWrongShape() {
    Linear linear = new Linear("head", 4, 3, new Parameters(), new Rng(8));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> linear.forward(ctx, Tensor.zeros(2, 3, 4), Tensor.zeros(2, 3, 4)))
        .withMessage("y must have shape (2, 3, 3), got (2, 3, 4)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> linear.backward(ctx, Tensor.zeros(2, 4), Tensor.zeros(3, 3)))
        .withMessage("dY must have shape (2, 3), got (3, 3)");
  }

  @Test
  void rejectedBackwardLeavesTheGradientsUntouched() {
    Rng rng = new Rng(9);
    Parameters params = new Parameters();
    Linear linear = new Linear("head", 4, 3, params, rng);
    Tensor x = TestData.gaussian(rng, 1.0, 2, 4);
    Tensor dY = TestData.gaussian(rng, 1.0, 2, 3);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> linear.backward(ctx, x, dY, Tensor.zeros(2, 3)))
        .withMessage("dX must have the shape of x (2, 4), got (2, 3)");
    assertThat(params.grads()).containsOnly(0f);
  }

  @Test
  void rejectsNonPositiveSizes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Linear("head", 0, 3, new Parameters(), new Rng(1)))
        .withMessage("inFeatures must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Linear("head", 3, -2, new Parameters(), new Rng(1)))
        .withMessage("outFeatures must be > 0, got -2");
  }

  @Test
  void parametersAreNamedAsInPyTorch() {
    Parameters params = new Parameters();
    new Linear("head", 4, 3, params, new Rng(1));
    assertThat(params.list()).extracting(Param::name).containsExactly("head.weight", "head.bias");
    assertThat(params.get("head.weight").shape()).containsExactly(3, 4);
    assertThat(params.get("head.bias").shape()).containsExactly(3);
  }

  private static double[] gaussian(Rng rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextGaussian();
    }
    return v;
  }

  /** |numeric − analytic| ≤ 1e-6·max(1, |analytic|) at every coordinate. */
  private static void assertRelativelyClose(double[] analytic, double[] numeric) {
    for (int i = 0; i < analytic.length; i++) {
      assertThat(numeric[i])
          .as("coordinate %d", i)
          .isCloseTo(
              analytic[i],
              within(
                  Tolerances.REFERENCE_GRADCHECK_RELATIVE * Math.max(1.0, Math.abs(analytic[i]))));
    }
  }
}
