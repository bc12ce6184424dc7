package io.github.lstm4j.core.tensor;

import io.github.lstm4j.core.Checks;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense row-major {@code float[]} with an immutable shape.
 *
 * <p>The data array is live, not copied: {@link #data()} returns the array itself, so kernels and
 * layers read and write it without copies. A tensor is not a view with strides; sequence batches
 * are rank-3 tensors of shape (T, B, F), time-major.
 *
 * <pre>{@code
 * Tensor x = Tensor.zeros(100, 32, 65); // (T, B, I)
 * x.data()[(t * 32 + b) * 65 + c] = 1f;
 * }</pre>
 */
public final class Tensor {
  private final float[] data;
  private final int[] shape;

  private Tensor(float[] data, int[] shape) {
    this.data = data;
    this.shape = shape;
  }

  /**
   * Creates a tensor filled with zeros.
   *
   * @param shape the dimensions, each {@code >= 0}
   * @return a new tensor
   * @throws IllegalArgumentException if a dimension is negative or the size overflows an int
   */
  public static Tensor zeros(int... shape) {
    int[] s = shape.clone();
    return new Tensor(new float[sizeOf(s)], s);
  }

  /**
   * Wraps an existing array without copying it.
   *
   * @param data the values, row-major; its length must equal the product of {@code shape}
   * @param shape the dimensions, each {@code >= 0}
   * @return a tensor backed by {@code data}
   * @throws IllegalArgumentException if the length does not match the shape
   */
  public static Tensor wrap(float[] data, int... shape) {
    Objects.requireNonNull(data, "data");
    int[] s = shape.clone();
    int size = sizeOf(s);
    if (data.length != size) {
      throw new IllegalArgumentException(
          "data must have length "
              + size
              + " for shape "
              + shapeString(s)
              + ", got "
              + data.length);
    }
    return new Tensor(data, s);
  }

  private static int sizeOf(int[] shape) {
    long size = 1;
    for (int i = 0; i < shape.length; i++) {
      Checks.nonNegative("shape[" + i + "]", shape[i]);
      size *= shape[i];
      if (size > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "shape " + shapeString(shape) + " has more than 2^31 - 9 elements");
      }
    }
    return (int) size;
  }

  /**
   * Returns the backing array (live, not a copy).
   *
   * @return the row-major values
   */
  public float[] data() {
    return data;
  }

  /**
   * Returns a copy of the shape.
   *
   * @return the dimensions
   */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Returns one dimension.
   *
   * @param axis the dimension index, {@code 0 <= axis < rank()}
   * @return the size of that dimension
   */
  public int dim(int axis) {
    return shape[Checks.index("axis", axis, shape.length)];
  }

  /**
   * Returns the number of dimensions.
   *
   * @return the rank
   */
  public int rank() {
    return shape.length;
  }

  /**
   * Returns the number of elements.
   *
   * @return the product of the dimensions
   */
  public int size() {
    return data.length;
  }

  /**
   * Returns a deep copy.
   *
   * @return a tensor with its own copy of the data
   */
  public Tensor copy() {
    return new Tensor(data.clone(), shape);
  }

  /**
   * Tells whether this tensor has exactly the given shape.
   *
   * @param expected the dimensions to compare with
   * @return true if the rank and every dimension match
   */
  public boolean hasShape(int... expected) {
    return Arrays.equals(shape, expected);
  }

  /**
   * Tells whether another tensor has this tensor's shape, without copying either shape (so that
   * checks on a per-step path allocate nothing).
   *
   * @param other the tensor to compare with
   * @return true if the rank and every dimension match
   */
  public boolean hasSameShape(Tensor other) {
    return Arrays.equals(shape, other.shape);
  }

  /**
   * Throws unless this tensor has the given shape; the message names the tensor and both shapes.
   *
   * @param name the parameter name used in the message
   * @param dimNames the dimension names, e.g. {@code "seqLen", "batchSize", "inputSize"}
   * @param expected the expected dimensions; a negative entry matches any size
   * @return this tensor
   * @throws IllegalArgumentException if the shape differs
   */
  public Tensor requireShape(String name, String[] dimNames, int... expected) {
    boolean ok = expected.length == shape.length;
    for (int i = 0; ok && i < expected.length; i++) {
      ok = expected[i] < 0 || expected[i] == shape[i];
    }
    if (!ok) {
      StringBuilder rule = new StringBuilder("(");
      for (int i = 0; i < expected.length; i++) {
        rule.append(i == 0 ? "" : ", ").append(dimNames[i]);
        if (expected[i] >= 0) {
          rule.append('=').append(expected[i]);
        }
      }
      rule.append(')');
      throw new IllegalArgumentException(
          name + " must have shape " + rule + ", got " + shapeString(shape));
    }
    return this;
  }

  /**
   * Formats a shape as {@code (d0, d1, ...)}.
   *
   * @param shape the dimensions
   * @return the text
   */
  public static String shapeString(int... shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.append(')').toString();
  }

  @Override
  public String toString() {
    return "Tensor" + shapeString(shape);
  }
}
