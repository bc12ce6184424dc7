package io.github.lstm4j.text;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.ModelFile;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.core.model.ClassificationMetrics;
import io.github.lstm4j.core.model.LabeledSequences;
import io.github.lstm4j.core.model.SequenceClassifier;
import io.github.lstm4j.core.model.SequenceModelConfig;
import io.github.lstm4j.core.model.Sequences;
import io.github.lstm4j.core.train.TrainerConfig;
import io.github.lstm4j.core.train.TrainingListener;
import io.github.lstm4j.core.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A character-level text classifier: a {@link SequenceClassifier} over the code points of each
 * text, with a vocabulary built from the training texts and class names taken from their labels.
 *
 * <p>Id 0 is the unknown character. The vocabulary holds the characters that occur at least {@value
 * #MIN_CHAR_COUNT} times in the training texts, with ids 1…V−1 in code-point order; every other
 * character (those seen once in training, and at prediction any character training never saw) is
 * read as the unknown id. Training texts therefore contain the unknown id too, so its embedding is
 * learnt rather than left at its random start. Classes are the distinct training labels in {@link
 * String#compareTo} order; data with a label outside them is refused.
 *
 * <pre>{@code
 * TextClassifier model = TextClassifier.create(train, a -> a.withEmbeddingDim(64)
 *     .withHiddenSize(256).withBidirectional(true).withReadout(Readout.MAX_OVER_TIME));
 * model.fit(ctx, train, valid, TrainerConfig.defaults(), TrainingListener.NONE);
 * String language = model.predict(ctx, List.of("bonjour")).get(0);
 * }</pre>
 */
public final class TextClassifier {
  /** Characters seen fewer times than this in training are read as the unknown id 0. */
  public static final int MIN_CHAR_COUNT = 2;

  /** The id of every character outside the vocabulary. */
  public static final int UNKNOWN_ID = 0;

  static final String VOCABULARY_KEY = "vocabulary";

  private final CharVocabulary vocabulary; // the known characters; id + 1 is the model's id
  private final SequenceClassifier classifier;

  private TextClassifier(CharVocabulary vocabulary, SequenceClassifier classifier) {
    this.vocabulary = vocabulary;
    this.classifier = classifier;
  }

  /**
   * Creates an untrained classifier whose vocabulary and classes come from the training data.
   *
   * @param train the training examples, at least one
   * @param architecture changes the network (embedding, LSTM, readout, dropout, seed) of a config
   *     whose input kind, inputSize and class names are set here (token ids, V, the training
   *     labels), e.g. {@code a -> a.withHiddenSize(256)}
   * @return the classifier
   * @throws IllegalArgumentException if the training labels name fewer than 2 classes or every
   *     character is rare, or as the config's validation does
   */
  public static TextClassifier create(
      List<LabeledText> train, UnaryOperator<SequenceModelConfig> architecture) {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(architecture, "architecture");
    if (train.isEmpty()) {
      throw new IllegalArgumentException("train must have at least 1 example, got 0");
    }
    Map<Integer, Integer> counts = new HashMap<>();
    TreeSet<String> labels = new TreeSet<>();
    for (LabeledText example : train) {
      example.text().codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
      labels.add(example.label());
    }
    int[] known =
        counts.entrySet().stream()
            .filter(e -> e.getValue() >= MIN_CHAR_COUNT)
            .mapToInt(Map.Entry::getKey)
            .sorted()
            .toArray();
    if (known.length == 0) {
      throw new IllegalArgumentException(
          "train must have at least one character that occurs "
              + MIN_CHAR_COUNT
              + " times or more, got none");
    }
    if (labels.size() < 2) {
      throw new IllegalArgumentException(
          "train must have at least 2 distinct labels, got " + labels);
    }
    CharVocabulary vocabulary = CharVocabulary.ofCodePoints(known);
    SequenceModelConfig config =
        architecture.apply(
            SequenceModelConfig.tokenIds(vocabulary.size() + 1, new ArrayList<>(labels)));
    return new TextClassifier(vocabulary, SequenceClassifier.create(config));
  }

  /**
   * Returns the class names.
   *
   * @return the C names, class id = index
   */
  public List<String> classNames() {
    return classifier.config().classNames();
  }

  /**
   * Returns the known characters (the model's ids are theirs + 1; 0 is unknown).
   *
   * @return the vocabulary
   */
  public CharVocabulary vocabulary() {
    return vocabulary;
  }

  /**
   * Returns the underlying sequence classifier (for checkpoints and resume).
   *
   * @return the classifier
   */
  public SequenceClassifier classifier() {
    return classifier;
  }

  /**
   * Returns the model's ids of a text.
   *
   * @param text any text, at least one character
   * @return one id per code point, {@link #UNKNOWN_ID} for characters outside the vocabulary
   */
  public int[] encode(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("text must have at least 1 character, got \"\"");
    }
    return text.codePoints()
        .map(c -> vocabulary.contains(c) ? vocabulary.id(c) + 1 : UNKNOWN_ID)
        .toArray();
  }

  /**
   * Trains in place, keeping the weights of the best validation.
   *
   * @param ctx the threads to train on
   * @param train the training examples
   * @param valid validation examples (may be empty: then no validation)
   * @param config how to train; validate on {@code "val_accuracy"} (MAXIMIZE), {@code
   *     "val_macro_f1"} or {@code "val_loss"}
   * @param listener where progress goes
   * @return what the run did
   * @throws IllegalArgumentException if an example has a label that is not a class, naming it
   */
  public TrainingResult fit(
      ComputeContext ctx,
      List<LabeledText> train,
      List<LabeledText> valid,
      TrainerConfig config,
      TrainingListener listener) {
    return classifier.fit(ctx, labeled(train, "train"), labeled(valid, "valid"), config, listener);
  }

  /**
   * Returns the class probabilities of each text.
   *
   * @param ctx the threads to run on
   * @param texts texts of at least one character
   * @return (N, C) probabilities; thread-safe
   */
  public float[][] predictProbabilities(ComputeContext ctx, List<String> texts) {
    return classifier.predictProbabilities(ctx, encodeAll(texts));
  }

  /**
   * Returns the most probable class name of each text.
   *
   * @param ctx the threads to run on
   * @param texts texts of at least one character
   * @return one class name per text; thread-safe
   */
  public List<String> predict(ComputeContext ctx, List<String> texts) {
    List<String> names = new ArrayList<>(texts.size());
    for (int c : classifier.predict(ctx, encodeAll(texts))) {
      names.add(classNames().get(c));
    }
    return names;
  }

  /**
   * Scores the classifier on labelled texts.
   *
   * @param ctx the threads to run on
   * @param data examples whose labels are classes of this model
   * @return accuracy, per-class scores, confusion matrix
   * @throws IllegalArgumentException if a label is not a class, naming it
   */
  public ClassificationMetrics evaluate(ComputeContext ctx, List<LabeledText> data) {
    return classifier.evaluate(ctx, labeled(data, "data"));
  }

  /**
   * Saves the model atomically: the sequence classifier's file plus the vocabulary.
   *
   * @param path the file
   * @throws IOException if it cannot be written; a previous file is then left intact
   */
  public void save(Path path) throws IOException {
    classifier.save(path, Map.of(VOCABULARY_KEY, vocabulary.toJson()));
  }

  /**
   * Loads a model saved by {@link #save}.
   *
   * @param path the file
   * @return the classifier
   * @throws IOException if the file is not a text classifier; the message starts with the path
   */
  public static TextClassifier load(Path path) throws IOException {
    SequenceClassifier classifier = SequenceClassifier.load(path);
    TensorFile file = ModelFile.read(path);
    String json = file.metadata().get(VOCABULARY_KEY);
    if (json == null) {
      throw new IOException(path + ": not a text classifier: metadata \"vocabulary\" is missing");
    }
    Vocabulary vocabulary;
    try {
      vocabulary = VocabularyJson.read(json);
    } catch (IllegalArgumentException e) {
      throw new IOException(path + ": metadata \"vocabulary\": " + e.getMessage(), e);
    }
    if (!(vocabulary instanceof CharVocabulary chars)
        || chars.size() + 1 != classifier.config().inputSize()) {
      throw new IOException(
          path
              + ": metadata \"vocabulary\" must be a character vocabulary of inputSize − 1 = "
              + (classifier.config().inputSize() - 1)
              + " characters, got "
              + vocabulary.size()
              + " "
              + (vocabulary instanceof CharVocabulary ? "characters" : "words"));
    }
    return new TextClassifier(chars, classifier);
  }

  private Sequences encodeAll(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    List<int[]> ids = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      String text = Objects.requireNonNull(texts.get(i), "texts[" + i + "]");
      if (text.isEmpty()) {
        throw new IllegalArgumentException("texts[" + i + "] must have at least 1 character");
      }
      ids.add(encode(text));
    }
    return Sequences.ofTokens(ids);
  }

  private LabeledSequences labeled(List<LabeledText> examples, String name) {
    Objects.requireNonNull(examples, name);
    List<String> classes = classNames();
    Map<String, Integer> ids = new HashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      ids.put(classes.get(c), c);
    }
    List<String> texts = new ArrayList<>(examples.size());
    int[] labels = new int[examples.size()];
    for (int i = 0; i < examples.size(); i++) {
      LabeledText example = examples.get(i);
      Integer id = ids.get(example.label());
      if (id == null) {
        throw new IllegalArgumentException(
            name
                + "["
                + i
                + "].label must be one of the classes "
                + classes
                + ", got \""
                + example.label()
                + "\"");
      }
      labels[i] = id;
      texts.add(example.text());
    }
    return new LabeledSequences(encodeAll(texts), labels);
  }
}
