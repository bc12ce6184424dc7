package io.github.lstm4j.vision;

import io.github.lstm4j.core.io.Json;
import io.github.lstm4j.core.io.ModelFile;
import io.github.lstm4j.core.io.RecordJson;
import io.github.lstm4j.core.io.StateDict;
import io.github.lstm4j.core.io.TensorFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The model file of a {@link RowLstmClassifier}: an lstm4j {@link ModelFile} whose tensors are the
 * classifier's parameters under PyTorch names ({@code lstm.weight_ih_l0}, {@code lstm.bias_ih_l0}
 * and {@code lstm.bias_hh_l0}, …, {@code head.weight}, {@code head.bias}) and whose metadata is
 *
 * <pre>
 * model       "RowLstmClassifier"
 * config      the {@link ClassifierConfig} as JSON (see {@link RecordJson})
 * rows        image height T, decimal
 * cols        image width I, decimal
 * numClasses  number of classes, decimal
 * </pre>
 *
 * <p>Loading checks, in this order, that the file is an lstm4j model file, that it holds a row-LSTM
 * classifier, that the config and sizes are valid, that the tensors hold at least as many values as
 * the model they describe ({@link StateDict#checkFits}, so a forged size cannot make us allocate
 * more than the file holds), and finally every tensor's name and shape ({@link StateDict#load}).
 * Other metadata keys are ignored, as are tensors under {@link StateDict}'s reserved prefixes (a
 * training checkpoint of a classifier loads as the classifier).
 */
final class ClassifierFile {
  static final String MODEL_KEY = "model";
  static final String KIND = "RowLstmClassifier";
  static final String CONFIG_KEY = "config";
  static final String ROWS_KEY = "rows";
  static final String COLS_KEY = "cols";
  static final String NUM_CLASSES_KEY = "numClasses";

  private static final int QUOTED_CHARS = 60; // longest metadata value quoted in a message

  private ClassifierFile() {}

  /** The metadata a classifier is saved with, in the order above. */
  static Map<String, String> metadata(RowLstmClassifier model) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(MODEL_KEY, KIND);
    metadata.put(CONFIG_KEY, RecordJson.write(model.config()));
    metadata.put(ROWS_KEY, Integer.toString(model.shape().rows()));
    metadata.put(COLS_KEY, Integer.toString(model.shape().cols()));
    metadata.put(NUM_CLASSES_KEY, Integer.toString(model.shape().numClasses()));
    return metadata;
  }

  /** Writes the classifier atomically; a previous file is left intact if this fails. */
  static void write(RowLstmClassifier model, Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    ModelFile.write(path, model.parameters(), metadata(model));
  }

  /**
   * Reads a classifier; every message starts with the path (or, for a file that cannot be opened,
   * is the path, as {@link java.nio.file.NoSuchFileException}'s is).
   */
  static RowLstmClassifier read(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    TensorFile file = ModelFile.read(path);
    try {
      return fromFile(file);
    } catch (IOException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }

  /** Builds the classifier a model file describes, checking everything before allocating. */
  static RowLstmClassifier fromFile(TensorFile file) throws IOException {
    String kind = file.metadata().get(MODEL_KEY);
    if (!KIND.equals(kind)) {
      throw new IOException(
          "not a RowLstmClassifier file: metadata \"model\" must be \"RowLstmClassifier\", got "
              + (kind == null ? "none" : quote(kind)));
    }
    ClassifierConfig config =
        RecordJson.read(ModelFile.metadata(file, CONFIG_KEY), ClassifierConfig.class);
    int rows = positiveInt(file, ROWS_KEY);
    int cols = positiveInt(file, COLS_KEY);
    int numClasses = positiveInt(file, NUM_CLASSES_KEY);
    long parameterCount;
    try {
      parameterCount = RowLstmClassifier.parameterCount(config, rows, cols, numClasses);
    } catch (IllegalArgumentException e) { // sizes that are valid alone but not together
      throw new IOException(e.getMessage(), e);
    }
    StateDict.checkFits(file.tensors(), parameterCount);
    RowLstmClassifier model = RowLstmClassifier.create(config, rows, cols, numClasses);
    ModelFile.loadWeights(file, model.parameters());
    return model;
  }

  /** Reads a metadata value that must be a decimal integer in [1, 2^31). */
  private static int positiveInt(TensorFile file, String key) throws IOException {
    String value = ModelFile.metadata(file, key);
    if (value.matches("[1-9][0-9]{0,9}")) {
      long number = Long.parseLong(value);
      if (number <= Integer.MAX_VALUE) {
        return (int) number;
      }
    }
    throw new IOException(
        "metadata \"" + key + "\" must be a decimal integer in [1, 2^31), got " + quote(value));
  }

  /** Quotes a value from the file for a message, shortened: it may be hostile and long. */
  private static String quote(String value) {
    if (value.length() <= QUOTED_CHARS) {
      return Json.write(value);
    }
    int end = QUOTED_CHARS - 3;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // keep a surrogate pair whole
    }
    return Json.write(value.substring(0, end) + "...");
  }
}
