package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import io.github.lstm4j.vision.ClassifierConfig.Builder;
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

    assertThat(config.toBuilder().build()).isEqualTo(config);
    assertThat(config.numDirections()).isEqualTo(2);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad(b -> b.hiddenSize(0), "hiddenSize must be > 0, got 0"),
        bad(b -> b.numLayers(-1), "numLayers must be > 0, got -1"),
        bad(b -> b.dropout(1.0), "dropout must be in [0.0, 1.0), got 1.0"),
        bad(b -> b.dropout(-0.1), "dropout must be in [0.0, 1.0), got -0.1"),
        bad(b -> b.batchSize(0), "batchSize must be > 0, got 0"),
        bad(b -> b.epochs(0), "epochs must be > 0, got 0"),
        bad(b -> b.learningRate(Double.NaN), "learningRate must be finite and > 0, got NaN"),
        bad(b -> b.learningRate(0), "learningRate must be finite and > 0, got 0.0"),
        bad(b -> b.weightDecay(-1e-4), "weightDecay must be finite and >= 0, got -1.0E-4"),
        bad(
            b -> b.gradientClip(Double.POSITIVE_INFINITY),
            "gradientClip must be finite and >= 0, got Infinity"),
        bad(b -> b.validationFraction(1.0), "validationFraction must be in [0.0, 1.0), got 1.0"),
        bad(b -> b.augmentShift(-1), "augmentShift must be >= 0, got -1"),
        bad(b -> b.threads(0), "threads must be > 0, got 0"));
  }

  private static Arguments bad(UnaryOperator<Builder> change, String message) {
    return Arguments.of(change, message);
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void badValuesAreRejectedWithTheirNameRuleAndValue(
      UnaryOperator<Builder> change, String message) {
    Builder builder = change.apply(ClassifierConfig.builder());

    assertThatIllegalArgumentException().isThrownBy(builder::build).withMessage(message);
  }

  @Test
  void missingEnumsAreRejectedByName() {
    assertThatNullPointerException()
        .isThrownBy(() -> ClassifierConfig.builder().readout(null).build())
        .withMessage("readout");
    assertThatNullPointerException()
        .isThrownBy(() -> ClassifierConfig.builder().schedule(null).build())
        .withMessage("schedule");
  }
}
