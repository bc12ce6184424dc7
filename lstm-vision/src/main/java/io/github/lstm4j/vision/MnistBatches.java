package io.github.lstm4j.vision;

import io.github.lstm4j.core.Checks;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Turns a {@link MnistDataset} into what training reads: an epoch's random order, time-major row
 * batches scaled to [0, 1], copied subsets and a seeded train/validation split.
 *
 * <pre>
 * batch x  (T = rows, B = count, I = cols) time-major:
 *          x[(t·B + b)·cols + c] = pixel(indices[from + b], t, c) = byte / 255f
 * labels   (B) = label(indices[from + b])
 * </pre>
 *
 * <p>It neither finds nor reads files ({@link MnistFiles} does) and keeps no state: every method
 * reads the data set it is given, which stays unchanged.
 *
 * <pre>{@code
 * float[] x = new float[train.shape().rows() * 128 * train.shape().cols()]; // (T, B, I)
 * int[] y = new int[128];
 * int[] order = MnistBatches.permutation(train, new SplittableRandom(42));
 * MnistBatches.fillRowBatch(train, order, 0, 128, x, y);
 * }</pre>
 */
public final class MnistBatches {
  /** SCALE[v] = v / 255f, so filling a batch is one table lookup per pixel. */
  private static final float[] SCALE = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      SCALE[v] = v / 255f;
    }
  }

  /**
   * A data set divided into a training part and a held-out validation part.
   *
   * @param train the images used for fitting
   * @param validation the held-out images
   */
  public record TrainValidation(MnistDataset train, MnistDataset validation) {
    /**
     * Checks that both parts are present.
     *
     * @param train the images used for fitting
     * @param validation the held-out images
     * @throws NullPointerException if either part is null
     */
    public TrainValidation {
      Objects.requireNonNull(train, "train");
      Objects.requireNonNull(validation, "validation");
    }
  }

  private MnistBatches() {}

  /**
   * Writes a batch of images as a time-major row sequence, one image row per time step, and their
   * labels. Only the first rows · count · cols entries of {@code x} and count of {@code labels} are
   * written, so buffers sized for a full batch also serve a shorter last batch. Allocates nothing.
   *
   * <pre>
   * x[(t·count + b)·cols + c] = pixel(indices[from + b], t, c)     (T = rows, B = count, I = cols)
   * labels[b]                = label(indices[from + b])
   * </pre>
   *
   * @param data the images
   * @param indices image indices, e.g. an epoch's {@link #permutation}; each in [0, data.size())
   * @param from position in {@code indices} of the batch's first image
   * @param count batch size B, {@code > 0}, with {@code from + count <= indices.length}
   * @param x (T = rows, B = count, I = cols) destination, time-major, length {@code >= rows * count
   *     * cols}
   * @param labels (B) destination for the labels, length {@code >= count}
   * @throws IllegalArgumentException if a range, a buffer length or an index is out of bounds;
   *     nothing is written then
   */
  public static void fillRowBatch(
      MnistDataset data, int[] indices, int from, int count, float[] x, int[] labels) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(indices, "indices");
    int rows = data.shape().rows();
    int cols = data.shape().cols();
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(labels, "labels");
    Checks.nonNegative("from", from);
    Checks.positive("count", count);
    if ((long) from + count > indices.length) {
      throw new IllegalArgumentException(
          "from + count must be <= indices.length = "
              + indices.length
              + ", got "
              + from
              + " + "
              + count);
    }
    long needed = (long) rows * count * cols;
    if (x.length < needed) {
      throw new IllegalArgumentException(
          "x must have length >= rows * count * cols = "
              + rows
              + " * "
              + count
              + " * "
              + cols
              + " = "
              + needed
              + ", got "
              + x.length);
    }
    if (labels.length < count) {
      throw new IllegalArgumentException(
          "labels must have length >= count = " + count + ", got " + labels.length);
    }
    int size = data.size();
    for (int b = 0; b < count; b++) {
      int index = indices[from + b];
      if (index < 0 || index >= size) {
        throw new IllegalArgumentException(
            "indices[" + (from + b) + "] must be in [0, " + size + "), got " + index);
      }
    }
    for (int b = 0; b < count; b++) {
      labels[b] = data.labelBytes()[indices[from + b]] & 0xFF;
    }
    byte[] images = data.imageBytes(); // (N, rows, cols)
    // Writes x sequentially; each (t, b) pair copies one image row of cols pixels.
    for (int t = 0; t < rows; t++) {
      for (int b = 0; b < count; b++) {
        int src = (indices[from + b] * rows + t) * cols;
        int dst = (t * count + b) * cols;
        for (int c = 0; c < cols; c++) {
          x[dst + c] = SCALE[images[src + c] & 0xFF];
        }
      }
    }
  }

  /**
   * Returns the indices 0..data.size()−1 in a random order (Fisher–Yates), for one epoch. The same
   * generator state gives the same order; one generator seeded once gives a new order per epoch.
   *
   * @param data the images to order
   * @param random the source of randomness, e.g. {@code new SplittableRandom(42)}; advanced
   * @return a new permutation of [0, data.size())
   */
  public static int[] permutation(MnistDataset data, SplittableRandom random) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(random, "random");
    int[] order = new int[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /**
   * Copies the selected images into a new data set, in the order given (repeats allowed).
   *
   * @param data the images to copy from
   * @param indices image indices, each in [0, data.size()); at least one
   * @return a new data set with the same rows, cols and numClasses
   * @throws IllegalArgumentException if {@code indices} is empty or an index is out of range
   */
  public static MnistDataset subset(MnistDataset data, int[] indices) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(indices, "indices");
    int size = data.size();
    Checks.positive("indices.length", indices.length);
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= size) {
        throw new IllegalArgumentException(
            "indices[" + i + "] must be in [0, " + size + "), got " + indices[i]);
      }
    }
    long newSize = (long) indices.length * data.shape().rows() * data.shape().cols();
    if (newSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "indices.length * rows * cols must be <= "
              + (Integer.MAX_VALUE - 8)
              + " pixels, got "
              + newSize);
    }
    return data.select(indices);
  }

  /**
   * Holds out a random fraction of the images for validation. The choice depends only on {@code
   * seed}; each part keeps the original order of its images.
   *
   * @param data the images to divide
   * @param validationFraction share of images held out, in (0, 1); {@code round(data.size() *
   *     validationFraction)} must leave at least one image in each part
   * @param seed seed of the {@link SplittableRandom} that picks the held-out images
   * @return the two parts, copied
   * @throws IllegalArgumentException if the fraction is out of range or leaves a part empty
   */
  public static TrainValidation split(MnistDataset data, double validationFraction, long seed) {
    Objects.requireNonNull(data, "data");
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "validationFraction must be in (0, 1), got " + Checks.format(validationFraction));
    }
    int size = data.size();
    int validationCount = (int) Math.round(size * validationFraction);
    if (validationCount < 1 || validationCount >= size) {
      throw new IllegalArgumentException(
          "validationFraction must hold out between 1 and "
              + (size - 1)
              + " of "
              + size
              + " images, got "
              + Checks.format(validationFraction)
              + " ("
              + validationCount
              + " images)");
    }
    int[] order = permutation(data, new SplittableRandom(seed));
    int[] validation = Arrays.copyOfRange(order, 0, validationCount);
    int[] train = Arrays.copyOfRange(order, validationCount, size);
    Arrays.sort(validation);
    Arrays.sort(train);
    return new TrainValidation(data.select(train), data.select(validation));
  }
}
