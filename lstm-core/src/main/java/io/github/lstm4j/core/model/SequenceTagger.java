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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tagger: one class per time step of sequences of different lengths (token ids or feature
 * vectors), from the same network as {@link SequenceClassifier} with the head applied at every step
 * ({@code readout} unused). Padded steps carry the ignore index {@value #IGNORE_INDEX} in the loss
 * ({@link SoftmaxCrossEntropy#withIgnoreIndex}), so they count for nothing in the loss, the
 * gradients or the metrics. A bidirectional tagger sees each step's left and right context.
 *
 * <p>Training, checkpoints, resume, thread-safe inference and the model file are as for {@link
 * SequenceClassifier}; the metrics count every valid step once.
 *
 * <pre>{@code
 * SequenceTagger tagger = SequenceTagger.create(config);
 * tagger.fit(ctx, train, valid, TrainerConfig.defaults(), TrainingListener.NONE);
 * List<int[]> tags = tagger.predict(ctx, Sequences.ofTokens(List.of(new int[] {3, 1, 4})));
 * }</pre>
 */
public final class SequenceTagger {
  static final String KIND = "SequenceTagger";

  /** The target of padded steps, PyTorch's default {@code ignore_index}. */
  public static final int IGNORE_INDEX = -100;

  private static final SoftmaxCrossEntropy.Loss LOSS =
      SoftmaxCrossEntropy.withIgnoreIndex(IGNORE_INDEX);

  private final SequenceNetwork network;

  private SequenceTagger(SequenceNetwork network) {
    this.network = network;
  }

  /**
   * Creates an untrained tagger, its weights drawn from {@code config.seed()}.
   *
   * @param config the architecture and tag classes
   * @return the tagger
   */
  public static SequenceTagger create(SequenceModelConfig config) {
    return new SequenceTagger(
        new SequenceNetwork(Objects.requireNonNull(config, "config"), SequenceNetwork.Head.STEP));
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
   * Trains the tagger in place, keeping the weights of the best validation.
   *
   * @param ctx the threads to train on
   * @param train at least one tagged sequence
   * @param valid validation data (may have no sequence: then no validation)
   * @param config how to train
   * @param listener where progress goes
   * @return what the run did
   * @throws IllegalArgumentException if the data does not fit the model, naming the first bad value
   */
  public TrainingResult fit(
      ComputeContext ctx,
      TaggedSequences train,
      TaggedSequences valid,
      TrainerConfig config,
      TrainingListener listener) {
    return trainer(ctx, train, valid, config).fit(listener);
  }

  /**
   * Returns a trainer of this tagger; checkpoint it with {@link #checkpointMetadata}.
   *
   * @param ctx the threads to train on
   * @param train at least one tagged sequence
   * @param valid validation data
   * @param config how to train
   * @return the trainer, at step 0
   */
  public Trainer trainer(
      ComputeContext ctx, TaggedSequences train, TaggedSequences valid, TrainerConfig config) {
    return new Trainer(task(ctx, train, valid), config);
  }

  /**
   * Returns a trainer that continues a checkpointed run of a tagger with this config, bit for bit.
   *
   * @param ctx the threads to train on
   * @param checkpoint the checkpoint file
   * @param train the same training data
   * @param valid the same validation data
   * @param config the same trainer config (more epochs are allowed)
   * @return the restored trainer; this tagger now holds the checkpoint's weights
   * @throws IOException if the file cannot be read or is not a checkpoint of this config
   */
  public Trainer resume(
      ComputeContext ctx,
      Path checkpoint,
      TaggedSequences train,
      TaggedSequences valid,
      TrainerConfig config)
      throws IOException {
    Objects.requireNonNull(checkpoint, "checkpoint");
    return task(ctx, train, valid).resume(checkpoint, KIND, config);
  }

  /**
   * Returns the metadata a checkpoint of this tagger needs.
   *
   * @return the metadata for {@link Trainer#writeCheckpoint}
   */
  public Map<String, String> checkpointMetadata() {
    return SequenceModelFile.metadata(KIND, network.config);
  }

  private NetworkTask task(ComputeContext ctx, TaggedSequences train, TaggedSequences valid) {
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
          Arrays.fill(batch.targets, IGNORE_INDEX); // padded steps
          for (int b = 0; b < count; b++) {
            int[] tags = train.tagsOf(order[from + b]);
            for (int t = 0; t < tags.length; t++) {
              batch.targets[batch.row(t, b)] = tags[t];
            }
          }
          double mean = LOSS.forward(batch.logits, batch.targets, batch.logits);
          LOSS.backward(batch.logits, batch.targets, batch.logits); // dLogits, 0 on padding
          network.backward(ctx, batch);
          return mean;
        };
    return new NetworkTask(
        network, inputs.size(), loss, valid.inputs().size() == 0 ? null : () -> score(ctx, valid));
  }

  /**
   * Returns the tag probabilities of every step.
   *
   * @param ctx the threads to run on
   * @param inputs N sequences of this model's kind
   * @return N arrays of (length, C) probabilities
   */
  public List<float[][]> predictProbabilities(ComputeContext ctx, Sequences inputs) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(inputs, "inputs").requireFits(network.config, "inputs");
    int classes = network.config.numClasses();
    List<float[][]> probabilities = new ArrayList<>(inputs.size());
    network.infer(
        ctx,
        inputs,
        (batch, from, count) -> {
          for (int b = 0; b < count; b++) {
            float[][] steps = new float[inputs.length(from + b)][classes];
            for (int t = 0; t < steps.length; t++) {
              System.arraycopy(
                  batch.logits.data(), batch.row(t, b) * classes, steps[t], 0, classes);
            }
            probabilities.add(steps);
          }
        });
    return probabilities;
  }

  /**
   * Returns the most probable tag of every step.
   *
   * @param ctx the threads to run on
   * @param inputs N sequences of this model's kind
   * @return N arrays of class ids, one per step
   */
  public List<int[]> predict(ComputeContext ctx, Sequences inputs) {
    List<int[]> tags = new ArrayList<>(inputs.size());
    for (float[][] steps : predictProbabilities(ctx, inputs)) {
      int[] row = new int[steps.length];
      for (int t = 0; t < steps.length; t++) {
        row[t] = ClassificationMetrics.argmax(steps[t], 0, steps[t].length);
      }
      tags.add(row);
    }
    return tags;
  }

  /**
   * Scores the tagger on every valid step of tagged data.
   *
   * @param ctx the threads to run on
   * @param data tagged sequences of this model's kind
   * @return per-step accuracy, per-class scores, confusion matrix, log loss
   */
  public ClassificationMetrics evaluate(ComputeContext ctx, TaggedSequences data) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(data, "data").requireFits(network.config, "data");
    return score(ctx, data);
  }

  private ClassificationMetrics score(ComputeContext ctx, TaggedSequences data) {
    int classes = network.config.numClasses();
    ClassificationMetrics.Counter counter =
        new ClassificationMetrics.Counter(network.config.classNames());
    network.infer(
        ctx,
        data.inputs(),
        (batch, from, count) -> {
          for (int b = 0; b < count; b++) {
            int[] tags = data.tagsOf(from + b);
            for (int t = 0; t < tags.length; t++) {
              counter.add(tags[t], batch.logits.data(), batch.row(t, b) * classes);
            }
          }
        });
    return counter.metrics();
  }

  /**
   * Saves the tagger atomically (see {@link SequenceModelFile}).
   *
   * @param path the file
   * @throws IOException if it cannot be written; a previous file is then left intact
   */
  public void save(Path path) throws IOException {
    SequenceModelFile.write(path, KIND, network, Map.of());
  }

  /**
   * Loads a tagger saved by {@link #save} (or a checkpoint of one).
   *
   * @param path the file
   * @return the tagger
   * @throws IOException if the file cannot be read or is not a valid sequence tagger; the message
   *     starts with the path
   */
  public static SequenceTagger load(Path path) throws IOException {
    return new SequenceTagger(SequenceModelFile.read(path, KIND, SequenceNetwork.Head.STEP));
  }
}
