package io.github.lstm4j.vision;

import static io.github.lstm4j.vision.IdxTestFiles.gzip;
import static io.github.lstm4j.vision.IdxTestFiles.idx;
import static io.github.lstm4j.vision.IdxTestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import io.github.lstm4j.vision.MnistFiles.Split;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MnistFilesTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void loadReadsTheStandardFileNamesRawOrGzipped(boolean gzipped) throws IOException {
    byte[] images = IdxTestFiles.images(6, 28, 28, 11);
    byte[] labels = IdxTestFiles.labels(6, 10, 12);
    String suffix = gzipped ? ".gz" : "";
    write(dir.resolve("t10k-images-idx3-ubyte" + suffix), gzipped ? gzip(images) : images);
    write(dir.resolve("t10k-labels-idx1-ubyte" + suffix), gzipped ? gzip(labels) : labels);

    MnistDataset data = MnistFiles.load(dir, Split.TEST);

    assertThat(data).hasToString("MnistDataset(size=6, rows=28, cols=28, numClasses=10)");
    byte[] expectedPixels = IdxTestFiles.payload(images);
    assertThat(data.rawPixel(5, 27, 27)).isEqualTo(expectedPixels[6 * 784 - 1] & 0xFF);
    assertThat(data.label(3)).isEqualTo(IdxTestFiles.payload(labels)[3]);
  }

  @Test
  void loadReadsAnyImageShapeAndClassCount() throws IOException {
    // EMNIST-letters-like: labels 1..26, here with images of 3 × 7.
    Path images = write(dir.resolve("letters-images.gz"), gzip(IdxTestFiles.images(4, 3, 7, 1)));
    Path labels =
        write(
            dir.resolve("letters-labels"),
            idx(IdxFile.LABELS_MAGIC, new int[] {4}, new byte[] {1, 26, 5, 9}));

    MnistDataset data = MnistFiles.load(images, labels, 27);

    assertThat(data).hasToString("MnistDataset(size=4, rows=3, cols=7, numClasses=27)");
    assertThat(data.label(1)).isEqualTo(26);
  }

  @Test
  void loadRejectsALabelOutsideTheClasses() {
    Path images = write(dir.resolve("images"), IdxTestFiles.images(2, 2, 2, 1));
    Path labels =
        write(dir.resolve("labels"), idx(IdxFile.LABELS_MAGIC, new int[] {2}, new byte[] {3, 10}));

    assertThatIOException()
        .isThrownBy(() -> MnistFiles.load(images, labels, 10))
        .withMessage(labels + ": label 10 at index 1 is not in [0, 10)");
  }

  @Test
  void loadRejectsDifferentImageAndLabelCounts() {
    Path images = write(dir.resolve("images"), IdxTestFiles.images(3, 2, 2, 1));
    Path labels = write(dir.resolve("labels"), IdxTestFiles.labels(2, 10, 1));

    assertThatIOException()
        .isThrownBy(() -> MnistFiles.load(images, labels, 10))
        .withMessage("image count 3 in " + images + " does not match label count 2 in " + labels);
  }

  @Test
  void loadRejectsSwappedFiles() {
    Path images = write(dir.resolve("images"), IdxTestFiles.images(3, 2, 2, 1));
    Path labels = write(dir.resolve("labels"), IdxTestFiles.labels(3, 10, 1));

    assertThatIOException()
        .isThrownBy(() -> MnistFiles.load(labels, images, 10))
        .withMessage(labels + ": not an MNIST image file: magic 2051 expected, got 2049");
  }

  @Test
  void loadListsTheMissingFilesAndWhereToGetThem() {
    write(dir.resolve("train-labels-idx1-ubyte"), IdxTestFiles.labels(2, 10, 1));

    assertThatIOException()
        .isThrownBy(() -> MnistFiles.load(dir, Split.TRAIN))
        .withMessage(
            "MNIST files missing in "
                + dir.toAbsolutePath()
                + ": train-images-idx3-ubyte.gz (gzipped, or raw without .gz); download them from"
                + " https://storage.googleapis.com/cvdf-datasets/mnist/ (or"
                + " http://yann.lecun.com/exdb/mnist/) into that directory, or call"
                + " MnistFiles.loadOrDownload");
  }

  @Test
  void splitFileNamesAreTheStandardOnes() {
    assertThat(Split.TRAIN.imagesFileName()).isEqualTo("train-images-idx3-ubyte");
    assertThat(Split.TRAIN.labelsFileName()).isEqualTo("train-labels-idx1-ubyte");
    assertThat(Split.TEST.imagesFileName()).isEqualTo("t10k-images-idx3-ubyte");
    assertThat(Split.TEST.labelsFileName()).isEqualTo("t10k-labels-idx1-ubyte");
  }
}
