package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * All trainable values of a model in one flat {@code float[]}, and their gradients in another of
 * the same length, with a named {@link Param} view per weight matrix or bias.
 *
 * <p>Layers register their parameters when they are built and read {@link #values()} and {@link
 * #grads()} at every call (registering grows the arrays, so layers never keep the array itself).
 * Backward passes accumulate into {@link #grads()}; {@link #zeroGrad()} clears them; an optimizer
 * steps over the two arrays in one loop (as llm.c does).
 *
 * <pre>{@code
 * Parameters params = new Parameters();
 * Lstm lstm = new Lstm(LstmConfig.of(65, 256), params, new Rng(42));
 * params.zeroGrad();
 * }</pre>
 */
public final class Parameters {
  private float[] values = new float[0];
  private float[] grads = new float[0];
  private final Map<String, Param> byName = new LinkedHashMap<>();

  /** Creates an empty set; layers add to it as they are built. */
  public Parameters() {}

  /**
   * Registers a new parameter, initialised to zero.
   *
   * @param name a name not used before in this set
   * @param shape the dimensions, each {@code >= 0}
   * @return the view of the new parameter
   * @throws IllegalArgumentException if the name is taken or a dimension is negative
   */
  public Param add(String name, int... shape) {
    Objects.requireNonNull(name, "name");
    Checks.argument(
        !byName.containsKey(name), "parameter name must be unique, got '" + name + "' twice");
    long size = 1;
    for (int i = 0; i < shape.length; i++) {
      size *= Checks.nonNegative(name + ".shape[" + i + "]", shape[i]);
    }
    long total = values.length + size;
    Checks.argument(
        total < Integer.MAX_VALUE - 8,
        "parameter count must be < 2^31 - 8, got " + total + " after adding " + name);
    Param p = new Param(name, values.length, shape);
    values = Arrays.copyOf(values, (int) total);
    grads = Arrays.copyOf(grads, (int) total);
    byName.put(name, p);
    return p;
  }

  /**
   * Returns the flat values (live; layers and optimizers write into it).
   *
   * @return all parameter values
   */
  public float[] values() {
    return values;
  }

  /**
   * Returns the flat gradients (live), same layout as {@link #values()}.
   *
   * @return all parameter gradients
   */
  public float[] grads() {
    return grads;
  }

  /**
   * Returns the total number of scalar parameters.
   *
   * @return the length of {@link #values()}
   */
  public int count() {
    return values.length;
  }

  /** Sets every gradient to zero. */
  public void zeroGrad() {
    Arrays.fill(grads, 0f);
  }

  /**
   * Returns the parameters in registration order.
   *
   * @return an unmodifiable list
   */
  public List<Param> list() {
    return Collections.unmodifiableList(new ArrayList<>(byName.values()));
  }

  /**
   * Looks a parameter up by name.
   *
   * @param name the name
   * @return the view
   * @throws IllegalArgumentException if there is no such parameter
   */
  public Param get(String name) {
    Param p = byName.get(name);
    if (p == null) {
      throw new IllegalArgumentException(
          "name must be one of " + byName.keySet() + ", got '" + name + "'");
    }
    return p;
  }

  /**
   * Tells whether a parameter of that name exists.
   *
   * @param name the name
   * @return true if registered
   */
  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /**
   * Copies a parameter's values out into a new tensor.
   *
   * @param p the parameter
   * @return a tensor of the parameter's shape holding a copy of its values
   */
  public Tensor valueOf(Param p) {
    return Tensor.wrap(Arrays.copyOfRange(values, p.offset(), p.offset() + p.size()), p.shape());
  }

  /**
   * Copies a parameter's gradient out into a new tensor.
   *
   * @param p the parameter
   * @return a tensor of the parameter's shape holding a copy of its gradient
   */
  public Tensor gradOf(Param p) {
    return Tensor.wrap(Arrays.copyOfRange(grads, p.offset(), p.offset() + p.size()), p.shape());
  }

  /**
   * Overwrites a parameter's values.
   *
   * @param p the parameter
   * @param value a tensor of exactly the parameter's shape
   * @throws IllegalArgumentException if the shape differs
   */
  public void set(Param p, Tensor value) {
    Checks.argument(
        value.hasShape(p.shape()),
        p.name()
            + " must have shape "
            + Tensor.shapeString(p.shape())
            + ", got "
            + Tensor.shapeString(value.shape()));
    System.arraycopy(value.data(), 0, values, p.offset(), p.size());
  }
}
