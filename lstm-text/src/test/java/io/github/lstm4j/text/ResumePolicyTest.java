package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.lstm4j.core.optim.NonFinitePolicy;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ResumePolicyTest {
  static final CharLstmConfig SAVED = SavedConfigFixtureTest.WORD_MODEL;

  static Stream<UnaryOperator<CharLstmConfig>> runPlanChanges() {
    return Stream.of(
        c -> c.withEpochs(9),
        c -> c.withMaxMinutes(3),
        c -> c.withLearningRate(5e-4),
        c -> c.withSchedule(CharLstmConfig.Schedule.COSINE),
        c -> c.withWarmupSteps(0),
        c -> c.withEvaluateEvery(7),
        c -> c.withEarlyStoppingPatience(0),
        c -> c.withThreads(1),
        c -> c.withNonFinitePolicy(NonFinitePolicy.SKIP),
        c -> c.withGradientClip(1),
        c -> c.withWeightDecay(0),
        c -> c.withDropout(0),
        c -> c.withForgetBias(1));
  }

  @ParameterizedTest
  @MethodSource("runPlanChanges")
  void aChangedRunPlanMayResume(UnaryOperator<CharLstmConfig> change) {
    assertThatCode(() -> CharLstmFile.checkResumable(SAVED, change.apply(SAVED)))
        .doesNotThrowAnyException();
  }

  static Stream<UnaryOperator<CharLstmConfig>> shapeOrLayoutChanges() {
    return Stream.of(
        c -> c.withLevel(CharLstmConfig.Level.CHARACTER),
        c -> c.withMaxVocabulary(10),
        c -> c.withNumLayers(1),
        c -> c.withHiddenSize(32),
        c -> c.withSeqLen(10),
        c -> c.withBatchSize(4),
        c -> c.withValidationFraction(0.1),
        c -> c.withSeed(1));
  }

  @ParameterizedTest
  @MethodSource("shapeOrLayoutChanges")
  void aChangedShapeOrDataLayoutMayNot(UnaryOperator<CharLstmConfig> change) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CharLstmFile.checkResumable(SAVED, change.apply(SAVED)))
        .withMessageStartingWith(
            "config must keep the checkpoint's model shape and data layout ModelShape[level=WORD");
  }
}
