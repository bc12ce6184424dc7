package io.github.lstm4j.core.model;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.model.ClassificationMetrics.Counter;
import io.github.lstm4j.core.model.SequenceNetwork.Batch;
import io.github.lstm4j.core.nn.Softmax;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.train.Trainer;
import io.github.lstm4j.core.train.TrainerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A classifier of whole sequences of different lengths (token ids or feature vectors): optional
 * embedding, uni- or bidirectional LSTM, a {@link io.github.lstm4j.core.nn.Readout}, dropout and a
 * Linear head over C classes, trained with softmax cross-entropy (label smoothing optional) by the
 * {@link Trainer} (binary classification is C = 2). See {@link SequenceModelConfig} for the
 * architecture.
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
public final class SequenceClassifier extends SequenceModel<LabeledSequences> {
  static final String KIND = "SequenceClassifier";

  private final SoftmaxCrossEntropy.Loss loss;

  private SequenceClassifier(SequenceNetwork network) {
    super(network, KIND);
    this.loss = SoftmaxCrossEntropy.withLabelSmoothing(network.config.labelSmoothing());
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

  @Override
  double loss(
      LabeledSequences train, SequenceNetwork.Batch batch, int[] order, int from, int count) {
    for (int b = 0; b < count; b++) {
      batch.targets[b] = train.label(order[from + b]);
    }
    // A non-finite loss reaches the optimizer as a non-finite gradient: its NonFinitePolicy acts.
    double mean = loss.forwardWithoutFiniteCheck(batch.logits, batch.targets, batch.logits);
    loss.backward(batch.logits, batch.targets, batch.logits); // dLogits
    return mean;
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
      classes[i] = Softmax.argmax(probabilities[i], 0, probabilities[i].length);
    }
    return classes;
  }

  @Override
  void count(Counter counter, LabeledSequences data, Batch batch, int from, int count) {
    int classes = network.config.numClasses();
    for (int b = 0; b < count; b++) {
      counter.add(data.label(from + b), batch.logits.data(), b * classes);
    }
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
