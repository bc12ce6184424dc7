package io.github.lstm4j.examples;

import io.github.lstm4j.text.SamplingConfig;
import picocli.CommandLine.Option;

/**
 * How the commands that print text draw each character, {@code --temperature}, {@code --top-k},
 * {@code --top-p} and {@code --greedy}, mixed in with picocli's {@code @Mixin}. Each command gives
 * its own default temperature to the constructor.
 *
 * <pre>{@code
 * @Mixin SamplingOptions sampling = new SamplingOptions(0.8);
 * }</pre>
 */
final class SamplingOptions {
  @Option(
      names = "--temperature",
      paramLabel = "T",
      description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(
      names = "--top-k",
      paramLabel = "K",
      description = "Sample from the K most likely characters; 0 = all (default: 0).")
  int topK = 0;

  @Option(
      names = "--top-p",
      paramLabel = "P",
      description = "Nucleus sampling: the most likely characters of mass P (default: 1.0).")
  double topP = 1.0;

  @Option(names = "--greedy", description = "Always take the most likely character.")
  boolean greedy;

  SamplingOptions(double temperature) {
    this.temperature = temperature;
  }

  /** The sampling config of the options; a bad value is an error naming it. */
  SamplingConfig config() {
    return greedy
        ? SamplingConfig.greedy()
        : SamplingConfig.defaults().withTemperature(temperature).withTopK(topK).withTopP(topP);
  }

  /** A few words for the output: {@code greedy}, or the temperature and the cut-offs in use. */
  String describe() {
    if (greedy) {
      return "greedy";
    }
    return "temperature "
        + temperature
        + (topK > 0 ? ", top-k " + topK : "")
        + (topP < 1 ? ", top-p " + topP : "");
  }
}
