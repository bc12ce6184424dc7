package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.io.RecordJson;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link ClassifierConfig} JSON as model files written before the record-driven mapping hold it:
 * each fixture was written by the hand-written mapping, and must still read back to the same config
 * and be written again byte for byte (the default non-finite policy is left out, as it always was).
 */
class SavedConfigFixtureTest {
  static final ClassifierConfig DEEP =
      new ClassifierConfig(
          96,
          2,
          true,
          0.2,
          Readout.MEAN_OVER_TIME,
          64,
          3,
          2e-3,
          1e-4,
          1.5,
          ClassifierConfig.Schedule.CONSTANT,
          1.0 / 12,
          2,
          -5L,
          2,
          NonFinitePolicy.THROW);

  static final ClassifierConfig SKIPPING =
      new ClassifierConfig(
          DEEP.hiddenSize(),
          DEEP.numLayers(),
          DEEP.bidirectional(),
          DEEP.dropout(),
          DEEP.readout(),
          DEEP.batchSize(),
          DEEP.epochs(),
          DEEP.learningRate(),
          DEEP.weightDecay(),
          DEEP.gradientClip(),
          DEEP.schedule(),
          DEEP.validationFraction(),
          DEEP.augmentShift(),
          DEEP.seed(),
          DEEP.threads(),
          NonFinitePolicy.SKIP);

  @Test
  void aConfigOfTheDefaultPolicyReadsBackAndIsWrittenAsBefore() throws IOException {
    String saved = fixture("classifier-config.json");

    assertThat(RecordJson.read(saved, ClassifierConfig.class)).isEqualTo(DEEP);
    assertThat(RecordJson.write(DEEP)).isEqualTo(saved);
  }

  @Test
  void aConfigThatSkipsNonFiniteStepsReadsBackAndIsWrittenAsBefore() throws IOException {
    String saved = fixture("classifier-config-skip.json");

    assertThat(RecordJson.read(saved, ClassifierConfig.class)).isEqualTo(SKIPPING);
    assertThat(RecordJson.write(SKIPPING)).isEqualTo(saved);
  }

  static String fixture(String name) throws IOException {
    try (InputStream in = SavedConfigFixtureTest.class.getResourceAsStream("saved/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
