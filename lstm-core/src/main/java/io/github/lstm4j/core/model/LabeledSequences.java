package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import java.util.List;
import java.util.Objects;

/**
 * Sequences with one class id per sequence: the training, validation or test data of a {@link
 * SequenceClassifier}.
 *
 * <pre>{@code
 * LabeledSequences train = new LabeledSequences(Sequences.ofTokens(ids), new int[] {0, 1, 1});
 * }</pre>
 *
 * @param inputs N sequences
 * @param labels (N) class ids, each checked against the model's classes where it is used
 */
public record LabeledSequences(Sequences inputs, int[] labels) implements SupervisedSequences {
  /**
   * Checks the sizes and copies the labels.
   *
   * @param inputs see the record description
   * @param labels see the record description
   */
  public LabeledSequences {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(labels, "labels");
    Checks.argument(
        labels.length == inputs.size(),
        "labels must have one class id per sequence (" + inputs.size() + "), got " + labels.length);
    labels = labels.clone();
  }

  /**
   * Returns data with no sequence: a model given it as validation data does not validate.
   *
   * @param kind the kind of sequences
   * @return empty data
   */
  public static LabeledSequences none(SequenceModelConfig.Input kind) {
    Sequences empty =
        kind == SequenceModelConfig.Input.TOKEN_IDS
            ? Sequences.ofTokens(List.of())
            : Sequences.ofFeatures(List.of());
    return new LabeledSequences(empty, new int[0]);
  }

  /**
   * Returns the labels.
   *
   * @return a copy of the class ids
   */
  @Override
  public int[] labels() {
    return labels.clone();
  }

  /** The class id of sequence i, without a copy. */
  int label(int i) {
    return labels[i];
  }

  /**
   * {@inheritDoc}
   *
   * @param config {@inheritDoc}
   * @param name {@inheritDoc}
   */
  @Override
  public void requireFits(SequenceModelConfig config, String name) {
    inputs.requireFits(config, name + ".inputs");
    Checks.ids(name + ".labels", "class", labels, config.numClasses());
  }
}
