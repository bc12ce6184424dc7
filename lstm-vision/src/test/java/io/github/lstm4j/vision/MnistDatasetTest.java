package io.github.lstm4j.vision;

import static io.github.lstm4j.vision.IdxTestFiles.gzip;
import static io.github.lstm4j.vision.IdxTestFiles.idx;
import static io.github.lstm4j.vision.IdxTestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.vision.MnistDataset.Split;
import io.github.lstm4j.vision.MnistDataset.TrainValidation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MnistDatasetTest {
  @TempDir Path dir;

  /** Three 4 × 5 images whose pixel (i, r, c) is 20·i + 5·r + c, so every pixel is distinct. */
  private static MnistDataset coordinates() {
    byte[] images = new byte[3 * 4 * 5];
    for (int i = 0; i < 3; i++) {
      for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 5; c++) {
          images[(i * 4 + r) * 5 + c] = (byte) (20 * i + 5 * r + c);
        }
      }
    }
    return MnistDataset.of(images, new byte[] {7, 1, 4}, 4, 5, 10);
  }

  /** Dataset of n one-pixel images whose pixel equals the image index, labels index mod 3. */
  private static MnistDataset numbered(int n) {
    byte[] images = new byte[n];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      images[i] = (byte) i;
      labels[i] = (byte) (i % 3);
    }
    return MnistDataset.of(images, labels, 1, 1, 3);
  }

  @Test
  void fillRowBatchWritesOneImageRowPerTimeStepTimeMajor() {
    MnistDataset data = coordinates();
    int[] indices = {0, 2, 1, 0};
    float[] x = new float[4 * 2 * 5]; // (T=4, B=2, I=5)
    int[] labels = new int[2];

    data.fillRowBatch(indices, 1, 2, x, labels);

    for (int t = 0; t < 4; t++) {
      for (int b = 0; b < 2; b++) {
        int image = indices[1 + b];
        for (int c = 0; c < 5; c++) {
          assertThat(x[(t * 2 + b) * 5 + c]).isEqualTo((20 * image + 5 * t + c) / 255f);
        }
      }
    }
    assertThat(labels).containsExactly(4, 1);
  }

  @Test
  void fillRowBatchLeavesTheRestOfALargerBufferUntouched() {
    MnistDataset data = coordinates();
    float[] x = new float[4 * 3 * 5 + 1];
    Arrays.fill(x, -1f);
    int[] labels = {-1, -1, -1};

    data.fillRowBatch(new int[] {2}, 0, 1, x, labels);

    assertThat(Arrays.copyOfRange(x, 4 * 5, x.length)).containsOnly(-1f);
    assertThat(x[0]).isEqualTo(40 / 255f);
    assertThat(labels).containsExactly(4, -1, -1);
  }

  @Test
  void fillRowBatchRejectsAnIndexOutOfRangeBeforeWritingAnything() {
    MnistDataset data = coordinates();
    float[] x = new float[4 * 2 * 5];
    int[] labels = new int[2];

    assertThatIllegalArgumentException()
        .isThrownBy(() -> data.fillRowBatch(new int[] {1, 3}, 0, 2, x, labels))
        .withMessage("indices[1] must be in [0, 3), got 3");
    assertThat(x).containsOnly(0f);
    assertThat(labels).containsOnly(0);
  }

  @Test
  void fillRowBatchRejectsBuffersAndRangesThatDoNotFit() {
    MnistDataset data = coordinates();
    int[] indices = {0, 1, 2};

    assertThatIllegalArgumentException()
        .isThrownBy(() -> data.fillRowBatch(indices, 0, 2, new float[39], new int[2]))
        .withMessage("x must have length >= rows * count * cols = 4 * 2 * 5 = 40, got 39");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> data.fillRowBatch(indices, 0, 2, new float[40], new int[1]))
        .withMessage("labels must have length >= count = 2, got 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> data.fillRowBatch(indices, 2, 2, new float[40], new int[2]))
        .withMessage("from + count must be <= indices.length = 3, got 2 + 2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> data.fillRowBatch(indices, 0, 0, new float[40], new int[2]))
        .withMessage("count must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> data.fillRowBatch(indices, -1, 1, new float[40], new int[2]))
        .withMessage("from must be >= 0, got -1");
  }

  @Test
  void pixelsScaleByteValuesToTheUnitInterval() {
    MnistDataset data =
        MnistDataset.of(new byte[] {0, (byte) 128, (byte) 255}, new byte[1], 1, 3, 1);

    assertThat(data.rawPixel(0, 0, 2)).isEqualTo(255);
    assertThat(data.pixel(0, 0, 0)).isEqualTo(0f);
    assertThat(data.pixel(0, 0, 1)).isEqualTo(128 / 255f);
    assertThat(data.pixel(0, 0, 2)).isEqualTo(1f);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> data.pixel(0, 1, 0))
        .withMessage("row must be in [0, 1), got 1");
  }

  @Test
  void ofCopiesItsInputAndReportsTheShape() {
    byte[] images = new byte[2 * 3 * 2];
    byte[] labels = {1, 0};
    MnistDataset data = MnistDataset.of(images, labels, 3, 2, 2);

    images[0] = 9;
    labels[0] = 0;

    assertThat(data.rawPixel(0, 0, 0)).isZero();
    assertThat(data.label(0)).isEqualTo(1);
    assertThat(data.size()).isEqualTo(2);
    assertThat(data.rows()).isEqualTo(3);
    assertThat(data.cols()).isEqualTo(2);
    assertThat(data.numClasses()).isEqualTo(2);
    assertThat(data).hasToString("MnistDataset(size=2, rows=3, cols=2, numClasses=2)");
  }

  @Test
  void ofRejectsInconsistentArrays() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MnistDataset.of(new byte[10], new byte[2], 2, 3, 10))
        .withMessage(
            "images must have length labels.length * rows * cols = 2 * 2 * 3 = 12, got 10");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MnistDataset.of(new byte[2], new byte[] {3, 10}, 1, 1, 10))
        .withMessage("labels[1] must be in [0, numClasses = 10), got 10");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MnistDataset.of(new byte[1], new byte[] {(byte) 200}, 1, 1, 10))
        .withMessage("labels[0] must be in [0, numClasses = 10), got 200");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MnistDataset.of(new byte[0], new byte[0], 1, 1, 10))
        .withMessage("labels.length must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MnistDataset.of(new byte[1], new byte[1], 1, 1, 257))
        .withMessage("numClasses must be in [1, 256], got 257");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MnistDataset.of(new byte[1], new byte[1], 0, 1, 10))
        .withMessage("rows must be > 0, got 0");
  }

  @Test
  void samePermutationForTheSameSeedAndANewOneEachEpoch() {
    MnistDataset data = numbered(50);
    SplittableRandom random = new SplittableRandom(42);

    int[] first = data.permutation(random);
    int[] second = data.permutation(random);

    assertThat(first).containsExactlyInAnyOrder(IntStream.range(0, 50).toArray());
    assertThat(second).containsExactlyInAnyOrder(IntStream.range(0, 50).toArray());
    assertThat(second).isNotEqualTo(first);
    assertThat(data.permutation(new SplittableRandom(42))).isEqualTo(first);
  }

  @Test
  void subsetCopiesTheChosenImagesInOrder() {
    MnistDataset data = coordinates();

    MnistDataset subset = data.subset(new int[] {2, 0, 2});

    assertThat(subset.size()).isEqualTo(3);
    assertThat(subset.rawPixel(0, 3, 4)).isEqualTo(data.rawPixel(2, 3, 4));
    assertThat(subset.rawPixel(1, 1, 1)).isEqualTo(data.rawPixel(0, 1, 1));
    assertThat(new int[] {subset.label(0), subset.label(1), subset.label(2)})
        .containsExactly(4, 7, 4);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> data.subset(new int[] {0, -1}))
        .withMessage("indices[1] must be in [0, 3), got -1");
  }

  @Test
  void splitHoldsOutTheRoundedFractionDisjointlyAndReproducibly() {
    MnistDataset data = numbered(100);

    TrainValidation parts = data.split(0.15, 7);

    assertThat(parts.validation().size()).isEqualTo(15);
    assertThat(parts.train().size()).isEqualTo(85);
    int[] validation = pixelsOf(parts.validation());
    int[] train = pixelsOf(parts.train());
    assertThat(validation).isSorted();
    assertThat(train).isSorted();
    assertThat(IntStream.concat(Arrays.stream(validation), Arrays.stream(train)).toArray())
        .containsExactlyInAnyOrder(IntStream.range(0, 100).toArray());
    assertThat(parts.train().label(0)).isEqualTo(train[0] % 3);
    assertThat(pixelsOf(data.split(0.15, 7).validation())).isEqualTo(validation);
    assertThat(pixelsOf(data.split(0.15, 8).validation())).isNotEqualTo(validation);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 1, -0.5, Double.NaN})
  void splitRejectsFractionsOutsideTheOpenUnitInterval(double fraction) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> numbered(10).split(fraction, 1))
        .withMessage("validationFraction must be in (0, 1), got " + Checks.format(fraction));
  }

  @Test
  void splitRejectsAFractionThatLeavesAPartEmpty() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> numbered(10).split(0.01, 1))
        .withMessage(
            "validationFraction must hold out between 1 and 9 of 10 images, got 0.01 (0 images)");
  }

  @Test
  void labelCountsSumToTheSize() {
    assertThat(numbered(10).labelCounts()).containsExactly(4, 3, 3);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void loadReadsTheStandardFileNamesRawOrGzipped(boolean gzipped) throws IOException {
    byte[] images = IdxTestFiles.images(6, 28, 28, 11);
    byte[] labels = IdxTestFiles.labels(6, 10, 12);
    String suffix = gzipped ? ".gz" : "";
    write(dir.resolve("t10k-images-idx3-ubyte" + suffix), gzipped ? gzip(images) : images);
    write(dir.resolve("t10k-labels-idx1-ubyte" + suffix), gzipped ? gzip(labels) : labels);

    MnistDataset data = MnistDataset.load(dir, Split.TEST);

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

    MnistDataset data = MnistDataset.load(images, labels, 27);

    assertThat(data).hasToString("MnistDataset(size=4, rows=3, cols=7, numClasses=27)");
    assertThat(data.label(1)).isEqualTo(26);
  }

  @Test
  void loadRejectsALabelOutsideTheClasses() {
    Path images = write(dir.resolve("images"), IdxTestFiles.images(2, 2, 2, 1));
    Path labels =
        write(dir.resolve("labels"), idx(IdxFile.LABELS_MAGIC, new int[] {2}, new byte[] {3, 10}));

    assertThatIOException()
        .isThrownBy(() -> MnistDataset.load(images, labels, 10))
        .withMessage(labels + ": label 10 at index 1 is not in [0, 10)");
  }

  @Test
  void loadRejectsDifferentImageAndLabelCounts() {
    Path images = write(dir.resolve("images"), IdxTestFiles.images(3, 2, 2, 1));
    Path labels = write(dir.resolve("labels"), IdxTestFiles.labels(2, 10, 1));

    assertThatIOException()
        .isThrownBy(() -> MnistDataset.load(images, labels, 10))
        .withMessage("image count 3 in " + images + " does not match label count 2 in " + labels);
  }

  @Test
  void loadRejectsSwappedFiles() {
    Path images = write(dir.resolve("images"), IdxTestFiles.images(3, 2, 2, 1));
    Path labels = write(dir.resolve("labels"), IdxTestFiles.labels(3, 10, 1));

    assertThatIOException()
        .isThrownBy(() -> MnistDataset.load(labels, images, 10))
        .withMessage(labels + ": not an MNIST image file: magic 2051 expected, got 2049");
  }

  @Test
  void loadListsTheMissingFilesAndWhereToGetThem() {
    write(dir.resolve("train-labels-idx1-ubyte"), IdxTestFiles.labels(2, 10, 1));

    assertThatIOException()
        .isThrownBy(() -> MnistDataset.load(dir, Split.TRAIN))
        .withMessage(
            "MNIST files missing in "
                + dir.toAbsolutePath()
                + ": train-images-idx3-ubyte.gz (gzipped, or raw without .gz); download them from"
                + " https://storage.googleapis.com/cvdf-datasets/mnist/ (or"
                + " http://yann.lecun.com/exdb/mnist/) into that directory, or call"
                + " MnistDataset.loadOrDownload");
  }

  @Test
  void splitFileNamesAreTheStandardOnes() {
    assertThat(Split.TRAIN.imagesFileName()).isEqualTo("train-images-idx3-ubyte");
    assertThat(Split.TRAIN.labelsFileName()).isEqualTo("train-labels-idx1-ubyte");
    assertThat(Split.TEST.imagesFileName()).isEqualTo("t10k-images-idx3-ubyte");
    assertThat(Split.TEST.labelsFileName()).isEqualTo("t10k-labels-idx1-ubyte");
  }

  private static int[] pixelsOf(MnistDataset data) {
    return IntStream.range(0, data.size()).map(i -> data.rawPixel(i, 0, 0)).toArray();
  }
}
