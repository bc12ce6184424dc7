package io.github.lstm4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.nn.Init;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RecordJsonTest {
  @Test
  void writesOneMemberPerComponentUnderItsJavaName() {
    LstmConfig config = LstmConfig.of(65, 256).withNumLayers(2).withDropout(0.2);

    assertThat(RecordJson.write(config))
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
    assertThat(RecordJson.read(RecordJson.write(config), LstmConfig.class)).isEqualTo(config);
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
        RecordJson.write(LstmConfig.of(3, 4))
            .replaceFirst(
                "\"" + key + "\":[^,}]*", "\"" + key + "\":" + Matcher.quoteReplacement(value));

    assertThatIOException()
        .isThrownBy(() -> RecordJson.read(json, LstmConfig.class))
        .withMessage(message);
  }

  @Test
  void textThatIsNotAJsonObjectIsRejected() {
    assertThatIOException()
        .isThrownBy(() -> RecordJson.read("[1, 2]", LstmConfig.class))
        .withMessage("config must be a JSON object, got JSON text must be an object, got [1,2]");
    assertThatIOException()
        .isThrownBy(() -> RecordJson.read("{\"inputSize\":3,}", LstmConfig.class))
        .withMessageStartingWith("config must be a JSON object, got invalid JSON at offset 15");
  }

  @Test
  void theReaderServesNestedModelConfigs() throws IOException {
    ConfigReader config =
        ConfigReader.parse(
            "{\"lstm\":"
                + RecordJson.write(LstmConfig.of(3, 4))
                + ",\"seqLen\":100,\"tokens\":3000000000,\"rate\":2e-3,\"name\":\"shakespeare\"}",
            "config");

    assertThat(RecordJson.read(config.object("lstm"), LstmConfig.class))
        .isEqualTo(LstmConfig.of(3, 4));
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

  @Test
  void anUnknownOrMissingKeyIsNamed() {
    String json = RecordJson.write(LstmConfig.of(3, 4));

    assertThatIOException()
        .isThrownBy(() -> RecordJson.read(json.replace("}", ",\"hidenSize\":4}"), LstmConfig.class))
        .withMessageStartingWith("config must have only the keys [inputSize, hiddenSize,")
        .withMessageEndingWith("got unknown key \"hidenSize\"");
    assertThatIOException()
        .isThrownBy(() -> RecordJson.read(json.replace("\"numLayers\":1,", ""), LstmConfig.class))
        .withMessageStartingWith("config.numLayers must be present, got an object with the keys");
  }

  /** A config of two generations: {@code late} was added after files of it existed. */
  public record Versioned(
      int early, @JsonDefault("SKIP") NonFinitePolicy late, Nested nested, List<String> names) {}

  /** A nested config. */
  public record Nested(double rate, boolean on, long seed, String name) {}

  @Test
  void aComponentWithAJsonDefaultIsLeftOutAtItsDefaultAndReadAsItWhenAbsent() throws IOException {
    Nested nested = new Nested(0.5, true, -1L, "n");
    Versioned old = new Versioned(1, NonFinitePolicy.SKIP, nested, List.of("a", "b"));
    Versioned newer = new Versioned(1, NonFinitePolicy.THROW, nested, List.of("a", "b"));

    String oldJson = RecordJson.write(old);
    assertThat(oldJson)
        .isEqualTo(
            "{\"early\":1,\"nested\":{\"rate\":0.5,\"on\":true,\"seed\":-1,\"name\":\"n\"},"
                + "\"names\":[\"a\",\"b\"]}");
    assertThat(RecordJson.read(oldJson, Versioned.class)).isEqualTo(old);
    assertThat(RecordJson.read(RecordJson.write(newer), Versioned.class)).isEqualTo(newer);
    assertThat(RecordJson.write(newer)).contains("\"late\":\"THROW\"");
    assertThatIOException()
        .isThrownBy(
            () -> RecordJson.read(oldJson.replace("[\"a\",\"b\"]", "[\"a\",2]"), Versioned.class))
        .withMessage("config.names must be an array of strings, got [\"a\",2]");
    assertThatIOException()
        .isThrownBy(() -> RecordJson.read(oldJson.replace("true", "1"), Versioned.class))
        .withMessage("config.nested.on must be true or false, got 1");
  }
}
