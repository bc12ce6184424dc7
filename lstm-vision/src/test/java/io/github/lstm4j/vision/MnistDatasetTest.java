package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class MnistDatasetTest {
  /** Three 4 × 5 images whose pixel (i, r, c) is 20·i + 5·r + c, so every pixel is distinct. */
  static MnistDataset coordinates() {
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
  static MnistDataset numbered(int n) {
    byte[] images = new byte[n];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      images[i] = (byte) i;
      labels[i] = (byte) (i % 3);
    }
    return MnistDataset.of(images, labels, 1, 1, 3);
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
    assertThat(data.shape().rows()).isEqualTo(3);
    assertThat(data.shape().cols()).isEqualTo(2);
    assertThat(data.shape().numClasses()).isEqualTo(2);
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
  void labelCountsSumToTheSize() {
    assertThat(numbered(10).labelCounts()).containsExactly(4, 3, 3);
  }
}
