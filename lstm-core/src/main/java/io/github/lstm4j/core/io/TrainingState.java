package io.github.lstm4j.core.io;

import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * What a training loop keeps between steps besides the model and the optimizer, saved in a {@link
 * TrainingCheckpoint} so that a resumed run continues exactly: named counters (global step, epoch,
 * position in the data, schedule position), the states of named random generators ({@link
 * io.github.lstm4j.core.Rng#state()}: dropout masks, batch order) and named tensors (a hidden state
 * carried from one window to the next).
 *
 * <p>Names are free-form strings chosen by the training loop; the getters that take a name throw
 * {@link IOException} when it is absent, because a state read from a file that lacks a name the
 * loop needs is a bad file. This record does not interpret any of the values.
 *
 * <pre>{@code
 * TrainingState state = new TrainingState(
 *     Map.of("step", step), Map.of("dropout", cache.dropoutRng().state()), Map.of("h", carried.h()));
 * }</pre>
 *
 * @param counters counter name to value
 * @param rngStates generator name to its state
 * @param tensors tensor name to tensor (saved under {@link StateDict#STATE_PREFIX} + name)
 */
public record TrainingState(
    Map<String, Long> counters, Map<String, Long> rngStates, Map<String, Tensor> tensors) {
  /**
   * Copies the maps, keeping their order.
   *
   * @param counters see the record description
   * @param rngStates see the record description
   * @param tensors see the record description
   * @throws NullPointerException if a map, name or value is null
   */
  public TrainingState {
    counters = TensorFile.copy(counters, "counters");
    rngStates = TensorFile.copy(rngStates, "rngStates");
    tensors = TensorFile.copy(tensors, "tensors");
  }

  /**
   * Returns a state with no counters, generators or tensors.
   *
   * @return the empty state
   */
  public static TrainingState empty() {
    return new TrainingState(Map.of(), Map.of(), Map.of());
  }

  /**
   * Returns a counter.
   *
   * @param name the counter's name
   * @return its value
   * @throws IOException if there is no such counter
   */
  public long counter(String name) throws IOException {
    return require(counters, "counter", name);
  }

  /**
   * Returns a generator's state.
   *
   * @param name the generator's name
   * @return its state, for {@link io.github.lstm4j.core.Rng#setState(long)}
   * @throws IOException if there is no such generator
   */
  public long rngState(String name) throws IOException {
    return require(rngStates, "random generator state", name);
  }

  /**
   * Returns a tensor, checking its shape.
   *
   * @param name the tensor's name (without {@link StateDict#STATE_PREFIX})
   * @param shape the expected dimensions
   * @return the tensor
   * @throws IOException if there is no such tensor or it has another shape
   */
  public Tensor tensor(String name, int... shape) throws IOException {
    Tensor tensor = require(tensors, "tensor", name);
    if (!tensor.hasShape(shape)) {
      throw new IOException(
          "training state tensor "
              + Json.write(Json.abbreviate(name))
              + " must have shape "
              + Tensor.shapeString(shape)
              + ", got "
              + Tensor.shapeString(tensor.shape()));
    }
    return tensor;
  }

  private static <V> V require(Map<String, V> map, String what, String name) throws IOException {
    V value = map.get(Objects.requireNonNull(name, "name"));
    if (value == null) {
      throw new IOException(
          "training state must have the "
              + what
              + " "
              + Json.write(Json.abbreviate(name))
              + ", got only "
              + Json.abbreviate(map.keySet().toString()));
    }
    return value;
  }
}
