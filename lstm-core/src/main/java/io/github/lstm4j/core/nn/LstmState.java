package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Objects;

/**
 * The hidden and cell state of every layer and direction, laid out as PyTorch's {@code (h_n, c_n)}:
 * each tensor is (numLayers·D, B, H), layer l's direction d at index {@code l·D + d}.
 *
 * <pre>{@code
 * LstmState state = LstmState.zeros(config, batchSize);
 * }</pre>
 *
 * @param h hidden states (numLayers·D, B, H)
 * @param c cell states (numLayers·D, B, H)
 */
public record LstmState(Tensor h, Tensor c) {
  /**
   * Checks that both tensors are rank 3 and of equal shape.
   *
   * @param h see the record description
   * @param c see the record description
   */
  public LstmState {
    Objects.requireNonNull(h, "h");
    Objects.requireNonNull(c, "c");
    Checks.argument(h.rank() == 3, "h must have shape (numLayers*D, B, H), got " + h);
    Checks.argument(
        c.hasShape(h.shape()),
        "c must have the shape of h " + h + ", got " + Tensor.shapeString(c.shape()));
  }

  /**
   * Creates an all-zero state, the default initial state.
   *
   * @param config the LSTM's config
   * @param batchSize B
   * @return zeros of shape (numLayers·D, B, H)
   */
  public static LstmState zeros(LstmConfig config, int batchSize) {
    int slots = config.numLayers() * config.numDirections();
    Checks.positive("batchSize", batchSize);
    return new LstmState(
        Tensor.zeros(slots, batchSize, config.hiddenSize()),
        Tensor.zeros(slots, batchSize, config.hiddenSize()));
  }

  /**
   * Returns the batch size B.
   *
   * @return the second dimension
   */
  public int batchSize() {
    return h.dim(1);
  }

  /**
   * Returns a deep copy.
   *
   * @return a state with its own arrays
   */
  public LstmState copy() {
    return new LstmState(h.copy(), c.copy());
  }

  /**
   * Overwrites this state with another of the same shape.
   *
   * @param other the source
   * @throws IllegalArgumentException if the shapes differ
   */
  public void copyFrom(LstmState other) {
    // The message is built only on failure: generation calls this for every token.
    if (!other.h.hasSameShape(h)) {
      throw new IllegalArgumentException(
          "state must have shape " + Tensor.shapeString(h.shape()) + ", got " + other.h);
    }
    System.arraycopy(other.h.data(), 0, h.data(), 0, h.size());
    System.arraycopy(other.c.data(), 0, c.data(), 0, c.size());
  }

  /** Sets both tensors to zero (e.g. at a document boundary). */
  public void reset() {
    java.util.Arrays.fill(h.data(), 0f);
    java.util.Arrays.fill(c.data(), 0f);
  }

  /**
   * Checks that this state fits an LSTM with the given config and batch size.
   *
   * @param name the parameter name used in the message
   * @param config the LSTM's config
   * @param batchSize the batch size of the input
   * @return this state
   * @throws IllegalArgumentException if the shape differs
   */
  public LstmState requireFits(String name, LstmConfig config, int batchSize) {
    int slots = config.numLayers() * config.numDirections();
    // Dimension by dimension (h is rank 3), not hasShape(...): no varargs array on every step.
    if (h.dim(0) != slots || h.dim(1) != batchSize || h.dim(2) != config.hiddenSize()) {
      String hint =
          h.rank() == 3 && h.dim(1) != batchSize
              ? "; use LstmState.zeros(config, " + batchSize + ")"
              : "";
      throw new IllegalArgumentException(
          name
              + " must have shape (numLayers*D="
              + slots
              + ", batchSize="
              + batchSize
              + ", hiddenSize="
              + config.hiddenSize()
              + "), got "
              + Tensor.shapeString(h.shape())
              + hint);
    }
    return this;
  }
}
