package io.github.lstm4j.core.io;

import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The contents of a model file: named tensors and string metadata, each in file order.
 *
 * <p>Both maps are unmodifiable copies; the tensors themselves are live (a {@link Tensor} has no
 * value equality, so {@link #equals} compares tensors by identity). Models keep their configuration
 * as a JSON string (see {@link Json}) under a metadata key of their choosing.
 *
 * <pre>{@code
 * TensorFile file = Safetensors.read(path);
 * Tensor weightIh = file.require("weight_ih_l0", 4 * hiddenSize, inputSize);
 * }</pre>
 *
 * @param tensors tensor name to tensor, in file order (sorted by name for files this library
 *     writes)
 * @param metadata metadata key to value, in file order
 */
public record TensorFile(Map<String, Tensor> tensors, Map<String, String> metadata) {
  /**
   * Copies both maps, keeping their iteration order.
   *
   * @param tensors tensor name to tensor; no null names or tensors
   * @param metadata metadata key to value; no null keys or values
   * @throws NullPointerException if a map, name, tensor, key or value is null
   */
  public TensorFile {
    tensors = copy(tensors, "tensors");
    metadata = copy(metadata, "metadata");
  }

  /**
   * An unmodifiable copy of a map of named entries in its iteration order, rejecting null names and
   * values: the copy every record of this package makes of the maps it is given.
   */
  static <V> Map<String, V> copy(Map<String, V> map, String name) {
    Objects.requireNonNull(map, name);
    Map<String, V> copy = new LinkedHashMap<>();
    for (Map.Entry<String, V> entry : map.entrySet()) {
      String key =
          Objects.requireNonNull(entry.getKey(), () -> name + " must not contain null keys");
      copy.put(key, Objects.requireNonNull(entry.getValue(), () -> name + "[" + key + "]"));
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Returns a tensor that a model needs, checking that it is present with the expected shape.
   *
   * @param name the tensor name, e.g. {@code "weight_ih_l0"}
   * @param shape the expected dimensions
   * @return the tensor
   * @throws IOException if the file has no tensor of that name, or it has another shape; the
   *     message names the tensor and both shapes
   */
  public Tensor require(String name, int... shape) throws IOException {
    Tensor tensor = tensors.get(Objects.requireNonNull(name, "name"));
    if (tensor == null) {
      throw new IOException(
          "model file has no tensor \""
              + name
              + "\"; it has "
              + tensors.size()
              + " tensors "
              + Json.abbreviate(tensors.keySet().toString()));
    }
    if (!tensor.hasShape(shape)) {
      throw new IOException(
          "tensor \""
              + name
              + "\" must have shape "
              + Tensor.shapeString(shape)
              + ", got "
              + Tensor.shapeString(tensor.shape()));
    }
    return tensor;
  }
}
