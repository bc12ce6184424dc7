package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Records;
import io.github.lstm4j.core.io.JsonDefault;
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
 * before the head. {@code labelSmoothing} ε is the training loss's, as PyTorch's {@code
 * CrossEntropyLoss(label_smoothing=ε)}: the target is (1 − ε)·onehot(y) + ε/C, which keeps the
 * model from driving its logits apart without bound on data it has memorised.
 *
 * <pre>{@code
 * SequenceModelConfig config = SequenceModelConfig.tokenIds(40, List.of("no", "yes"))
 *     .withEmbeddingDim(16).withHiddenSize(64).withBidirectional(true)
 *     .withReadout(Readout.MAX_OVER_TIME);
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
 * @param labelSmoothing ε in [0, 1) of the training loss; 0 = none (files from before it existed)
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
    long seed,
    @JsonDefault("0.0") double labelSmoothing) {

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
   * @param labelSmoothing see the record description
   */
  public SequenceModelConfig {
    Objects.requireNonNull(input, "input");
    Checks.positive("inputSize", inputSize);
    Checks.nonNegative("embeddingDim", embeddingDim);
    Checks.argument(
        input == Input.TOKEN_IDS || embeddingDim == 0,
        "embeddingDim must be 0 for input FEATURES (an embedding reads token ids), got "
            + embeddingDim);
    LstmConfig.checkStack(hiddenSize, numLayers, dropout);
    Checks.inHalfOpenRange("labelSmoothing", labelSmoothing, 0, 1);
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
   * Token-id input without an embedding (the input product a one-hot column lookup), 1 × 128 units,
   * unidirectional, no dropout, {@link Readout#LAST_HIDDEN}, seed 1, no label smoothing.
   *
   * @param vocabularySize V, {@code > 0}
   * @param classNames the C names, class id = index
   * @return the config
   */
  public static SequenceModelConfig tokenIds(int vocabularySize, List<String> classNames) {
    return new SequenceModelConfig(
        Input.TOKEN_IDS,
        vocabularySize,
        0,
        128,
        1,
        false,
        0.0,
        Readout.LAST_HIDDEN,
        classNames,
        1,
        0.0);
  }

  /**
   * Feature-vector input, otherwise as {@link #tokenIds}.
   *
   * @param featureCount I, {@code > 0}
   * @param classNames the C names, class id = index
   * @return the config
   */
  public static SequenceModelConfig features(int featureCount, List<String> classNames) {
    return tokenIds(featureCount, classNames).withInput(Input.FEATURES);
  }

  /**
   * Names C classes {@code "0"} … {@code "C-1"}.
   *
   * @param count C, {@code >= 2}
   * @return the names
   */
  public static List<String> numberedClasses(int count) {
    Checks.argument(count >= 2, "count must be >= 2, got " + count);
    List<String> names = new ArrayList<>(count);
    for (int c = 0; c < count; c++) {
      names.add(Integer.toString(c));
    }
    return names;
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

  /**
   * Returns a copy with another {@code input}.
   *
   * @param value the new {@code input} (see the record description)
   * @return the new config
   */
  public SequenceModelConfig withInput(Input value) {
    return Records.with(this, "input", value);
  }

  /**
   * Returns a copy with another {@code inputSize}.
   *
   * @param value the new {@code inputSize} (see the record description)
   * @return the new config
   */
  public SequenceModelConfig withInputSize(int value) {
    return Records.with(this, "inputSize", value);
  }

  /**
   * Returns a copy with another {@code embeddingDim}.
   *
   * @param value the new {@code embeddingDim} (see the record description)
   * @return the new config
   */
  public SequenceModelConfig withEmbeddingDim(int value) {
    return Records.with(this, "embeddingDim", value);
  }

  /**
   * Returns a copy with another {@code hiddenSize}.
   *
   * @param value the new {@code hiddenSize} (see the record description)
   * @return the new config
   */
  public SequenceModelConfig withHiddenSize(int value) {
    return Records.with(this, "hiddenSize", value);
  }

  /**
   * Returns a copy with another {@code numLayers}.
   *
   * @param value the new {@code numLayers} (see the record description)
   * @return the new config
   */
  public SequenceModelConfig withNumLayers(int value) {
    return Records.with(this, "numLayers", value);
  }

  /**
   * Returns a copy with another {@code bidirectional}.
   *
   * @param value the new {@code bidirectional} (see the record description)
   * @return the new config
   */
  public SequenceModelConfig withBidirectional(boolean value) {
    return Records.with(this, "bidirectional", value);
  }

  /**
   * Returns a copy with another {@code dropout}.
   *
   * @param value the new {@code dropout} (see the record description)
   * @return the new config
   */
  public SequenceModelConfig withDropout(double value) {
    return Records.with(this, "dropout", value);
  }

  /**
   * Returns a copy with another {@code readout}.
   *
   * @param value the new {@code readout} (see the record description)
   * @return the new config
   */
  public SequenceModelConfig withReadout(Readout value) {
    return Records.with(this, "readout", value);
  }

  /**
   * Returns a copy with another {@code classNames}.
   *
   * @param value the new {@code classNames} (see the record description)
   * @return the new config
   */
  public SequenceModelConfig withClassNames(List<String> value) {
    return Records.with(this, "classNames", value);
  }

  /**
   * Returns a copy with another {@code seed}.
   *
   * @param value the new {@code seed} (see the record description)
   * @return the new config
   */
  public SequenceModelConfig withSeed(long value) {
    return Records.with(this, "seed", value);
  }

  /**
   * Returns a copy with another {@code labelSmoothing}.
   *
   * @param value the new {@code labelSmoothing} (see the record description)
   * @return the new config
   */
  public SequenceModelConfig withLabelSmoothing(double value) {
    return Records.with(this, "labelSmoothing", value);
  }
}
