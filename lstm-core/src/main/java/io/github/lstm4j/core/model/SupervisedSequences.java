package io.github.lstm4j.core.model;

/**
 * Input sequences with their targets: one class per sequence ({@link LabeledSequences}) or one
 * class per step ({@link TaggedSequences}). The training engine of {@link SequenceModel} reads the
 * inputs through this view and leaves the targets to the model.
 *
 * <pre>{@code
 * SupervisedSequences data = new LabeledSequences(Sequences.ofTokens(ids), new int[] {0, 1});
 * data.requireFits(classifier.config(), "train");
 * }</pre>
 */
public sealed interface SupervisedSequences permits LabeledSequences, TaggedSequences {

  /**
   * Returns the input sequences.
   *
   * @return N sequences
   */
  Sequences inputs();

  /**
   * Checks that the data fits a model: kind of input, token ids or feature width, and every target
   * against the model's classes.
   *
   * @param config the model's config
   * @param name what the caller calls the data, used in the message
   * @throws IllegalArgumentException naming the first input or target that does not fit
   */
  void requireFits(SequenceModelConfig config, String name);
}
