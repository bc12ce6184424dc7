package io.github.lstm4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.lstm4j.core.nn.LstmConfig;
import org.junit.jupiter.api.Test;

class RecordsTest {
  @Test
  void withChangesOneComponentAndKeepsTheOthers() {
    LstmConfig config = LstmConfig.of(3, 4).withDropout(0.25);

    LstmConfig deeper = Records.with(config, "numLayers", 3);

    assertThat(deeper).isEqualTo(LstmConfig.of(3, 4).withDropout(0.25).withNumLayers(3));
    assertThat(config.numLayers()).isEqualTo(1);
  }

  @Test
  void withRunsTheRecordsValidation() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Records.with(LstmConfig.of(3, 4), "hiddenSize", 0))
        .withMessage("hiddenSize must be > 0, got 0");
  }

  @Test
  void withRejectsAnUnknownComponentAndAValueOfTheWrongType() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Records.with(LstmConfig.of(3, 4), "hidenSize", 5))
        .withMessage("component must be one of LstmConfig's, got hidenSize");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Records.with(LstmConfig.of(3, 4), "hiddenSize", 5L))
        .withMessage("hiddenSize must be a int, got a Long");
  }
}
