package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A lookup table from token ids to dense vectors, as PyTorch's {@code nn.Embedding}: weight
 * (vocabSize, embeddingDim), named {@code <name>.weight}, so that {@link
 * io.github.lstm4j.core.io.StateDict} maps it to and from a PyTorch state_dict by name.
 *
 * <pre>
 * forward:  out[r] = W[ids[r]]                       (N) ids → (N, E) rows
 * backward: dW[ids[r]] += dOut[r]  for every r       (only the rows seen; repeats add up)
 * </pre>
 *
 * <p>Ids are any flattened shape: (T·B) time-major ids, index {@code t·B + b}, give a (T, B, E)
 * output that {@link Lstm} reads as dense input. {@link #withPaddingIdx} builds the table with
 * PyTorch's {@code padding_idx}: that row starts at zero and receives no gradient, so it stays zero
 * under any optimizer without weight decay (its forward still reads the row, as PyTorch's does, so
 * a loaded non-zero row is used as it is). Initialised N(0, 1), as PyTorch.
 *
 * <p>It is not PyTorch's {@code max_norm}, {@code scale_grad_by_freq} or {@code sparse}. Forward
 * and backward check every id before they write anything, and allocate nothing.
 *
 * <pre>{@code
 * Embedding embedding = Embedding.withPaddingIdx("embedding", 1000, 32, 0, params, new Rng(1));
 * embedding.forward(ids, embedded); // ids (T·B), embedded (T, B, 32)
 * embedding.backward(ids, cache.inputGradient());
 * }</pre>
 */
public final class Embedding {
  private static final int NO_PADDING = -1;

  private final Parameters params;
  private final Param weight; // (V, E)
  private final int vocabSize;
  private final int embeddingDim;
  private final int paddingIdx; // in [0, V), or NO_PADDING

  /**
   * Creates the table without a padding row, every row initialised N(0, 1).
   *
   * @param name the parameter name prefix, e.g. {@code "embedding"} gives {@code
   *     "embedding.weight"}
   * @param vocabSize V, the number of ids, {@code > 0}
   * @param embeddingDim E, the width of each vector, {@code > 0}
   * @param params where to register the weight
   * @param rng the initialisation seed source
   */
  public Embedding(String name, int vocabSize, int embeddingDim, Parameters params, Rng rng) {
    this(name, vocabSize, embeddingDim, NO_PADDING, params, rng);
  }

  private Embedding(
      String name, int vocabSize, int embeddingDim, int paddingIdx, Parameters params, Rng rng) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rng, "rng");
    this.vocabSize = Checks.positive("vocabSize", vocabSize);
    this.embeddingDim = Checks.positive("embeddingDim", embeddingDim);
    this.paddingIdx = paddingIdx;
    this.params = Objects.requireNonNull(params, "params");
    this.weight = params.add(name + ".weight", vocabSize, embeddingDim);
    float[] w = params.values();
    for (int i = 0; i < weight.size(); i++) {
      w[weight.offset() + i] = (float) rng.nextGaussian();
    }
    if (paddingIdx != NO_PADDING) {
      int row = weight.offset() + paddingIdx * embeddingDim;
      Arrays.fill(w, row, row + embeddingDim, 0f);
    }
  }

  /**
   * Creates the table with PyTorch's {@code padding_idx}: that row is zero at initialisation and
   * receives no gradient.
   *
   * @param name the parameter name prefix, e.g. {@code "embedding"}
   * @param vocabSize V, {@code > 0}
   * @param embeddingDim E, {@code > 0}
   * @param paddingIdx the padding id, in {@code [-vocabSize, vocabSize)}; a negative one counts
   *     from the end ({@code vocabSize + paddingIdx}), as in PyTorch
   * @param params where to register the weight
   * @param rng the initialisation seed source
   * @return the layer
   * @throws IllegalArgumentException if a size is not positive or {@code paddingIdx} is out of
   *     range
   */
  public static Embedding withPaddingIdx(
      String name, int vocabSize, int embeddingDim, int paddingIdx, Parameters params, Rng rng) {
    Checks.positive("vocabSize", vocabSize);
    if (paddingIdx < -vocabSize || paddingIdx >= vocabSize) {
      throw new IllegalArgumentException(
          "paddingIdx must be in [-" + vocabSize + ", " + vocabSize + "), got " + paddingIdx);
    }
    int row = paddingIdx < 0 ? vocabSize + paddingIdx : paddingIdx;
    return new Embedding(name, vocabSize, embeddingDim, row, params, rng);
  }

  /**
   * Returns V.
   *
   * @return the number of ids
   */
  public int vocabSize() {
    return vocabSize;
  }

  /**
   * Returns E.
   *
   * @return the width of each vector
   */
  public int embeddingDim() {
    return embeddingDim;
  }

  /**
   * Returns the padding id.
   *
   * @return the id whose row receives no gradient, in {@code [0, vocabSize)}, or empty
   */
  public OptionalInt paddingIdx() {
    return paddingIdx == NO_PADDING ? OptionalInt.empty() : OptionalInt.of(paddingIdx);
  }

  /**
   * Returns the weight parameter.
   *
   * @return the (V, E) view
   */
  public Param weight() {
    return weight;
  }

  /**
   * Copies row {@code ids[r]} of the table into row r of {@code output}.
   *
   * @param ids one id in {@code [0, V)} per row
   * @param output (…, E) with {@code ids.length} rows, overwritten
   * @throws IllegalArgumentException if an id is out of range or the output does not fit
   */
  public void forward(int[] ids, Tensor output) {
    checkIdsAndRows(ids, output, "output");
    float[] w = params.values();
    float[] out = output.data(); // (N, E)
    for (int r = 0; r < ids.length; r++) {
      System.arraycopy(
          w, weight.offset() + ids[r] * embeddingDim, out, r * embeddingDim, embeddingDim);
    }
  }

  /**
   * Accumulates row r of {@code dOutput} into the gradient of row {@code ids[r]}, except for the
   * padding id.
   *
   * @param ids the ids given to {@link #forward}
   * @param dOutput (…, E) ∂L/∂output, {@code ids.length} rows
   * @throws IllegalArgumentException if an id is out of range or {@code dOutput} does not fit; then
   *     no gradient has changed
   */
  public void backward(int[] ids, Tensor dOutput) {
    checkIdsAndRows(ids, dOutput, "dOutput");
    float[] dw = params.grads();
    float[] d = dOutput.data(); // (N, E)
    for (int r = 0; r < ids.length; r++) {
      if (ids[r] == paddingIdx) {
        continue;
      }
      int to = weight.offset() + ids[r] * embeddingDim;
      int from = r * embeddingDim;
      for (int k = 0; k < embeddingDim; k++) {
        dw[to + k] += d[from + k];
      }
    }
  }

  /** Checks every id and an (…, E) tensor of {@code ids.length} rows. */
  private void checkIdsAndRows(int[] ids, Tensor rows, String rowsName) {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(rows, rowsName);
    if (rows.rank() < 1
        || rows.dim(rows.rank() - 1) != embeddingDim
        || rows.size() != (long) ids.length * embeddingDim) {
      throw new IllegalArgumentException(
          rowsName
              + " must have last dimension embeddingDim="
              + embeddingDim
              + " and ids.length="
              + ids.length
              + " rows, got "
              + Tensor.shapeString(rows.shape()));
    }
    for (int r = 0; r < ids.length; r++) {
      if (ids[r] < 0 || ids[r] >= vocabSize) {
        throw new IllegalArgumentException(
            "ids[" + r + "] must be in [0, vocabSize=" + vocabSize + "), got " + ids[r]);
      }
    }
  }

  @Override
  public String toString() {
    return "Embedding("
        + vocabSize
        + ", "
        + embeddingDim
        + (paddingIdx == NO_PADDING ? "" : ", paddingIdx=" + paddingIdx)
        + ")";
  }
}
