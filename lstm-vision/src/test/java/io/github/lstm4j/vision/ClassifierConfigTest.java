package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClassifierConfigTest {
  @Test
  void defaultsAreTheDocumentedMnistRecipe() {
    ClassifierConfig config = ClassifierConfig.defaults();

    assertThat(config)
        .isEqualTo(
            new ClassifierConfig(
                128,
                1,
                false,
                0.0,
                Readout.LAST_HIDDEN,
                128,
                5,
                3e-3,
                0.0,
                5.0,
                ClassifierConfig.Schedule.COSINE,
                1.0 / 12,
                0,
                42,
                1,
                NonFinitePolicy.THROW));
    assertThat(config.numDirections()).isEqualTo(1);
  }

  @Test
  void toBuilderKeepsEveryValue() {
    ClassifierConfig config =
        new ClassifierConfig(
            64,
            3,
            true,
            0.25,
            Readout.MEAN_OVER_TIME,
            50,
            7,
            3e-3,
            0.01,
            0.0,
            ClassifierConfig.Schedule.CONSTANT,
            0.0,
            2,
            -9,
            2,
            NonFinitePolicy.SKIP);

    assertThat(config).isEqualTo(config);
    assertThat(config.numDirections()).isEqualTo(2);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad(b -> b.withHiddenSize(0), "hiddenSize must be > 0, got 0"),
        bad(b -> b.withNumLayers(-1), "numLayers must be > 0, got -1"),
        bad(b -> b.withDropout(1.0), "dropout must be in [0.0, 1.0), got 1.0"),
        bad(b -> b.withDropout(-0.1), "dropout must be in [0.0, 1.0), got -0.1"),
        bad(b -> b.withBatchSize(0), "batchSize must be > 0, got 0"),
        bad(b -> b.withEpochs(0), "epochs must be > 0, got 0"),
        bad(b -> b.withLearningRate(Double.NaN), "learningRate must be finite and > 0, got NaN"),
        bad(b -> b.withLearningRate(0), "learningRate must be finite and > 0, got 0.0"),
        bad(b -> b.withWeightDecay(-1e-4), "weightDecay must be finite and >= 0, got -1.0E-4"),
        bad(
            b -> b.withGradientClip(Double.POSITIVE_INFINITY),
            "gradientClip must be finite and >= 0, got Infinity"),
        bad(
            b -> b.withValidationFraction(1.0),
            "validationFraction must be in [0.0, 1.0), got 1.0"),
        bad(b -> b.withAugmentShift(-1), "augmentShift must be >= 0, got -1"),
        bad(b -> b.withThreads(0), "threads must be > 0, got 0"));
  }

  private static Arguments bad(UnaryOperator<ClassifierConfig> change, String message) {
    return Arguments.of(change, message);
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void badValuesAreRejectedWithTheirNameRuleAndValue(
      UnaryOperator<ClassifierConfig> change, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> change.apply(ClassifierConfig.defaults()))
        .withMessage(message);
  }

  @Test
  void missingEnumsAreRejectedByName() {
    assertThatNullPointerException()
        .isThrownBy(() -> ClassifierConfig.defaults().withReadout(null))
        .withMessage("readout");
    assertThatNullPointerException()
        .isThrownBy(() -> ClassifierConfig.defaults().withSchedule(null))
        .withMessage("schedule");
  }
}
