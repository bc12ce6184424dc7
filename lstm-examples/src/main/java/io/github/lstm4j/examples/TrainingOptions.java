package io.github.lstm4j.examples;

import picocli.CommandLine.Option;

/**
 * The training-recipe options that every training command has, {@code --epochs}, {@code --batch},
 * {@code --lr} and {@code --weight-decay}, mixed in with picocli's {@code @Mixin}. Each command
 * gives its own defaults to the constructor; picocli keeps a field's value before parsing as its
 * default and shows it as {@code ${DEFAULT-VALUE}}.
 *
 * <pre>{@code
 * @Mixin TrainingOptions training = new TrainingOptions(10, 64, 0.003, 0.01);
 * }</pre>
 */
final class TrainingOptions {
  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch",
      paramLabel = "B",
      description = "Examples per training step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--lr",
      paramLabel = "RATE",
      description = "Peak learning rate of the Adam(W) optimizer (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(
      names = "--weight-decay",
      paramLabel = "LAMBDA",
      description = "AdamW's decoupled weight decay, 0 = none (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  TrainingOptions(int epochs, int batchSize, double learningRate, double weightDecay) {
    this.epochs = epochs;
    this.batchSize = batchSize;
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
  }
}
