package io.github.lstm4j.examples;

import picocli.CommandLine.Option;

/**
 * The {@code --threads N} option the training commands share, mixed in with picocli's
 * {@code @Mixin}: unset, a command uses every available processor.
 */
final class ThreadsOption {
  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Threads for training and inference (default: the available processors).")
  Integer threads;

  /** The thread count asked for, or the available processors when {@code --threads} is unset. */
  int count() {
    return threads != null ? threads : Runtime.getRuntime().availableProcessors();
  }
}
