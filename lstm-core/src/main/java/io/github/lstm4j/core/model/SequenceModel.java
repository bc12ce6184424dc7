package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.model.ClassificationMetrics.Counter;
import io.github.lstm4j.core.model.SequenceNetwork.Batch;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.train.Trainer;
import io.github.lstm4j.core.train.TrainerConfig;
import io.github.lstm4j.core.train.TrainingListener;
import io.github.lstm4j.core.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link SequenceClassifier} and {@link SequenceTagger} share: a {@link SequenceNetwork} of a
 * {@link SequenceModelConfig}, training through the {@link Trainer} (fit, a trainer to drive and
 * checkpoint, resume), scoring and the model file. {@code D} is the labelled data: {@link
 * LabeledSequences} or {@link TaggedSequences}.
 *
 * <p>Validation reports {@code val_loss}, {@code val_accuracy} and {@code val_macro_f1}, any of
 * which the trainer's {@link TrainerConfig.Validation} can select the best model by. Inference only
 * reads the weights: any number of threads may predict or evaluate at once (each borrows its own
 * buffers from a pool), with the same bits as alone. Do not train and predict at once.
 *
 * <pre>{@code
 * Trainer trainer = model.trainer(ctx, train, valid, config);
 * trainer.fit(listener);                                     // a listener may checkpoint:
 * trainer.writeCheckpoint(path, model.checkpointMetadata());
 * model.resume(ctx, path, train, valid, config).fit(listener); // continues bit for bit
 * }</pre>
 *
 * @param <D> the labelled data type
 */
public abstract sealed class SequenceModel<D extends SupervisedSequences>
    permits SequenceClassifier, SequenceTagger {
  final SequenceNetwork network;
  private final String kind;

  SequenceModel(SequenceNetwork network, String kind) {
    this.network = network;
    this.kind = kind;
  }

  /**
   * Fills a forward batch's targets from rows {@code order[from … from + count)} of {@code train}
   * and turns its logits into ∂L/∂logits in place; returns the mean loss.
   */
  abstract double loss(D train, SequenceNetwork.Batch batch, int[] order, int from, int count);

  /**
   * Adds the predictions of sequences {@code from … from + count)} of {@code data}, whose
   * probabilities a batch holds, to {@code counter}.
   */
  abstract void count(Counter counter, D data, Batch batch, int from, int count);

  /** Forward, loss and backward of one training batch; returns the mean loss. */
  private double trainBatch(
      ComputeContext ctx,
      D train,
      SequenceNetwork.Workspace workspace,
      int[] order,
      int from,
      int count) {
    Sequences inputs = train.inputs();
    SequenceNetwork.Batch batch = workspace.batch(inputs.maxLength(order, from, count), count);
    network.forward(ctx, inputs, order, from, count, batch);
    double mean = loss(train, batch, order, from, count);
    network.backward(ctx, batch);
    return mean;
  }

  /** Scores checked data: one inference pass, every batch counted into one confusion matrix. */
  private ClassificationMetrics score(ComputeContext ctx, D data) {
    ClassificationMetrics.Counter counter =
        new ClassificationMetrics.Counter(network.config.classNames());
    network.infer(ctx, data.inputs(), (batch, from, n) -> count(counter, data, batch, from, n));
    return counter.metrics();
  }

  /**
   * Returns the architecture.
   *
   * @return the config
   */
  public SequenceModelConfig config() {
    return network.config;
  }

  /**
   * Returns the parameters (live: training changes them).
   *
   * @return the parameters
   */
  public Parameters parameters() {
    return network.params;
  }

  /**
   * Trains the model in place and keeps the weights of the best validation (if there is validation
   * data).
   *
   * @param ctx the threads to train on
   * @param train at least one labelled sequence
   * @param valid validation data; with no sequence there is no validation
   * @param config batch, epochs, optimizer, schedule, validation metric (e.g. {@code
   *     "val_accuracy"} with {@code MAXIMIZE})
   * @param listener where progress goes
   * @return what the run did
   * @throws IllegalArgumentException if the data does not fit the model, naming the first bad value
   */
  public TrainingResult fit(
      ComputeContext ctx, D train, D valid, TrainerConfig config, TrainingListener listener) {
    return trainer(ctx, train, valid, config).fit(listener);
  }

  /**
   * Returns a trainer of this model, to run with {@link Trainer#fit} and to checkpoint with {@link
   * Trainer#writeCheckpoint}{@code (path, model.checkpointMetadata())}.
   *
   * @param ctx the threads to train on
   * @param train at least one labelled sequence
   * @param valid validation data
   * @param config how to train
   * @return the trainer, at step 0
   */
  public Trainer trainer(ComputeContext ctx, D train, D valid, TrainerConfig config) {
    return new Trainer(task(ctx, train, valid), config);
  }

  /**
   * Returns a trainer that continues the run of a checkpoint written by a trainer of a model with
   * this config: {@code fit} then gives the bits of a run that never stopped, given the same data
   * and trainer config.
   *
   * @param ctx the threads to train on
   * @param checkpoint the checkpoint file
   * @param train the same training data
   * @param valid the same validation data
   * @param config the same trainer config (more epochs are allowed)
   * @return the restored trainer; this model now holds the checkpoint's weights
   * @throws IOException if the file cannot be read or is not a checkpoint of this model's config;
   *     the message starts with the path
   */
  public Trainer resume(ComputeContext ctx, Path checkpoint, D train, D valid, TrainerConfig config)
      throws IOException {
    Objects.requireNonNull(checkpoint, "checkpoint");
    return task(ctx, train, valid).resume(checkpoint, kind, config);
  }

  /**
   * Returns the metadata a checkpoint of this model needs (kind, config, class names).
   *
   * @return the metadata for {@link Trainer#writeCheckpoint}
   */
  public Map<String, String> checkpointMetadata() {
    return SequenceModelFile.metadata(kind, network.config);
  }

  private NetworkTask task(ComputeContext ctx, D train, D valid) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(train, "train").requireFits(network.config, "train");
    Objects.requireNonNull(valid, "valid").requireFits(network.config, "valid");
    int examples = Checks.positive("train size", train.inputs().size());
    SequenceNetwork.Workspace workspace = network.trainingWorkspace();
    return new NetworkTask(
        network,
        examples,
        (order, from, count) -> trainBatch(ctx, train, workspace, order, from, count),
        valid.inputs().size() == 0 ? null : () -> score(ctx, valid));
  }

  /**
   * Scores the model on labelled data.
   *
   * @param ctx the threads to run on
   * @param data labelled data of this model's kind and classes
   * @return accuracy, per-class scores, confusion matrix, log loss
   * @throws IllegalArgumentException if the data does not fit the model, naming the first bad value
   */
  public ClassificationMetrics evaluate(ComputeContext ctx, D data) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(data, "data").requireFits(network.config, "data");
    return score(ctx, data);
  }

  /**
   * Saves the model atomically: a previous file at {@code path} is replaced only once the new one
   * is complete. See {@link SequenceModelFile} for the format.
   *
   * @param path the file
   * @throws IOException if it cannot be written
   */
  public void save(Path path) throws IOException {
    save(path, Map.of());
  }

  /**
   * Saves the model atomically with more metadata, for a wrapper that keeps what it needs beside
   * the model (a text classifier's vocabulary); {@code load} ignores the extra keys.
   *
   * @param path the file
   * @param extraMetadata keys other than {@code model}, {@code config} and {@code classNames}
   * @throws IOException if it cannot be written; a previous file is then left intact
   * @throws IllegalArgumentException if an extra key is one the model file uses
   */
  public void save(Path path, Map<String, String> extraMetadata) throws IOException {
    SequenceModelFile.write(path, kind, network, extraMetadata);
  }
}
