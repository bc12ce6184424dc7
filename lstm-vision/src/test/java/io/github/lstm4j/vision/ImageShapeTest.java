package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ImageShapeTest {
  @Test
  void aModelAndTheDataItWasTrainedOnHaveEqualShapes() {
    MnistDataset data = MnistDatasetTest.coordinates();
    RowLstmClassifier model =
        RowLstmClassifier.create(ClassifierConfig.defaults().withHiddenSize(3), 4, 5, 10);

    assertThat(model.shape()).isEqualTo(data.shape()).isEqualTo(new ImageShape(4, 5, 10));
    assertThat(model.shape()).isNotEqualTo(new ImageShape(5, 4, 10));
    assertThat(model.shape().describe()).isEqualTo("4 × 5 images in 10 classes");
  }

  @Test
  void everySizeMustBePositive() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ImageShape(0, 5, 10))
        .withMessage("rows must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ImageShape(4, -1, 10))
        .withMessage("cols must be > 0, got -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ImageShape(4, 5, 0))
        .withMessage("numClasses must be > 0, got 0");
  }
}
