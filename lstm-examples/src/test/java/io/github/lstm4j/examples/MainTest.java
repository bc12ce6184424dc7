package io.github.lstm4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.lstm4j.text.SamplingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class MainTest {
  /**
   * Picocli passes every description through {@link String#format}, and on a bad format (a bare
   * "80%") prints a warning and the raw text instead: each description must be a valid format.
   */
  @Test
  void everyCommandAndOptionDescriptionIsAValidFormat() {
    List<String> descriptions = new ArrayList<>();
    for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      descriptions.addAll(List.of(spec.usageMessage().description()));
      for (OptionSpec option : spec.options()) {
        descriptions.addAll(List.of(option.description()));
      }
    }

    assertThat(descriptions).hasSizeGreaterThan(50);
    for (String description : descriptions) {
      assertThatCode(() -> String.format(Locale.ROOT, description))
          .as(description)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void theForecastDescriptionShowsItsPercentages() {
    String usage = Main.commandLine().getSubcommands().get("forecast").getUsageMessage();

    assertThat(usage.replaceAll("\\s+", " "))
        .contains("the first 80% of a CSV column, score it on the last 20% against");
  }

  /** The shared options are one mixin, but each command keeps its own defaults, shown in --help. */
  @Test
  void eachCommandKeepsItsOwnTrainingAndSizeDefaults() {
    CommandLine cli = Main.commandLine();
    ClassifyCommand classify = cli.getSubcommands().get("classify").getCommand();
    TextgenCommand textgen = cli.getSubcommands().get("textgen").getCommand();
    MnistCommand mnist = cli.getSubcommands().get("mnist").getCommand();
    ForecastCommand forecast = cli.getSubcommands().get("forecast").getCommand();

    new CommandLine(classify).parseArgs("--lr", "0.01");
    new CommandLine(textgen).parseArgs();

    assertThat(classify.training.learningRate).isEqualTo(0.01);
    assertThat(classify.training.weightDecay).isEqualTo(0.01);
    assertThat(classify.size.hiddenSize).isEqualTo(256);
    assertThat(textgen.training.learningRate).isEqualTo(0.02);
    assertThat(textgen.training.epochs).isEqualTo(50);
    assertThat(textgen.size.numLayers).isEqualTo(2);
    assertThat(mnist.training.batchSize).isEqualTo(128);
    assertThat(forecast.size.hiddenSize).isEqualTo(32);
    assertThat(cli.getSubcommands().get("textgen").getUsageMessage())
        .contains("(default: 0.02)")
        .doesNotContain("(default: 0.003)");
  }

  /** textgen and generate share the sampling options, each with its own default temperature. */
  @Test
  void textgenAndGenerateShareTheSamplingOptions() {
    CommandLine cli = Main.commandLine();
    TextgenCommand textgen = cli.getSubcommands().get("textgen").getCommand();
    GenerateCommand generate = cli.getSubcommands().get("generate").getCommand();

    new CommandLine(textgen).parseArgs("--top-k", "10");
    new CommandLine(generate).parseArgs("--model", "m.safetensors", "--greedy");

    assertThat(textgen.samplingOptions.config())
        .isEqualTo(SamplingConfig.defaults().withTemperature(0.7).withTopK(10));
    assertThat(textgen.samplingOptions.describe()).isEqualTo("temperature 0.7, top-k 10");
    assertThat(generate.samplingOptions.config()).isEqualTo(SamplingConfig.greedy());
    assertThat(generate.samplingOptions.describe()).isEqualTo("greedy");
    assertThat(cli.getSubcommands().get("generate").getUsageMessage())
        .contains("Sampling temperature (default: 0.8)");
  }
}
