package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.vision.MnistBatches.TrainValidation;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MnistBatchesTest {
  @Test
  void fillRowBatchWritesOneImageRowPerTimeStepTimeMajor() {
    MnistDataset data = MnistDatasetTest.coordinates();
    int[] indices = {0, 2, 1, 0};
    float[] x = new float[4 * 2 * 5]; // (T=4, B=2, I=5)
    int[] labels = new int[2];

    MnistBatches.fillRowBatch(data, indices, 1, 2, x, labels);

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
    MnistDataset data = MnistDatasetTest.coordinates();
    float[] x = new float[4 * 3 * 5 + 1];
    Arrays.fill(x, -1f);
    int[] labels = {-1, -1, -1};

    MnistBatches.fillRowBatch(data, new int[] {2}, 0, 1, x, labels);

    assertThat(Arrays.copyOfRange(x, 4 * 5, x.length)).containsOnly(-1f);
    assertThat(x[0]).isEqualTo(40 / 255f);
    assertThat(labels).containsExactly(4, -1, -1);
  }

  @Test
  void fillRowBatchRejectsAnIndexOutOfRangeBeforeWritingAnything() {
    MnistDataset data = MnistDatasetTest.coordinates();
    float[] x = new float[4 * 2 * 5];
    int[] labels = new int[2];

    assertThatIllegalArgumentException()
        .isThrownBy(() -> MnistBatches.fillRowBatch(data, new int[] {1, 3}, 0, 2, x, labels))
        .withMessage("indices[1] must be in [0, 3), got 3");
    assertThat(x).containsOnly(0f);
    assertThat(labels).containsOnly(0);
  }

  @Test
  void fillRowBatchRejectsBuffersAndRangesThatDoNotFit() {
    MnistDataset data = MnistDatasetTest.coordinates();
    int[] indices = {0, 1, 2};

    assertThatIllegalArgumentException()
        .isThrownBy(() -> MnistBatches.fillRowBatch(data, indices, 0, 2, new float[39], new int[2]))
        .withMessage("x must have length >= rows * count * cols = 4 * 2 * 5 = 40, got 39");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MnistBatches.fillRowBatch(data, indices, 0, 2, new float[40], new int[1]))
        .withMessage("labels must have length >= count = 2, got 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MnistBatches.fillRowBatch(data, indices, 2, 2, new float[40], new int[2]))
        .withMessage("from + count must be <= indices.length = 3, got 2 + 2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MnistBatches.fillRowBatch(data, indices, 0, 0, new float[40], new int[2]))
        .withMessage("count must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> MnistBatches.fillRowBatch(data, indices, -1, 1, new float[40], new int[2]))
        .withMessage("from must be >= 0, got -1");
  }

  @Test
  void samePermutationForTheSameSeedAndANewOneEachEpoch() {
    MnistDataset data = MnistDatasetTest.numbered(50);
    SplittableRandom random = new SplittableRandom(42);

    int[] first = MnistBatches.permutation(data, random);
    int[] second = MnistBatches.permutation(data, random);

    assertThat(first).containsExactlyInAnyOrder(IntStream.range(0, 50).toArray());
    assertThat(second).containsExactlyInAnyOrder(IntStream.range(0, 50).toArray());
    assertThat(second).isNotEqualTo(first);
    assertThat(MnistBatches.permutation(data, new SplittableRandom(42))).isEqualTo(first);
  }

  @Test
  void subsetCopiesTheChosenImagesInOrder() {
    MnistDataset data = MnistDatasetTest.coordinates();

    MnistDataset subset = MnistBatches.subset(data, new int[] {2, 0, 2});

    assertThat(subset.size()).isEqualTo(3);
    assertThat(subset.rawPixel(0, 3, 4)).isEqualTo(data.rawPixel(2, 3, 4));
    assertThat(subset.rawPixel(1, 1, 1)).isEqualTo(data.rawPixel(0, 1, 1));
    assertThat(new int[] {subset.label(0), subset.label(1), subset.label(2)})
        .containsExactly(4, 7, 4);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MnistBatches.subset(data, new int[] {0, -1}))
        .withMessage("indices[1] must be in [0, 3), got -1");
  }

  @Test
  void splitHoldsOutTheRoundedFractionDisjointlyAndReproducibly() {
    MnistDataset data = MnistDatasetTest.numbered(100);

    TrainValidation parts = MnistBatches.split(data, 0.15, 7);

    assertThat(parts.validation().size()).isEqualTo(15);
    assertThat(parts.train().size()).isEqualTo(85);
    int[] validation = pixelsOf(parts.validation());
    int[] train = pixelsOf(parts.train());
    assertThat(validation).isSorted();
    assertThat(train).isSorted();
    assertThat(IntStream.concat(Arrays.stream(validation), Arrays.stream(train)).toArray())
        .containsExactlyInAnyOrder(IntStream.range(0, 100).toArray());
    assertThat(parts.train().label(0)).isEqualTo(train[0] % 3);
    assertThat(pixelsOf(MnistBatches.split(data, 0.15, 7).validation())).isEqualTo(validation);
    assertThat(pixelsOf(MnistBatches.split(data, 0.15, 8).validation())).isNotEqualTo(validation);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 1, -0.5, Double.NaN})
  void splitRejectsFractionsOutsideTheOpenUnitInterval(double fraction) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MnistBatches.split(MnistDatasetTest.numbered(10), fraction, 1))
        .withMessage("validationFraction must be in (0, 1), got " + Checks.format(fraction));
  }

  @Test
  void splitRejectsAFractionThatLeavesAPartEmpty() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MnistBatches.split(MnistDatasetTest.numbered(10), 0.01, 1))
        .withMessage(
            "validationFraction must hold out between 1 and 9 of 10 images, got 0.01 (0 images)");
  }

  private static int[] pixelsOf(MnistDataset data) {
    return IntStream.range(0, data.size()).map(i -> data.rawPixel(i, 0, 0)).toArray();
  }
}
