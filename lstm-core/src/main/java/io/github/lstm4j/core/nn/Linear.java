package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.kernel.Gemm;
import io.github.lstm4j.core.kernel.Pointwise;
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
    int rows = checkRows(x, y);
    float[] w = params.values();
    Gemm.multTransB(
        ctx, x.data(), 0, w, weight.offset(), y.data(), 0, rows, outFeatures, inFeatures);
    Pointwise.addBiasToRows(w, bias.offset(), y.data(), 0, rows, outFeatures);
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
    int rows = accumulateParameterGradients(ctx, x, dY);
    // Messages are built only on failure: this runs every step and must not allocate.
    if (!dX.hasSameShape(x)) {
      throw new IllegalArgumentException(
          "dX must have the shape of x " + x + ", got " + Tensor.shapeString(dX.shape()));
    }
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
    accumulateParameterGradients(ctx, x, dY);
  }

  private int accumulateParameterGradients(ComputeContext ctx, Tensor x, Tensor dY) {
    int rows = checkRows(x, dY);
    float[] dw = params.grads();
    // dW (out, in) += dYᵀ (out, rows) · x (rows, in)
    Gemm.multAddTransA(
        ctx, dY.data(), 0, x.data(), 0, dw, weight.offset(), outFeatures, inFeatures, rows);
    Pointwise.sumRowsInto(dY.data(), 0, rows, outFeatures, dw, bias.offset());
    return rows;
  }

  private int checkRows(Tensor x, Tensor y) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    // Messages are built only on failure: this runs every step and must not allocate.
    int rank = x.rank();
    if (rank < 1 || x.dim(rank - 1) != inFeatures) {
      throw new IllegalArgumentException(
          "x must have last dimension inFeatures=" + inFeatures + ", got " + x);
    }
    boolean fits = y.rank() == rank && y.dim(rank - 1) == outFeatures;
    for (int axis = 0; fits && axis < rank - 1; axis++) {
      fits = y.dim(axis) == x.dim(axis);
    }
    if (!fits) {
      int[] expected = x.shape();
      expected[rank - 1] = outFeatures;
      throw new IllegalArgumentException(
          "output must have shape " + Tensor.shapeString(expected) + ", got " + y);
    }
    return x.size() / inFeatures;
  }
}
