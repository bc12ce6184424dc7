package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.io.RecordJson;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link CharLstmConfig} JSON as model files written before the record-driven mapping hold it: each
 * fixture was written by the hand-written mapping, and must still read back to the same config and
 * be written again byte for byte (the default non-finite policy is left out, as it always was).
 */
class SavedConfigFixtureTest {
  static final CharLstmConfig WORD_MODEL =
      new CharLstmConfig(
          CharLstmConfig.Level.WORD,
          5000,
          3,
          96,
          0.25,
          0.5,
          64,
          8,
          1e-3,
          0.01,
          2.5,
          CharLstmConfig.Schedule.CONSTANT,
          10,
          4,
          1.5,
          0.2,
          50,
          3,
          -7L,
          2,
          NonFinitePolicy.THROW,
          0.0);

  static final CharLstmConfig SKIPPING = withSkip(WORD_MODEL);

  @Test
  void aConfigOfTheDefaultPolicyReadsBackAndIsWrittenAsBefore() throws IOException {
    String saved = fixture("char-lstm-config.json");

    assertThat(RecordJson.read(saved, CharLstmConfig.class)).isEqualTo(WORD_MODEL);
    assertThat(RecordJson.write(WORD_MODEL)).isEqualTo(saved);
  }

  @Test
  void aConfigThatSkipsNonFiniteStepsReadsBackAndIsWrittenAsBefore() throws IOException {
    String saved = fixture("char-lstm-config-skip.json");

    assertThat(RecordJson.read(saved, CharLstmConfig.class)).isEqualTo(SKIPPING);
    assertThat(RecordJson.write(SKIPPING)).isEqualTo(saved);
  }

  private static CharLstmConfig withSkip(CharLstmConfig c) {
    return new CharLstmConfig(
        c.level(),
        c.maxVocabulary(),
        c.numLayers(),
        c.hiddenSize(),
        c.dropout(),
        c.forgetBias(),
        c.seqLen(),
        c.batchSize(),
        c.learningRate(),
        c.weightDecay(),
        c.gradientClip(),
        c.schedule(),
        c.warmupSteps(),
        c.epochs(),
        c.maxMinutes(),
        c.validationFraction(),
        c.evaluateEvery(),
        c.earlyStoppingPatience(),
        c.seed(),
        c.threads(),
        NonFinitePolicy.SKIP,
        c.emaDecay());
  }

  static String fixture(String name) throws IOException {
    try (InputStream in = SavedConfigFixtureTest.class.getResourceAsStream("saved/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
