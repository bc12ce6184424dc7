package io.github.lstm4j.vision;

import io.github.lstm4j.core.Checks;
import java.util.Objects;

/**
 * A labelled image data set in MNIST's layout: N grey-scale images of rows × cols unsigned bytes
 * and one class label per image, read by an LSTM one pixel row per time step.
 *
 * <p>Images stay compact as bytes (47 MB for MNIST's training set) and are scaled to [0, 1] only
 * when {@link MnistBatches} fills a batch:
 *
 * <pre>
 * images   (N, rows, cols) unsigned bytes, 0 = background, 255 = full ink
 * labels   (N) in [0, numClasses)
 * </pre>
 *
 * <p>Nothing here is specific to 28 × 28 or to ten classes. A data set is immutable and holds only
 * the images: {@link MnistFiles} finds and reads the IDX files, {@link MnistBatches} shuffles,
 * batches, subsets and splits.
 *
 * <pre>{@code
 * MnistDataset train = MnistFiles.load(dir, MnistFiles.Split.TRAIN);
 * MnistDataset tiny = MnistDataset.of(images, labels, 28, 28, 10); // in-memory bytes
 * }</pre>
 */
public final class MnistDataset {
  /** The number of classes of MNIST and Fashion-MNIST. */
  public static final int MNIST_CLASSES = 10;

  private final byte[] images; // (N, rows, cols) unsigned
  private final byte[] labels; // (N) in [0, numClasses)
  private final int rows;
  private final int cols;
  private final int numClasses;
  private final ImageShape shape;

  /** Takes ownership of already validated arrays; {@link MnistFiles} and {@link #select} use it. */
  MnistDataset(byte[] images, byte[] labels, int rows, int cols, int numClasses) {
    assert images.length == (long) labels.length * rows * cols;
    this.images = images;
    this.labels = labels;
    this.rows = rows;
    this.cols = cols;
    this.numClasses = numClasses;
    this.shape = new ImageShape(rows, cols, numClasses);
  }

  /**
   * Creates a data set from in-memory arrays, which are copied.
   *
   * @param images (N, rows, cols) unsigned pixel bytes, row-major, image after image
   * @param labels (N) class of each image, unsigned, each in [0, numClasses); N {@code > 0}
   * @param rows image height, the number of time steps T, {@code > 0}
   * @param cols image width, the input size I, {@code > 0}
   * @param numClasses number of classes, in [1, 256]
   * @return a new data set
   * @throws IllegalArgumentException if a size is out of range, {@code images} does not hold {@code
   *     labels.length} images of rows × cols, or a label is {@code >= numClasses}
   */
  public static MnistDataset of(byte[] images, byte[] labels, int rows, int cols, int numClasses) {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(labels, "labels");
    Checks.positive("rows", rows);
    Checks.positive("cols", cols);
    checkNumClasses(numClasses);
    Checks.positive("labels.length", labels.length);
    long expected = (long) labels.length * rows * cols;
    if (images.length != expected) {
      throw new IllegalArgumentException(
          "images must have length labels.length * rows * cols = "
              + labels.length
              + " * "
              + rows
              + " * "
              + cols
              + " = "
              + expected
              + ", got "
              + images.length);
    }
    int bad = firstLabelOutOfRange(labels, numClasses);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "labels["
              + bad
              + "] must be in [0, numClasses = "
              + numClasses
              + "), got "
              + (labels[bad] & 0xFF));
    }
    return new MnistDataset(images.clone(), labels.clone(), rows, cols, numClasses);
  }

  /**
   * Returns the number of images.
   *
   * @return N, {@code > 0}
   */
  public int size() {
    return labels.length;
  }

  /**
   * Returns the image size and the class count: rows are the time steps T of a row batch, cols its
   * input size I, and every label is below numClasses.
   *
   * @return the shape, 28 × 28 images in 10 classes for MNIST
   */
  public ImageShape shape() {
    return shape;
  }

  /**
   * Returns the class of one image.
   *
   * @param index the image, in [0, size())
   * @return its label, in [0, numClasses())
   * @throws IllegalArgumentException if {@code index} is out of range
   */
  public int label(int index) {
    Checks.index("index", index, labels.length);
    return labels[index] & 0xFF;
  }

  /**
   * Returns one pixel as stored.
   *
   * @param index the image, in [0, size())
   * @param row the row (time step), in [0, rows())
   * @param col the column, in [0, cols())
   * @return the grey value in [0, 255], 0 = background
   * @throws IllegalArgumentException if an index is out of range
   */
  public int rawPixel(int index, int row, int col) {
    Checks.index("index", index, labels.length);
    Checks.index("row", row, rows);
    Checks.index("col", col, cols);
    return images[(index * rows + row) * cols + col] & 0xFF;
  }

  /**
   * Returns one pixel scaled to [0, 1], the value {@link MnistBatches#fillRowBatch} writes.
   *
   * @param index the image, in [0, size())
   * @param row the row (time step), in [0, rows())
   * @param col the column, in [0, cols())
   * @return {@code rawPixel(index, row, col) / 255f}
   * @throws IllegalArgumentException if an index is out of range
   */
  public float pixel(int index, int row, int col) {
    return rawPixel(index, row, col) / 255f;
  }

  /**
   * Counts the images of each class.
   *
   * @return (numClasses) counts, summing to {@link #size()}
   */
  public int[] labelCounts() {
    int[] counts = new int[numClasses];
    for (byte label : labels) {
      counts[label & 0xFF]++;
    }
    return counts;
  }

  /**
   * Describes the data set's shape.
   *
   * @return e.g. {@code "MnistDataset(size=60000, rows=28, cols=28, numClasses=10)"}
   */
  @Override
  public String toString() {
    return "MnistDataset(size="
        + labels.length
        + ", rows="
        + rows
        + ", cols="
        + cols
        + ", numClasses="
        + numClasses
        + ")";
  }

  /** The pixel bytes as stored, not copied: (N, rows, cols) unsigned. For {@link MnistBatches}. */
  byte[] imageBytes() {
    return images;
  }

  /** The label bytes as stored, not copied: (N) unsigned. For {@link MnistBatches}. */
  byte[] labelBytes() {
    return labels;
  }

  /** Copies the images at {@code indices} (already checked) into a new data set, in that order. */
  MnistDataset select(int[] indices) {
    int pixels = rows * cols;
    byte[] newImages = new byte[indices.length * pixels];
    byte[] newLabels = new byte[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(images, indices[i] * pixels, newImages, i * pixels, pixels);
      newLabels[i] = labels[indices[i]];
    }
    return new MnistDataset(newImages, newLabels, rows, cols, numClasses);
  }

  /** Checks a class count for {@link #of} and {@link MnistFiles}. */
  static void checkNumClasses(int numClasses) {
    if (numClasses < 1 || numClasses > 256) {
      throw new IllegalArgumentException("numClasses must be in [1, 256], got " + numClasses);
    }
  }

  /** Returns the index of the first label {@code >= numClasses}, or −1 when all are in range. */
  static int firstLabelOutOfRange(byte[] labels, int numClasses) {
    for (int i = 0; i < labels.length; i++) {
      if ((labels[i] & 0xFF) >= numClasses) {
        return i;
      }
    }
    return -1;
  }
}
