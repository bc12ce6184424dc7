package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.tensor.Tensor;

/**
 * A named view into the flat arrays of {@link Parameters}: the parameter's values live at {@code
 * values()[offset .. offset + size())}, its gradient at the same place in {@code grads()}.
 *
 * <p>Names follow PyTorch's state_dict ({@code weight_ih_l0}, {@code weight_hh_l0_reverse}, {@code
 * head.weight}) so that models map to and from PyTorch by name.
 *
 * @param name the unique name
 * @param offset the first index in the flat arrays
 * @param shape the dimensions, row-major
 */
public record Param(String name, int offset, int[] shape) {
  /**
   * Copies the shape so that the record stays immutable.
   *
   * @param name see the record description
   * @param offset see the record description
   * @param shape see the record description
   */
  public Param {
    shape = shape.clone();
  }

  /**
   * Returns a copy of the shape.
   *
   * @return the dimensions
   */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Returns the number of values.
   *
   * @return the product of the dimensions
   */
  public int size() {
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    return size;
  }

  /**
   * Returns one dimension.
   *
   * @param axis the dimension index
   * @return that dimension's size
   */
  public int dim(int axis) {
    return shape[axis];
  }

  @Override
  public String toString() {
    return name + Tensor.shapeString(shape) + "@" + offset;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Param p
        && p.name.equals(name)
        && p.offset == offset
        && java.util.Arrays.equals(p.shape, shape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + offset;
  }
}
