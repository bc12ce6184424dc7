package io.github.lstm4j.vision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds and loads the IDX image and label file pair of an MNIST-layout data set into a {@link
 * MnistDataset}: the four standard MNIST names in a folder (raw or gzipped), or any two IDX files
 * (Fashion-MNIST, EMNIST).
 *
 * <p>It does not fetch anything itself: {@link #loadOrDownload} hands the missing files to a {@link
 * MnistDownloader}, which verifies them. Batching, shuffling and splitting are {@link
 * MnistBatches}'.
 *
 * <pre>{@code
 * MnistDataset train = MnistFiles.load(dir, MnistFiles.Split.TRAIN);
 * MnistDataset letters = MnistFiles.load(imagesFile, labelsFile, 27);
 * }</pre>
 */
public final class MnistFiles {
  /** Where to get the files, for messages about missing ones. */
  private static final String SOURCES =
      MnistDownloader.CVDF_MIRROR + " (or http://yann.lecun.com/exdb/mnist/)";

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

  private MnistFiles() {}

  /**
   * Loads one split of MNIST (or Fashion-MNIST, which uses the same names) from the four standard
   * file names in {@code directory}, each raw or gzipped ({@code .gz}; the raw file wins when both
   * exist). Never downloads; see {@link #loadOrDownload}.
   *
   * @param directory the folder holding e.g. {@code train-images-idx3-ubyte.gz} and {@code
   *     train-labels-idx1-ubyte.gz}
   * @param split which pair of files to read
   * @return the data set, with {@link MnistDataset#MNIST_CLASSES} classes
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
              + " into that directory, or call MnistFiles.loadOrDownload");
    }
    return load(imagesFile.get(), labelsFile.get(), MnistDataset.MNIST_CLASSES);
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
   * @return the data set, with {@link MnistDataset#MNIST_CLASSES} classes
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
    MnistDataset.checkNumClasses(numClasses);
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
    int bad = MnistDataset.firstLabelOutOfRange(labels.data(), numClasses);
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

  private static Optional<Path> find(Path directory, String rawName) {
    Path raw = directory.resolve(rawName);
    if (Files.isRegularFile(raw)) {
      return Optional.of(raw);
    }
    Path gzipped = directory.resolve(rawName + ".gz");
    return Files.isRegularFile(gzipped) ? Optional.of(gzipped) : Optional.empty();
  }
}
