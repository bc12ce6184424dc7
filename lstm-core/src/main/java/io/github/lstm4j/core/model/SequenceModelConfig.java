package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Readout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The architecture of a {@link SequenceClassifier} or {@link SequenceTagger}: what the input is, an
 * optional embedding, the LSTM, the readout, dropout and the classes. Training settings (batch,
 * epochs, optimizer, schedule) are a {@link io.github.lstm4j.core.train.TrainerConfig}, given to
 * {@code fit}; they are not part of the model.
 *
 * <pre>
 * TOKEN_IDS, embeddingDim E &gt; 0:  ids → Embedding(V, E) → LSTM(E, H)
 * TOKEN_IDS, embeddingDim 0:      ids → LSTM(V, H), the input product a column lookup (one-hot)
 * FEATURES:                       (length, I) floats → LSTM(I, H)
 * then classifier: readout (B, D·H) → dropout → Linear(D·H, C);  tagger: each step → Linear
 * </pre>
 *
 * <p>{@code readout} is used by the classifier only: a tagger reads every time step. {@code
 * dropout} applies, in training only, to the embedding's output, between stacked LSTM layers and
 * before the head.
 *
 * <pre>{@code
 * SequenceModelConfig config = SequenceModelConfig.builder()
 *     .inputSize(40).embeddingDim(16).hiddenSize(64).bidirectional(true)
 *     .readout(Readout.MAX_OVER_TIME).classNames(List.of("no", "yes")).build();
 * }</pre>
 *
 * @param input what a sequence step is
 * @param inputSize the vocabulary size V for token ids, the feature count I for features
 * @param embeddingDim E, the embedding width; 0 = no embedding (required for features)
 * @param hiddenSize H, units per direction
 * @param numLayers stacked LSTM layers
 * @param bidirectional whether a second direction reads each sequence backwards (D = 2)
 * @param dropout training dropout probability in [0, 1)
 * @param readout how the classifier turns the LSTM output into one vector per sequence
 * @param classNames the names of the C classes, at least 2, distinct and non-empty; class id =
 *     index
 * @param seed the seed of the initial weights and the dropout masks
 */
public record SequenceModelConfig(
    Input input,
    int inputSize,
    int embeddingDim,
    int hiddenSize,
    int numLayers,
    boolean bidirectional,
    double dropout,
    Readout readout,
    List<String> classNames,
    long seed) {

  /** What one step of an input sequence is. */
  public enum Input {
    /** An int id in [0, inputSize). */
    TOKEN_IDS,
    /** A float vector of inputSize features. */
    FEATURES
  }

  /**
   * Validates the fields; each problem is an {@link IllegalArgumentException} naming the field and
   * the value.
   *
   * @param input see the record description
   * @param inputSize see the record description
   * @param embeddingDim see the record description
   * @param hiddenSize see the record description
   * @param numLayers see the record description
   * @param bidirectional see the record description
   * @param dropout see the record description
   * @param readout see the record description
   * @param classNames see the record description; copied
   * @param seed see the record description
   */
  public SequenceModelConfig {
    Objects.requireNonNull(input, "input");
    Checks.positive("inputSize", inputSize);
    Checks.nonNegative("embeddingDim", embeddingDim);
    Checks.argument(
        input == Input.TOKEN_IDS || embeddingDim == 0,
        "embeddingDim must be 0 for input FEATURES (an embedding reads token ids), got "
            + embeddingDim);
    Checks.positive("hiddenSize", hiddenSize);
    Checks.positive("numLayers", numLayers);
    Checks.inHalfOpenRange("dropout", dropout, 0, 1);
    Objects.requireNonNull(readout, "readout");
    Objects.requireNonNull(classNames, "classNames");
    Checks.argument(
        classNames.size() >= 2, "classNames must have at least 2 names, got " + classNames);
    Set<String> seen = new HashSet<>();
    for (int c = 0; c < classNames.size(); c++) {
      String name = Objects.requireNonNull(classNames.get(c), "classNames[" + c + "]");
      Checks.argument(!name.isEmpty(), "classNames[" + c + "] must be a non-empty name, got \"\"");
      Checks.argument(seen.add(name), "classNames must be distinct, got \"" + name + "\" twice");
    }
    classNames = List.copyOf(classNames);
  }

  /**
   * Starts a builder: token ids, no embedding, 1 × 128 units, unidirectional, no dropout, {@link
   * Readout#LAST_HIDDEN}, seed 1; {@code inputSize} and the classes must be set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the number of classes C.
   *
   * @return {@code classNames().size()}
   */
  public int numClasses() {
    return classNames.size();
  }

  /**
   * Returns the LSTM's config: its input is the embedding width, or inputSize without one.
   *
   * @return the LSTM config (forget bias and initialisers PyTorch's defaults)
   */
  public LstmConfig lstmConfig() {
    return LstmConfig.of(embeddingDim > 0 ? embeddingDim : inputSize, hiddenSize)
        .withNumLayers(numLayers)
        .withBidirectional(bidirectional)
        .withDropout(numLayers > 1 ? dropout : 0);
  }

  /**
   * Returns the width of the LSTM output and of the head's input, D·H.
   *
   * @return {@code (bidirectional ? 2 : 1) · hiddenSize}
   */
  public int featureSize() {
    return (bidirectional ? 2 : 1) * hiddenSize;
  }

  /** A mutable builder of {@link SequenceModelConfig}; {@link #build} validates. */
  public static final class Builder {
    private Input input = Input.TOKEN_IDS;
    private int inputSize;
    private int embeddingDim;
    private int hiddenSize = 128;
    private int numLayers = 1;
    private boolean bidirectional;
    private double dropout;
    private Readout readout = Readout.LAST_HIDDEN;
    private List<String> classNames = List.of();
    private long seed = 1;

    private Builder() {}

    /**
     * Sets what a step is.
     *
     * @param value TOKEN_IDS or FEATURES
     * @return this builder
     */
    public Builder input(Input value) {
      this.input = value;
      return this;
    }

    /**
     * Sets the vocabulary size (token ids) or feature count (features).
     *
     * @param value {@code > 0}
     * @return this builder
     */
    public Builder inputSize(int value) {
      this.inputSize = value;
      return this;
    }

    /**
     * Sets the embedding width; 0 = none.
     *
     * @param value {@code >= 0}
     * @return this builder
     */
    public Builder embeddingDim(int value) {
      this.embeddingDim = value;
      return this;
    }

    /**
     * Sets the units per direction.
     *
     * @param value {@code > 0}
     * @return this builder
     */
    public Builder hiddenSize(int value) {
      this.hiddenSize = value;
      return this;
    }

    /**
     * Sets the number of stacked layers.
     *
     * @param value {@code > 0}
     * @return this builder
     */
    public Builder numLayers(int value) {
      this.numLayers = value;
      return this;
    }

    /**
     * Sets whether a reverse direction reads each sequence too.
     *
     * @param value true for a bidirectional LSTM
     * @return this builder
     */
    public Builder bidirectional(boolean value) {
      this.bidirectional = value;
      return this;
    }

    /**
     * Sets the training dropout probability.
     *
     * @param value in [0, 1)
     * @return this builder
     */
    public Builder dropout(double value) {
      this.dropout = value;
      return this;
    }

    /**
     * Sets the classifier's readout.
     *
     * @param value LAST_HIDDEN, MEAN_OVER_TIME or MAX_OVER_TIME
     * @return this builder
     */
    public Builder readout(Readout value) {
      this.readout = value;
      return this;
    }

    /**
     * Sets the class names; class id c is {@code names.get(c)}.
     *
     * @param names at least 2 distinct non-empty names
     * @return this builder
     */
    public Builder classNames(List<String> names) {
      this.classNames = names;
      return this;
    }

    /**
     * Sets C classes named {@code "0"} … {@code "C-1"}.
     *
     * @param value C, {@code >= 2}
     * @return this builder
     */
    public Builder numClasses(int value) {
      Checks.argument(value >= 2, "numClasses must be >= 2, got " + value);
      List<String> names = new ArrayList<>(value);
      for (int c = 0; c < value; c++) {
        names.add(Integer.toString(c));
      }
      this.classNames = names;
      return this;
    }

    /**
     * Sets the seed of the initial weights and dropout masks.
     *
     * @param value any long
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Builds and validates the config.
     *
     * @return the config
     * @throws IllegalArgumentException naming the first invalid field and its value
     */
    public SequenceModelConfig build() {
      return new SequenceModelConfig(
          input,
          inputSize,
          embeddingDim,
          hiddenSize,
          numLayers,
          bidirectional,
          dropout,
          readout,
          classNames,
          seed);
    }
  }
}
