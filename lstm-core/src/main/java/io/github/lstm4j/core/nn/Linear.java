package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.kernel.BiasRows;
import io.github.lstm4j.core.kernel.Gemm;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Objects;

/**
 * A fully connected layer, y = x·Wᵀ + b, as PyTorch's {@code nn.Linear}: weight (out, in), bias
 * (out), named {@code <name>.weight} and {@code <name>.bias}.
 *
 * <p>Inputs are any tensor whose last dimension is {@code inFeatures}; the leading dimensions are
 * flattened into rows, so a (T, B, H) sequence gives (T, B, out) logits.
 *
 * <pre>
 * forward:  y = x·Wᵀ + b
 * backward: dW += dYᵀ·x    db += Σ_rows dY    dX = dY·W
 * </pre>
 *
 * <pre>{@code
 * Linear head = new Linear("head", 256, 65, params, new Rng(3));
 * head.forward(ctx, hidden, logits);
 * }</pre>
 */
public final class Linear {
  private final Parameters params;
  private final Param weight; // (out, in)
  private final Param bias; // (out)
  private final int inFeatures;
  private final int outFeatures;

  /**
   * Creates the layer and initialises it as PyTorch does: weight and bias U(−1/√in, 1/√in).
   *
   * @param name the parameter name prefix, e.g. {@code "head"}
   * @param inFeatures the input width, {@code > 0}
   * @param outFeatures the output width, {@code > 0}
   * @param params where to register the parameters
   * @param rng the initialisation seed source
   */
  public Linear(String name, int inFeatures, int outFeatures, Parameters params, Rng rng) {
    Objects.requireNonNull(name, "name");
    this.inFeatures = Checks.positive("inFeatures", inFeatures);
    this.outFeatures = Checks.positive("outFeatures", outFeatures);
    this.params = Objects.requireNonNull(params, "params");
    this.weight = params.add(name + ".weight", outFeatures, inFeatures);
    this.bias = params.add(name + ".bias", outFeatures);
    double bound = 1.0 / Math.sqrt(inFeatures);
    Init.uniform(params.values(), weight.offset(), weight.size(), bound, rng);
    Init.uniform(params.values(), bias.offset(), bias.size(), bound, rng);
  }

  /**
   * Returns the input width.
   *
   * @return in
   */
  public int inFeatures() {
    return inFeatures;
  }

  /**
   * Returns the output width.
   *
   * @return out
   */
  public int outFeatures() {
    return outFeatures;
  }

  /**
   * Returns the weight parameter.
   *
   * @return the (out, in) view
   */
  public Param weight() {
    return weight;
  }

  /**
   * Returns the bias parameter.
   *
   * @return the (out) view
   */
  public Param bias() {
    return bias;
  }

  /**
   * y = x·Wᵀ + b.
   *
   * @param ctx the threads to run on
   * @param x (…, in)
   * @param y (…, out) with the same leading dimensions, overwritten
   * @throws IllegalArgumentException if the shapes do not fit
   */
  public void forward(ComputeContext ctx, Tensor x, Tensor y) {
    int rows = checkRows(x, y, "y");
    float[] w = params.values();
    Gemm.multTransB(
        ctx, x.data(), 0, w, weight.offset(), y.data(), 0, rows, outFeatures, inFeatures);
    BiasRows.add(ctx, w, bias.offset(), y.data(), 0, rows, outFeatures);
  }

  /**
   * Accumulates the weight and bias gradients, and writes ∂L/∂x.
   *
   * @param ctx the threads to run on
   * @param x (…, in) the forward input
   * @param dY (…, out) ∂L/∂y
   * @param dX (…, in) overwritten with ∂L/∂x
   * @throws IllegalArgumentException if the shapes do not fit
   */
  public void backward(ComputeContext ctx, Tensor x, Tensor dY, Tensor dX) {
    int rows = checkRows(x, dY, "dY");
    // Checked before any gradient is accumulated, so a rejected call changes nothing.
    Objects.requireNonNull(dX, "dX");
    if (!dX.hasSameShape(x)) {
      throw new IllegalArgumentException(
          "dX must have the shape of x "
              + Tensor.shapeString(x.shape())
              + ", got "
              + Tensor.shapeString(dX.shape()));
    }
    accumulateParameterGradients(ctx, x, dY, rows);
    Gemm.mult(
        ctx,
        dY.data(),
        0,
        params.values(),
        weight.offset(),
        dX.data(),
        0,
        rows,
        inFeatures,
        outFeatures);
  }

  /**
   * Accumulates the weight and bias gradients only (when ∂L/∂x is not needed).
   *
   * @param ctx the threads to run on
   * @param x (…, in) the forward input
   * @param dY (…, out) ∂L/∂y
   * @throws IllegalArgumentException if the shapes do not fit
   */
  public void backward(ComputeContext ctx, Tensor x, Tensor dY) {
    accumulateParameterGradients(ctx, x, dY, checkRows(x, dY, "dY"));
  }

  private void accumulateParameterGradients(ComputeContext ctx, Tensor x, Tensor dY, int rows) {
    float[] dw = params.grads();
    // dW (out, in) += dYᵀ (out, rows) · x (rows, in)
    Gemm.multAddTransA(
        ctx, dY.data(), 0, x.data(), 0, dw, weight.offset(), outFeatures, inFeatures, rows);
    BiasRows.sumGradient(ctx, dY.data(), 0, rows, outFeatures, dw, bias.offset());
  }

  /** Checks x (…, in) and an (…, out) tensor named {@code yName}; returns the row count. */
  private int checkRows(Tensor x, Tensor y, String yName) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, yName);
    if (x.rank() < 1 || x.dim(x.rank() - 1) != inFeatures) {
      throw new IllegalArgumentException(
          "x must have last dimension inFeatures="
              + inFeatures
              + ", got "
              + Tensor.shapeString(x.shape()));
    }
    if (!y.hasShapeExceptLast(x, outFeatures)) {
      int[] expected = x.shape();
      expected[expected.length - 1] = outFeatures;
      throw new IllegalArgumentException(
          yName
              + " must have shape "
              + Tensor.shapeString(expected)
              + ", got "
              + Tensor.shapeString(y.shape()));
    }
    return x.size() / inFeatures;
  }
}
