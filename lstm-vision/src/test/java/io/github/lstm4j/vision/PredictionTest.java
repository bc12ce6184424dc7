package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class PredictionTest {
  @Test
  void probabilitiesAreCopiedInAndOut() {
    float[] p = {0.25f, 0.75f};
    Prediction prediction = new Prediction(1, p);

    p[1] = 0f;
    prediction.probabilities()[1] = 0f;

    assertThat(prediction.probability()).isEqualTo(0.75f);
    assertThat(prediction).isEqualTo(new Prediction(1, new float[] {0.25f, 0.75f}));
    assertThat(prediction.toString()).isEqualTo("Prediction(label=1, probability=0.7500)");
  }

  @Test
  void theLabelMustIndexTheProbabilities() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Prediction(2, new float[] {0.5f, 0.5f}))
        .withMessage("label must be in [0, 2), got 2");
  }
}
