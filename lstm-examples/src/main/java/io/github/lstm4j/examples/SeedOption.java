package io.github.lstm4j.examples;

import picocli.CommandLine.Option;

/**
 * The {@code --seed S} option of the commands that train a model, mixed in with picocli's
 * {@code @Mixin}: one seed for everything random in a run, so that the same options repeat it.
 */
final class SeedOption {
  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description =
          "Seed of everything random in the run, such as the initial weights, the data order and"
              + " dropout (default: ${DEFAULT-VALUE}).")
  long seed;

  /** The seed given, or 42. */
  long value() {
    return seed;
  }
}
