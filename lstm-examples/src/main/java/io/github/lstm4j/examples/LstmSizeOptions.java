package io.github.lstm4j.examples;

import picocli.CommandLine.Option;

/**
 * The size of the LSTM a training command builds, {@code --hidden} and {@code --layers}, mixed in
 * with picocli's {@code @Mixin}. Each command gives its own defaults to the constructor; picocli
 * keeps a field's value before parsing as its default and shows it as {@code ${DEFAULT-VALUE}}.
 *
 * <pre>{@code
 * @Mixin LstmSizeOptions size = new LstmSizeOptions(256, 1);
 * }</pre>
 */
final class LstmSizeOptions {
  @Option(
      names = "--hidden",
      paramLabel = "H",
      description = "LSTM units per layer and direction (default: ${DEFAULT-VALUE}).")
  int hiddenSize;

  @Option(
      names = "--layers",
      paramLabel = "L",
      description = "Stacked LSTM layers (default: ${DEFAULT-VALUE}).")
  int numLayers;

  LstmSizeOptions(int hiddenSize, int numLayers) {
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
  }
}
