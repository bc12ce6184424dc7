package io.github.lstm4j.core.model;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.model.ClassificationMetrics.Counter;
import io.github.lstm4j.core.model.SequenceNetwork.Batch;
import io.github.lstm4j.core.nn.Softmax;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
public final class SequenceTagger extends SequenceModel<TaggedSequences> {
  static final String KIND = "SequenceTagger";

  /** The target of padded steps, PyTorch's default {@code ignore_index}. */
  public static final int IGNORE_INDEX = -100;

  private final SoftmaxCrossEntropy.Loss loss;

  private SequenceTagger(SequenceNetwork network) {
    super(network, KIND);
    this.loss =
        SoftmaxCrossEntropy.withIgnoreIndex(IGNORE_INDEX)
            .withLabelSmoothing(network.config.labelSmoothing());
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

  @Override
  double loss(
      TaggedSequences train, SequenceNetwork.Batch batch, int[] order, int from, int count) {
    Arrays.fill(batch.targets, IGNORE_INDEX); // padded steps
    for (int b = 0; b < count; b++) {
      int[] tags = train.tagsOf(order[from + b]);
      for (int t = 0; t < tags.length; t++) {
        batch.targets[batch.row(t, b)] = tags[t];
      }
    }
    double mean = loss.forward(batch.logits, batch.targets, batch.logits);
    loss.backward(batch.logits, batch.targets, batch.logits); // dLogits, 0 on padding
    return mean;
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
        row[t] = Softmax.argmax(steps[t], 0, steps[t].length);
      }
      tags.add(row);
    }
    return tags;
  }

  @Override
  void count(Counter counter, TaggedSequences data, Batch batch, int from, int count) {
    int classes = network.config.numClasses();
    for (int b = 0; b < count; b++) {
      int[] tags = data.tagsOf(from + b);
      for (int t = 0; t < tags.length; t++) {
        counter.add(tags[t], batch.logits.data(), batch.row(t, b) * classes);
      }
    }
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
