package io.github.lstm4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.io.ConfigReader;
import io.github.lstm4j.core.io.RecordJson;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.core.nn.Init;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.optim.OptimizerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Config JSON as model files written before the record-driven mapping hold it: each fixture was
 * written by the hand-written mapping, and must still read back to the same config and be written
 * again byte for byte.
 */
class SavedConfigFixtureTest {
  static final LstmConfig LSTM =
      new LstmConfig(65, 256, 2, true, 0.2, 1.5, Init.XAVIER_UNIFORM, Init.ORTHOGONAL);

  static final RegressorConfig REGRESSOR =
      new RegressorConfig(
          48, 2, 0.125, RegressionLoss.HUBER, 0.5, 16, 7, 2.5, 1e-3, 0.0, 0.0, -3L, 2);

  static final ForecasterConfig FORECASTER =
      new ForecasterConfig(104, 52, Normalization.STANDARD, 0.2, REGRESSOR);

  static final SequenceModelConfig SEQUENCE_MODEL =
      new SequenceModelConfig(
          SequenceModelConfig.Input.TOKEN_IDS,
          40,
          16,
          64,
          2,
          true,
          0.1,
          Readout.MAX_OVER_TIME,
          List.of("de", "en", "fr"),
          7L,
          0.0);

  @Test
  void anLstmConfigReadsBackAndIsWrittenAsBefore() throws IOException {
    String saved = fixture("lstm-config.json");

    assertThat(RecordJson.read(saved, LstmConfig.class)).isEqualTo(LSTM);
    assertThat(RecordJson.write(LSTM)).isEqualTo(saved);
  }

  @Test
  void aRegressorConfigReadsBackAndIsWrittenAsBefore() throws IOException {
    String saved = fixture("regressor-config.json");

    assertThat(RecordJson.read(ConfigReader.parse(saved, "config"), RegressorConfig.class))
        .isEqualTo(REGRESSOR);
    assertThat(RecordJson.write(REGRESSOR)).isEqualTo(saved);
  }

  @Test
  void aWeightDecayAddedSinceIsWrittenWhenSetAndTrainsWithAdamW() throws IOException {
    RegressorConfig decayed = REGRESSOR.withWeightDecay(0.01);

    String json = RecordJson.write(decayed);
    assertThat(json).contains("\"learningRate\":0.001,\"weightDecay\":0.01,\"gradientClip\"");
    assertThat(RecordJson.read(json, RegressorConfig.class)).isEqualTo(decayed);
    assertThat(decayed.trainerConfig().optimizer())
        .isEqualTo(new OptimizerConfig(OptimizerConfig.Kind.ADAMW, 1e-3, 0.01));
    assertThat(REGRESSOR.trainerConfig().optimizer())
        .isEqualTo(OptimizerConfig.of(OptimizerConfig.Kind.ADAM, 1e-3));
  }

  @Test
  void aForecasterConfigReadsBackAndIsWrittenAsBefore() throws IOException {
    String saved = fixture("forecaster-config.json");

    assertThat(RecordJson.read(ConfigReader.parse(saved, "config"), ForecasterConfig.class))
        .isEqualTo(FORECASTER);
    assertThat(RecordJson.write(FORECASTER)).isEqualTo(saved);
  }

  @Test
  void aSequenceModelConfigReadsBackAndIsWrittenAsBefore() throws IOException {
    String config = fixture("sequence-model-config.json");
    String classNames = fixture("sequence-model-class-names.json");
    TensorFile file =
        new TensorFile(
            Map.of(),
            Map.of("model", "SequenceClassifier", "config", config, "classNames", classNames));

    assertThat(SequenceModelFile.config(file, "SequenceClassifier")).isEqualTo(SEQUENCE_MODEL);
    assertThat(SequenceModelFile.metadata("SequenceClassifier", SEQUENCE_MODEL))
        .containsEntry("config", config)
        .containsEntry("classNames", classNames);
  }

  @Test
  void aLabelSmoothingAddedSinceIsWrittenWhenSet() throws IOException {
    SequenceModelConfig smoothed = SEQUENCE_MODEL.withLabelSmoothing(0.1);
    Map<String, String> metadata = SequenceModelFile.metadata("SequenceClassifier", smoothed);

    assertThat(metadata.get("config")).endsWith("\"seed\":7,\"labelSmoothing\":0.1}");
    TensorFile file = new TensorFile(Map.of(), metadata);
    assertThat(SequenceModelFile.config(file, "SequenceClassifier")).isEqualTo(smoothed);
  }

  static String fixture(String name) throws IOException {
    try (InputStream in = SavedConfigFixtureTest.class.getResourceAsStream("saved/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
