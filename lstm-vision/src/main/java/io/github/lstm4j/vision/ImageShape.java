package io.github.lstm4j.vision;

import io.github.lstm4j.core.Checks;

/**
 * The shape of an image-classification problem: images of {@code rows × cols} pixels, read row by
 * row as {@code rows} time steps of {@code cols} inputs, each image in one of {@code numClasses}
 * classes. A model and a data set fit each other when their shapes are equal.
 *
 * <pre>{@code
 * if (!model.shape().equals(test.shape())) { ... } // e.g. ImageShape[rows=28, cols=28, numClasses=10]
 * }</pre>
 *
 * @param rows image height: the time steps T, {@code > 0}
 * @param cols image width: the inputs per step I, {@code > 0}
 * @param numClasses the classes an image can be in, {@code > 0}
 */
public record ImageShape(int rows, int cols, int numClasses) {

  /**
   * Validates the sizes.
   *
   * @param rows see the record description
   * @param cols see the record description
   * @param numClasses see the record description
   * @throws IllegalArgumentException naming the size that is not positive
   */
  public ImageShape {
    Checks.positive("rows", rows);
    Checks.positive("cols", cols);
    Checks.positive("numClasses", numClasses);
  }

  /**
   * Describes the shape for messages.
   *
   * @return e.g. {@code "28 × 28 images in 10 classes"}
   */
  public String describe() {
    return rows + " × " + cols + " images in " + numClasses + " classes";
  }
}
