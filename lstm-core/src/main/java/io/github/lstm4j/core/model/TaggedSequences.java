package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sequences with one class id per step: the data of a {@link SequenceTagger}.
 *
 * <pre>{@code
 * TaggedSequences train = new TaggedSequences(Sequences.ofTokens(ids), List.of(new int[] {0, 2, 1}));
 * }</pre>
 *
 * @param inputs N sequences
 * @param tags N arrays, {@code tags.get(i).length == inputs.length(i)}; copied
 */
public record TaggedSequences(Sequences inputs, List<int[]> tags) implements SupervisedSequences {
  /**
   * Checks the sizes and copies the tags.
   *
   * @param inputs see the record description
   * @param tags see the record description
   */
  public TaggedSequences {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(tags, "tags");
    Checks.argument(
        tags.size() == inputs.size(),
        "tags must have one array per sequence (" + inputs.size() + "), got " + tags.size());
    List<int[]> copy = new ArrayList<>(tags.size());
    for (int i = 0; i < tags.size(); i++) {
      int[] row = Objects.requireNonNull(tags.get(i), "tags[" + i + "]");
      Checks.argument(
          row.length == inputs.length(i),
          "tags["
              + i
              + "] must have one tag per step ("
              + inputs.length(i)
              + "), got "
              + row.length);
      copy.add(row.clone());
    }
    tags = List.copyOf(copy);
  }

  /**
   * Returns the tags.
   *
   * @return copies of the per-step class ids
   */
  @Override
  public List<int[]> tags() {
    List<int[]> copy = new ArrayList<>(tags.size());
    for (int[] row : tags) {
      copy.add(row.clone());
    }
    return copy;
  }

  /** The tags of sequence i, without a copy. */
  int[] tagsOf(int i) {
    return tags.get(i);
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
    Checks.ids(name + ".tags", "class", tags, config.numClasses());
  }
}
