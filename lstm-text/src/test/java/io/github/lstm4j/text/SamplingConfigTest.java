package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SamplingConfigTest {

  @Test
  void defaultsSampleTheFullSoftmaxAndGreedyIsTopKOne() {
    assertThat(SamplingConfig.defaults()).isEqualTo(new SamplingConfig(1, 0, 1));
    assertThat(SamplingConfig.defaults().isGreedy()).isFalse();
    assertThat(SamplingConfig.greedy()).isEqualTo(new SamplingConfig(1, 1, 1));
    assertThat(SamplingConfig.greedy().isGreedy()).isTrue();
  }

  @Test
  void withersReplaceOneValue() {
    SamplingConfig config =
        SamplingConfig.defaults().withTemperature(0.8).withTopK(40).withTopP(0.9);

    assertThat(config).isEqualTo(new SamplingConfig(0.8, 40, 0.9));
  }

  @Test
  void invalidValuesAreRejectedNamingTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SamplingConfig.defaults().withTemperature(0))
        .withMessage(
            "temperature must be finite and > 0, got 0.0; for argmax decoding use"
                + " SamplingConfig.greedy()");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SamplingConfig.defaults().withTemperature(Double.NaN))
        .withMessage(
            "temperature must be finite and > 0, got NaN; for argmax decoding use"
                + " SamplingConfig.greedy()");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SamplingConfig.defaults().withTemperature(Double.POSITIVE_INFINITY))
        .withMessage(
            "temperature must be finite and > 0, got Infinity; for argmax decoding use"
                + " SamplingConfig.greedy()");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SamplingConfig.defaults().withTopK(-1))
        .withMessage("topK must be >= 0, got -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SamplingConfig.defaults().withTopP(0))
        .withMessage("topP must be in (0, 1], got 0.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SamplingConfig.defaults().withTopP(1.5))
        .withMessage("topP must be in (0, 1], got 1.5");
  }
}
