package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.train.Trainer;
import io.github.lstm4j.core.train.TrainerConfig;
import io.github.lstm4j.core.train.TrainingListener;
import io.github.lstm4j.core.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A classifier of whole sequences of different lengths (token ids or feature vectors): optional
 * embedding, uni- or bidirectional LSTM, a {@link io.github.lstm4j.core.nn.Readout}, dropout and a
 * Linear head over C classes, trained with softmax cross-entropy by the {@link Trainer} (binary
 * classification is C = 2). See {@link SequenceModelConfig} for the architecture.
 *
 * <p>Training: {@link #fit} (or {@link #trainer} to drive the trainer and write checkpoints with
 * {@link #checkpointMetadata}, and {@link #resume} to continue one bit for bit). Each batch is
 * padded to its longest sequence; the LSTM computes only the valid steps. Validation reports {@code
 * val_loss}, {@code val_accuracy} and {@code val_macro_f1}, any of which the trainer's {@link
 * TrainerConfig.Validation} can select the best model by.
 *
 * <p>Inference ({@link #predict}, {@link #predictProbabilities}, {@link #evaluate}) only reads the
 * weights: any number of threads may call it at once (each borrows its own buffers from a pool),
 * and gives the same bits for the same inputs, alone or concurrently. Do not train and predict at
 * the same time.
 *
 * <pre>{@code
 * SequenceClassifier model = SequenceClassifier.create(config);
 * model.fit(ctx, train, valid, TrainerConfig.defaults().withEpochs(20), TrainingListener.NONE);
 * int[] classes = model.predict(ctx, Sequences.ofTokens(List.of(new int[] {3, 1, 4})));
 * model.save(Path.of("model.safetensors"));
 * }</pre>
 */
public final class SequenceClassifier {
  static final String KIND = "SequenceClassifier";

  private final SequenceNetwork network;

  private SequenceClassifier(SequenceNetwork network) {
    this.network = network;
  }

  /**
   * Creates an untrained classifier, its weights drawn from {@code config.seed()}.
   *
   * @param config the architecture and classes
   * @return the classifier
   */
  public static SequenceClassifier create(SequenceModelConfig config) {
    return new SequenceClassifier(
        new SequenceNetwork(
            Objects.requireNonNull(config, "config"), SequenceNetwork.Head.SEQUENCE));
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
   * @param valid validation data, or {@link LabeledSequences#none}
   * @param config batch, epochs, optimizer, schedule, validation metric (e.g. {@code
   *     "val_accuracy"} with {@code MAXIMIZE})
   * @param listener where progress goes
   * @return what the run did
   * @throws IllegalArgumentException if the data does not fit the model (kind, ids, features,
   *     labels), naming the first bad value
   */
  public TrainingResult fit(
      ComputeContext ctx,
      LabeledSequences train,
      LabeledSequences valid,
      TrainerConfig config,
      TrainingListener listener) {
    return trainer(ctx, train, valid, config).fit(listener);
  }

  /**
   * Returns a trainer of this model, to run with {@link Trainer#fit} and to checkpoint with {@link
   * Trainer#writeCheckpoint}{@code (path, model.checkpointMetadata())}.
   *
   * @param ctx the threads to train on
   * @param train at least one labelled sequence
   * @param valid validation data, or {@link LabeledSequences#none}
   * @param config how to train
   * @return the trainer, at step 0
   */
  public Trainer trainer(
      ComputeContext ctx, LabeledSequences train, LabeledSequences valid, TrainerConfig config) {
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
   * @throws IOException if the file cannot be read or is not a checkpoint of this model's config
   */
  public Trainer resume(
      ComputeContext ctx,
      Path checkpoint,
      LabeledSequences train,
      LabeledSequences valid,
      TrainerConfig config)
      throws IOException {
    Objects.requireNonNull(checkpoint, "checkpoint");
    return task(ctx, train, valid).resume(checkpoint, KIND, config);
  }

  /**
   * Returns the metadata a checkpoint of this model needs (kind, config, class names).
   *
   * @return the metadata for {@link Trainer#writeCheckpoint}
   */
  public Map<String, String> checkpointMetadata() {
    return SequenceModelFile.metadata(KIND, network.config);
  }

  private NetworkTask task(ComputeContext ctx, LabeledSequences train, LabeledSequences valid) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(train, "train").requireFits(network.config, "train");
    Objects.requireNonNull(valid, "valid").requireFits(network.config, "valid");
    Sequences inputs = train.inputs();
    Checks.positive("train size", inputs.size());
    SequenceNetwork.Workspace workspace = network.trainingWorkspace();
    NetworkTask.BatchLoss loss =
        (order, from, count) -> {
          SequenceNetwork.Batch batch =
              workspace.batch(inputs.maxLength(order, from, count), count);
          network.forward(ctx, inputs, order, from, count, batch);
          for (int b = 0; b < count; b++) {
            batch.targets[b] = train.label(order[from + b]);
          }
          double mean = SoftmaxCrossEntropy.forward(batch.logits, batch.targets, batch.logits);
          SoftmaxCrossEntropy.backward(batch.logits, batch.targets, batch.logits); // dLogits
          network.backward(ctx, batch);
          return mean;
        };
    return new NetworkTask(
        network, inputs.size(), loss, valid.inputs().size() == 0 ? null : () -> score(ctx, valid));
  }

  /**
   * Returns the class probabilities of each sequence.
   *
   * @param ctx the threads to run on
   * @param inputs N sequences of this model's kind
   * @return (N, C) probabilities, each row summing to 1
   * @throws IllegalArgumentException if an input does not fit the model
   */
  public float[][] predictProbabilities(ComputeContext ctx, Sequences inputs) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(inputs, "inputs").requireFits(network.config, "inputs");
    int classes = network.config.numClasses();
    float[][] probabilities = new float[inputs.size()][classes];
    network.infer(
        ctx,
        inputs,
        (batch, from, count) -> {
          for (int b = 0; b < count; b++) {
            System.arraycopy(batch.logits.data(), b * classes, probabilities[from + b], 0, classes);
          }
        });
    return probabilities;
  }

  /**
   * Returns the most probable class of each sequence.
   *
   * @param ctx the threads to run on
   * @param inputs N sequences of this model's kind
   * @return (N) class ids (the first of equal probabilities)
   */
  public int[] predict(ComputeContext ctx, Sequences inputs) {
    float[][] probabilities = predictProbabilities(ctx, inputs);
    int[] classes = new int[probabilities.length];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = ClassificationMetrics.argmax(probabilities[i], 0, probabilities[i].length);
    }
    return classes;
  }

  /**
   * Scores the model on labelled data.
   *
   * @param ctx the threads to run on
   * @param data labelled sequences of this model's kind
   * @return accuracy, per-class scores, confusion matrix, log loss
   */
  public ClassificationMetrics evaluate(ComputeContext ctx, LabeledSequences data) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(data, "data").requireFits(network.config, "data");
    return score(ctx, data);
  }

  private ClassificationMetrics score(ComputeContext ctx, LabeledSequences data) {
    int classes = network.config.numClasses();
    ClassificationMetrics.Counter counter =
        new ClassificationMetrics.Counter(network.config.classNames());
    network.infer(
        ctx,
        data.inputs(),
        (batch, from, count) -> {
          for (int b = 0; b < count; b++) {
            counter.add(data.label(from + b), batch.logits.data(), b * classes);
          }
        });
    return counter.metrics();
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
   * the model (a text classifier's vocabulary); {@link #load} ignores the extra keys.
   *
   * @param path the file
   * @param extraMetadata keys other than {@code model}, {@code config} and {@code classNames}
   * @throws IOException if it cannot be written; a previous file is then left intact
   * @throws IllegalArgumentException if an extra key is one the model file uses
   */
  public void save(Path path, Map<String, String> extraMetadata) throws IOException {
    SequenceModelFile.write(path, KIND, network, extraMetadata);
  }

  /**
   * Loads a model saved by {@link #save} (or a checkpoint of one).
   *
   * @param path the file
   * @return the model
   * @throws IOException if the file cannot be read or is not a valid sequence classifier; the
   *     message starts with the path and names the problem
   */
  public static SequenceClassifier load(Path path) throws IOException {
    return new SequenceClassifier(
        SequenceModelFile.read(path, KIND, SequenceNetwork.Head.SEQUENCE));
  }
}
