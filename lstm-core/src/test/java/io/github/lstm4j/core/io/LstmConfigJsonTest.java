package io.github.lstm4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.nn.Init;
import io.github.lstm4j.core.nn.LstmConfig;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LstmConfigJsonTest {
  @Test
  void writesOneMemberPerComponentUnderItsJavaName() {
    LstmConfig config = LstmConfig.of(65, 256).withNumLayers(2).withDropout(0.2);

    assertThat(LstmConfigJson.write(config))
        .isEqualTo(
            "{\"inputSize\":65,\"hiddenSize\":256,\"numLayers\":2,\"bidirectional\":false,"
                + "\"dropout\":0.2,\"forgetBias\":1.0,\"inputInit\":\"PYTORCH_DEFAULT\","
                + "\"recurrentInit\":\"PYTORCH_DEFAULT\"}");
  }

  static Stream<LstmConfig> configs() {
    return Stream.of(
        LstmConfig.of(1, 1),
        LstmConfig.of(28, 128).withBidirectional(true).withNumLayers(3).withDropout(0.3),
        LstmConfig.of(65, 512)
            .withForgetBias(-1e-7)
            .withDropout(1.0 / 3)
            .withInit(Init.XAVIER_UNIFORM, Init.ORTHOGONAL));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void readGivesBackAnEqualConfig(LstmConfig config) throws IOException {
    assertThat(LstmConfigJson.read(LstmConfigJson.write(config))).isEqualTo(config);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "hiddenSize | 0     | config.hiddenSize must be > 0, got 0",
        "dropout    | -0.5  | config.dropout must be in [0.0, 1.0), got -0.5",
        "numLayers  | null  | config.numLayers must be an integer in [-2^31, 2^31), got null",
        "inputSize  | [1]   | config.inputSize must be an integer in [-2^31, 2^31), got [1]",
        "forgetBias | \"1\" | config.forgetBias must be a number, got \"1\"",
      })
  void badValuesAreNamedWithTheirPathAndValue(String key, String value, String message) {
    String json =
        LstmConfigJson.write(LstmConfig.of(3, 4))
            .replaceFirst(
                "\"" + key + "\":[^,}]*", "\"" + key + "\":" + Matcher.quoteReplacement(value));

    assertThatIOException().isThrownBy(() -> LstmConfigJson.read(json)).withMessage(message);
  }

  @Test
  void textThatIsNotAJsonObjectIsRejected() {
    assertThatIOException()
        .isThrownBy(() -> LstmConfigJson.read("[1, 2]"))
        .withMessage("config must be a JSON object, got JSON text must be an object, got [1,2]");
    assertThatIOException()
        .isThrownBy(() -> LstmConfigJson.read("{\"inputSize\":3,}"))
        .withMessageStartingWith("config must be a JSON object, got invalid JSON at offset 15");
  }

  @Test
  void theReaderServesNestedModelConfigs() throws IOException {
    ConfigReader config =
        ConfigReader.parse(
            "{\"lstm\":"
                + LstmConfigJson.write(LstmConfig.of(3, 4))
                + ",\"seqLen\":100,\"tokens\":3000000000,\"rate\":2e-3,\"name\":\"shakespeare\"}",
            "config");

    assertThat(LstmConfigJson.read(config.object("lstm"))).isEqualTo(LstmConfig.of(3, 4));
    assertThat(config.intValue("seqLen")).isEqualTo(100);
    assertThat(config.longValue("tokens")).isEqualTo(3_000_000_000L);
    assertThat(config.doubleValue("rate")).isEqualTo(2e-3);
    assertThat(config.string("name")).isEqualTo("shakespeare");
    config.requireNoOtherKeys();
  }

  @Test
  void theReaderRejectsKeysNoGetterRead() throws IOException {
    ConfigReader config = ConfigReader.parse("{\"seqLen\":100,\"seqlen\":50}", "config");
    config.intValue("seqLen");

    assertThatIOException()
        .isThrownBy(config::requireNoOtherKeys)
        .withMessage("config must have only the keys [seqLen], got unknown key \"seqlen\"");
  }

  @Test
  void theReaderPrefixesConstructorMessagesWithItsPath() throws IOException {
    ConfigReader config = ConfigReader.parse("{\"model\":{\"numClasses\":-3}}", "config");
    ConfigReader model = config.object("model");
    int numClasses = model.intValue("numClasses");

    assertThatIOException()
        .isThrownBy(() -> model.build(() -> Checks.positive("numClasses", numClasses)))
        .withMessage("config.model.numClasses must be > 0, got -3");
  }
}
