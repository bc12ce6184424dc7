package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.io.TrainingCheckpoint;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.train.Trainer;
import io.github.lstm4j.core.train.TrainerConfig;
import io.github.lstm4j.core.train.TrainingTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A sequence model's {@link TrainingTask}: the network's parameters and dropout generator, the
 * model's loss step, and a validation pass whose metrics are {@code val_loss}, {@code val_accuracy}
 * and {@code val_macro_f1} (none without validation data).
 */
final class NetworkTask implements TrainingTask {
  /** The loss step of one batch: forward, loss, backward. */
  interface BatchLoss {
    double run(int[] order, int from, int count);
  }

  private final SequenceNetwork network;
  private final int examples;
  private final BatchLoss loss;
  private final Supplier<ClassificationMetrics> validation; // null without validation data

  NetworkTask(
      SequenceNetwork network,
      int examples,
      BatchLoss loss,
      Supplier<ClassificationMetrics> validation) {
    this.network = network;
    this.examples = examples;
    this.loss = loss;
    this.validation = validation;
  }

  @Override
  public Parameters parameters() {
    return network.params;
  }

  @Override
  public int exampleCount() {
    return examples;
  }

  @Override
  public double trainBatch(int[] order, int from, int count) {
    return loss.run(order, from, count);
  }

  @Override
  public Map<String, Double> validate() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (validation != null) {
      ClassificationMetrics m = validation.get();
      metrics.put("val_loss", m.logLoss());
      metrics.put("val_accuracy", m.accuracy());
      metrics.put("val_macro_f1", m.macroF1());
    }
    return metrics;
  }

  @Override
  public Map<String, Rng> generators() {
    return Map.of("dropout", network.dropoutRng);
  }

  /**
   * A trainer of this task restored from a checkpoint of the same model; the message of every
   * problem starts with the path.
   */
  Trainer resume(Path checkpoint, String kind, TrainerConfig config) throws IOException {
    TrainingCheckpoint saved = TrainingCheckpoint.read(checkpoint);
    try {
      SequenceModelConfig found = SequenceModelFile.config(saved.model(), kind);
      if (!found.equals(network.config)) {
        throw new IOException(
            "the checkpoint is of another model: config "
                + found
                + ", this model's "
                + network.config);
      }
      Trainer trainer = new Trainer(this, config);
      trainer.restore(saved);
      return trainer;
    } catch (IOException e) {
      throw new IOException(checkpoint + ": " + e.getMessage(), e);
    }
  }
}
