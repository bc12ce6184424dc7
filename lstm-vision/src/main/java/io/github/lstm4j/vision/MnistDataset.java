package io.github.lstm4j.vision;

import io.github.lstm4j.core.Checks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A labelled image data set in MNIST's layout: N grey-scale images of rows × cols unsigned bytes
 * and one class label per image, read by an LSTM one pixel row per time step.
 *
 * <p>Images stay compact as bytes (47 MB for MNIST's training set) and are scaled to [0, 1] only
 * when a batch is filled:
 *
 * <pre>
 * images   (N, rows, cols) unsigned bytes, 0 = background, 255 = full ink
 * labels   (N) in [0, numClasses)
 * batch x  (T = rows, B = count, I = cols) time-major:
 *          x[(t·B + b)·cols + c] = pixel(indices[from + b], t, c) = byte / 255f
 * </pre>
 *
 * <p>Nothing here is specific to 28 × 28 or to ten classes: {@link #load(Path, Path, int)} reads
 * any pair of IDX image and label files (Fashion-MNIST, EMNIST). A data set is immutable; {@link
 * #subset} and {@link #split} copy the selected images.
 *
 * <pre>{@code
 * MnistDataset train = MnistDataset.load(dir, MnistDataset.Split.TRAIN);
 * float[] x = new float[train.rows() * 128 * train.cols()]; // (T, B, I)
 * int[] y = new int[128];
 * int[] order = train.permutation(new SplittableRandom(42));
 * train.fillRowBatch(order, 0, 128, x, y);
 * }</pre>
 */
public final class MnistDataset {
  /** The number of classes of MNIST and Fashion-MNIST. */
  public static final int MNIST_CLASSES = 10;

  /** Where to get the files, for messages about missing ones. */
  private static final String SOURCES =
      MnistDownloader.CVDF_MIRROR + " (or http://yann.lecun.com/exdb/mnist/)";

  /** SCALE[v] = v / 255f, so filling a batch is one table lookup per pixel. */
  private static final float[] SCALE = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      SCALE[v] = v / 255f;
    }
  }

  /** One of the two standard MNIST file pairs. */
  public enum Split {
    /**
     * The 60000 training images: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}.
     */
    TRAIN("train"),
    /** The 10000 test images: {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}. */
    TEST("t10k");

    private final String prefix;

    Split(String prefix) {
      this.prefix = prefix;
    }

    /**
     * Returns the standard name of the raw image file; the gzipped file adds {@code ".gz"}.
     *
     * @return e.g. {@code "train-images-idx3-ubyte"}
     */
    public String imagesFileName() {
      return prefix + "-images-idx3-ubyte";
    }

    /**
     * Returns the standard name of the raw label file; the gzipped file adds {@code ".gz"}.
     *
     * @return e.g. {@code "train-labels-idx1-ubyte"}
     */
    public String labelsFileName() {
      return prefix + "-labels-idx1-ubyte";
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

  private final byte[] images; // (N, rows, cols) unsigned
  private final byte[] labels; // (N) in [0, numClasses)
  private final int rows;
  private final int cols;
  private final int numClasses;

  /** Takes ownership of already validated arrays. */
  private MnistDataset(byte[] images, byte[] labels, int rows, int cols, int numClasses) {
    assert images.length == (long) labels.length * rows * cols;
    this.images = images;
    this.labels = labels;
    this.rows = rows;
    this.cols = cols;
    this.numClasses = numClasses;
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
   * Loads one split of MNIST (or Fashion-MNIST, which uses the same names) from the four standard
   * file names in {@code directory}, each raw or gzipped ({@code .gz}; the raw file wins when both
   * exist). Never downloads; see {@link #loadOrDownload}.
   *
   * @param directory the folder holding e.g. {@code train-images-idx3-ubyte.gz} and {@code
   *     train-labels-idx1-ubyte.gz}
   * @param split which pair of files to read
   * @return the data set, with {@link #MNIST_CLASSES} classes
   * @throws IOException if a file is missing (the message lists the missing files and where to get
   *     them), unreadable or invalid, the image and label counts differ, or a label is {@code >=
   *     10}
   */
  public static MnistDataset load(Path directory, Split split) throws IOException {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(split, "split");
    Optional<Path> imagesFile = find(directory, split.imagesFileName());
    Optional<Path> labelsFile = find(directory, split.labelsFileName());
    if (imagesFile.isEmpty() || labelsFile.isEmpty()) {
      List<String> missing = new ArrayList<>();
      if (imagesFile.isEmpty()) {
        missing.add(split.imagesFileName() + ".gz");
      }
      if (labelsFile.isEmpty()) {
        missing.add(split.labelsFileName() + ".gz");
      }
      throw new IOException(
          "MNIST files missing in "
              + directory.toAbsolutePath()
              + ": "
              + String.join(", ", missing)
              + " (gzipped, or raw without .gz); download them from "
              + SOURCES
              + " into that directory, or call MnistDataset.loadOrDownload");
    }
    return load(imagesFile.get(), labelsFile.get(), MNIST_CLASSES);
  }

  /**
   * Loads one split like {@link #load(Path, Split)}, first downloading the files that are missing
   * in {@code directory} (as {@code .gz}, checked against the downloader's SHA-256 table). Files
   * already present are used as they are.
   *
   * @param directory the cache folder; created if needed
   * @param split which pair of files to read
   * @param downloader where to fetch missing files from, e.g. {@code new
   *     MnistDownloader(MnistDownloader.CVDF_MIRROR)}
   * @return the data set, with {@link #MNIST_CLASSES} classes
   * @throws IOException if a download fails (nothing is cached then) or the files are invalid
   * @throws IllegalArgumentException if the downloader has no checksum for a missing file
   */
  public static MnistDataset loadOrDownload(Path directory, Split split, MnistDownloader downloader)
      throws IOException {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(downloader, "downloader");
    for (String name : List.of(split.imagesFileName(), split.labelsFileName())) {
      if (find(directory, name).isEmpty()) {
        downloader.download(directory, name + ".gz");
      }
    }
    return load(directory, split);
  }

  /**
   * Loads any pair of IDX image and label files, raw or gzipped: MNIST, Fashion-MNIST, EMNIST.
   *
   * @param imagesFile an IDX file with magic 2051 and dimensions (N, rows, cols)
   * @param labelsFile an IDX file with magic 2049 and dimension (N)
   * @param numClasses number of classes, in [1, 256]; every label must be below it
   * @return the data set
   * @throws IOException if a file is unreadable or invalid, the image and label counts differ, or a
   *     label is {@code >= numClasses}
   * @throws IllegalArgumentException if {@code numClasses} is out of range
   */
  public static MnistDataset load(Path imagesFile, Path labelsFile, int numClasses)
      throws IOException {
    Objects.requireNonNull(imagesFile, "imagesFile");
    Objects.requireNonNull(labelsFile, "labelsFile");
    checkNumClasses(numClasses);
    IdxFile images = IdxFile.readImages(imagesFile);
    IdxFile labels = IdxFile.readLabels(labelsFile);
    if (images.dim(0) != labels.dim(0)) {
      throw new IOException(
          "image count "
              + images.dim(0)
              + " in "
              + imagesFile
              + " does not match label count "
              + labels.dim(0)
              + " in "
              + labelsFile);
    }
    int bad = firstLabelOutOfRange(labels.data(), numClasses);
    if (bad >= 0) {
      throw new IOException(
          labelsFile
              + ": label "
              + (labels.data()[bad] & 0xFF)
              + " at index "
              + bad
              + " is not in [0, "
              + numClasses
              + ")");
    }
    return new MnistDataset(images.data(), labels.data(), images.dim(1), images.dim(2), numClasses);
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
   * Returns the image height: the number of time steps T of a row batch.
   *
   * @return rows per image, 28 for MNIST
   */
  public int rows() {
    return rows;
  }

  /**
   * Returns the image width: the input size I of a row batch.
   *
   * @return pixels per row, 28 for MNIST
   */
  public int cols() {
    return cols;
  }

  /**
   * Returns the number of classes; every label is below it.
   *
   * @return the class count, 10 for MNIST
   */
  public int numClasses() {
    return numClasses;
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
   * Returns one pixel scaled to [0, 1], the value {@link #fillRowBatch} writes.
   *
   * @param index the image, in [0, size())
   * @param row the row (time step), in [0, rows())
   * @param col the column, in [0, cols())
   * @return {@code rawPixel(index, row, col) / 255f}
   * @throws IllegalArgumentException if an index is out of range
   */
  public float pixel(int index, int row, int col) {
    return SCALE[rawPixel(index, row, col)];
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
   * Writes a batch of images as a time-major row sequence, one image row per time step, and their
   * labels. Only the first rows · count · cols entries of {@code x} and count of {@code labels} are
   * written, so buffers sized for a full batch also serve a shorter last batch. Allocates nothing.
   *
   * <pre>
   * x[(t·count + b)·cols + c] = pixel(indices[from + b], t, c)     (T = rows, B = count, I = cols)
   * labels[b]                = label(indices[from + b])
   * </pre>
   *
   * @param indices image indices, e.g. an epoch's {@link #permutation}; each in [0, size())
   * @param from position in {@code indices} of the batch's first image
   * @param count batch size B, {@code > 0}, with {@code from + count <= indices.length}
   * @param x (T = rows, B = count, I = cols) destination, time-major, length {@code >= rows * count
   *     * cols}
   * @param labels (B) destination for the labels, length {@code >= count}
   * @throws IllegalArgumentException if a range, a buffer length or an index is out of bounds;
   *     nothing is written then
   */
  public void fillRowBatch(int[] indices, int from, int count, float[] x, int[] labels) {
    Objects.requireNonNull(indices, "indices");
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
    int size = this.labels.length;
    for (int b = 0; b < count; b++) {
      int index = indices[from + b];
      if (index < 0 || index >= size) {
        throw new IllegalArgumentException(
            "indices[" + (from + b) + "] must be in [0, " + size + "), got " + index);
      }
    }
    for (int b = 0; b < count; b++) {
      labels[b] = this.labels[indices[from + b]] & 0xFF;
    }
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
   * Returns the indices 0..size()−1 in a random order (Fisher–Yates), for one epoch. The same
   * generator state gives the same order; one generator seeded once gives a new order per epoch.
   *
   * @param random the source of randomness, e.g. {@code new SplittableRandom(42)}; advanced
   * @return a new permutation of [0, size())
   */
  public int[] permutation(SplittableRandom random) {
    Objects.requireNonNull(random, "random");
    int[] order = new int[labels.length];
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
   * @param indices image indices, each in [0, size()); at least one
   * @return a new data set with the same rows, cols and numClasses
   * @throws IllegalArgumentException if {@code indices} is empty or an index is out of range
   */
  public MnistDataset subset(int[] indices) {
    Objects.requireNonNull(indices, "indices");
    Checks.positive("indices.length", indices.length);
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= labels.length) {
        throw new IllegalArgumentException(
            "indices[" + i + "] must be in [0, " + labels.length + "), got " + indices[i]);
      }
    }
    long newSize = (long) indices.length * rows * cols;
    if (newSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "indices.length * rows * cols must be <= "
              + (Integer.MAX_VALUE - 8)
              + " pixels, got "
              + newSize);
    }
    return copyOf(indices);
  }

  /**
   * Holds out a random fraction of the images for validation. The choice depends only on {@code
   * seed}; each part keeps the original order of its images.
   *
   * @param validationFraction share of images held out, in (0, 1); {@code round(size() *
   *     validationFraction)} must leave at least one image in each part
   * @param seed seed of the {@link SplittableRandom} that picks the held-out images
   * @return the two parts, copied
   * @throws IllegalArgumentException if the fraction is out of range or leaves a part empty
   */
  public TrainValidation split(double validationFraction, long seed) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "validationFraction must be in (0, 1), got " + Checks.format(validationFraction));
    }
    int size = labels.length;
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
    int[] order = permutation(new SplittableRandom(seed));
    int[] validation = Arrays.copyOfRange(order, 0, validationCount);
    int[] train = Arrays.copyOfRange(order, validationCount, size);
    Arrays.sort(validation);
    Arrays.sort(train);
    return new TrainValidation(copyOf(train), copyOf(validation));
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

  private MnistDataset copyOf(int[] indices) {
    int pixels = rows * cols;
    byte[] newImages = new byte[indices.length * pixels];
    byte[] newLabels = new byte[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(images, indices[i] * pixels, newImages, i * pixels, pixels);
      newLabels[i] = labels[indices[i]];
    }
    return new MnistDataset(newImages, newLabels, rows, cols, numClasses);
  }

  private static Optional<Path> find(Path directory, String rawName) {
    Path raw = directory.resolve(rawName);
    if (Files.isRegularFile(raw)) {
      return Optional.of(raw);
    }
    Path gzipped = directory.resolve(rawName + ".gz");
    return Files.isRegularFile(gzipped) ? Optional.of(gzipped) : Optional.empty();
  }

  private static void checkNumClasses(int numClasses) {
    if (numClasses < 1 || numClasses > 256) {
      throw new IllegalArgumentException("numClasses must be in [1, 256], got " + numClasses);
    }
  }

  /** Returns the index of the first label {@code >= numClasses}, or −1 when all are in range. */
  private static int firstLabelOutOfRange(byte[] labels, int numClasses) {
    for (int i = 0; i < labels.length; i++) {
      if ((labels[i] & 0xFF) >= numClasses) {
        return i;
      }
    }
    return -1;
  }
}
