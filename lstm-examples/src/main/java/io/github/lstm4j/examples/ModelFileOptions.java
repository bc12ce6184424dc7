package io.github.lstm4j.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --save FILE} and {@code --model FILE} options of the commands that either train a
 * model or load a saved one instead, mixed in with picocli's {@code @Mixin}. Unset, a command
 * trains and keeps nothing.
 */
final class ModelFileOptions {
  @Option(
      names = "--save",
      paramLabel = "FILE",
      description = "Save the model (safetensors) to FILE right after training.")
  Path save;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description = "Load a model saved with --save instead of training.")
  Path model;
}
