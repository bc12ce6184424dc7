package io.github.lstm4j.core.io;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one file format of every lstm4j model: a safetensors file whose tensors are the model's
 * parameters under their PyTorch {@code state_dict} names (see {@link StateDict}) and whose {@code
 * __metadata__} holds {@code format = "lstm4j"}, {@code format_version = "1"} and whatever the
 * model needs to rebuild itself, as strings: its config as JSON (see {@link RecordJson}), a
 * vocabulary. {@link TrainingCheckpoint} adds the optimizer and training-loop state to the same
 * format.
 *
 * <p>Loading a model is: {@link #read} the file (which checks the format and version), parse the
 * config from the metadata, {@link StateDict#checkFits check} that the config fits the tensors
 * before allocating, build the model, and {@link StateDict#load} the tensors into its parameters.
 * This class does not know any model: the model classes (in lstm-text, lstm-vision) do those steps.
 *
 * <pre>{@code
 * ModelFile.write(path, params, Map.of("config", RecordJson.write(config)));
 * TensorFile file = ModelFile.read(path);
 * LstmConfig config = RecordJson.read(ModelFile.metadata(file, "config"), LstmConfig.class);
 * StateDict.checkFits(file.tensors(), config.parameterCount());
 * Parameters params = new Parameters();
 * Lstm lstm = new Lstm(config, params, new Rng(0));
 * StateDict.load(file.tensors(), params);
 * }</pre>
 */
public final class ModelFile {
  /** The metadata key of the format name. */
  public static final String FORMAT_KEY = "format";

  /** The metadata key of the format version. */
  public static final String VERSION_KEY = "format_version";

  /** The format name every lstm4j model file carries. */
  public static final String FORMAT = "lstm4j";

  /** The format version this library writes and the only one it reads. */
  public static final int VERSION = 1;

  /**
   * The training-state tensor, beside a checkpoint's model part, that holds the weights its run
   * kept: those of its best validation (with a moving average, the validated average).
   */
  public static final String KEPT_WEIGHTS = "trainer.best_values";

  private ModelFile() {}

  /**
   * Writes a model file atomically (see {@link Safetensors#write}): the parameters as {@link
   * StateDict#export} names them, and the metadata plus the format name and version.
   *
   * @param path the file to create or replace
   * @param params the model's parameters
   * @param metadata what the model needs to rebuild itself (config, vocabulary), as strings
   * @throws IllegalArgumentException if {@code metadata} uses {@link #FORMAT_KEY} or {@link
   *     #VERSION_KEY}, or as {@link StateDict#export} and {@link Safetensors#write} do
   * @throws IOException if the file cannot be written; a previous file is then left intact
   */
  public static void write(Path path, Parameters params, Map<String, String> metadata)
      throws IOException {
    write(path, StateDict.export(params), metadata);
  }

  /** Writes tensors with the metadata plus the format name and version. */
  static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    Objects.requireNonNull(path, "path");
    Safetensors.write(path, tensors, withFormat(metadata));
  }

  /** Returns the format name and version followed by {@code metadata}. */
  static Map<String, String> withFormat(Map<String, String> metadata) {
    Objects.requireNonNull(metadata, "metadata");
    for (String key : metadata.keySet()) {
      Checks.argument(
          !key.equals(FORMAT_KEY) && !key.equals(VERSION_KEY),
          "metadata must not contain the key \"" + key + "\", which the file format reserves");
    }
    Map<String, String> all = new LinkedHashMap<>();
    all.put(FORMAT_KEY, FORMAT);
    all.put(VERSION_KEY, Integer.toString(VERSION));
    all.putAll(metadata);
    return all;
  }

  /**
   * Reads a model file, checking that it is an lstm4j file of a version this library reads.
   *
   * @param path the file
   * @return every tensor, and the metadata without the format name and version (so exactly what
   *     {@link #write} was given)
   * @throws IOException if the file cannot be read, is not valid safetensors, or is not an lstm4j
   *     model file of version {@value #VERSION}; the message starts with the path
   */
  public static TensorFile read(Path path) throws IOException {
    return checkFormat(path.toString(), Safetensors.read(path));
  }

  /** Parses a model file held in memory, as {@link #read} does. */
  static TensorFile fromBytes(byte[] bytes) throws IOException {
    return checkFormat("model bytes", Safetensors.fromBytes(bytes));
  }

  private static TensorFile checkFormat(String origin, TensorFile file) throws IOException {
    String format = file.metadata().get(FORMAT_KEY);
    if (!FORMAT.equals(format)) {
      throw new IOException(
          origin
              + ": not an lstm4j model file: metadata \"format\" must be \"lstm4j\", got "
              + (format == null ? "none" : Json.write(Json.abbreviate(format))));
    }
    String version = file.metadata().get(VERSION_KEY);
    if (version == null || !version.matches("0|[1-9][0-9]{0,8}")) {
      throw new IOException(
          origin
              + ": metadata \"format_version\" must be a decimal integer, got "
              + (version == null ? "none" : Json.write(Json.abbreviate(version))));
    }
    if (Integer.parseInt(version) != VERSION) {
      throw new IOException(
          origin + ": unsupported format_version " + version + ", this lstm4j reads " + VERSION);
    }
    Map<String, String> metadata = new LinkedHashMap<>(file.metadata());
    metadata.remove(FORMAT_KEY);
    metadata.remove(VERSION_KEY);
    return new TensorFile(file.tensors(), metadata);
  }

  /**
   * Puts a model file's weights into {@code params}, as {@link StateDict#load} does. A training
   * checkpoint's model tensors are the weights where training stood, which only a resumed run
   * needs; when the file holds the weights its run kept ({@code state.}{@value #KEPT_WEIGHTS}),
   * those go in instead, so that a checkpoint loaded to predict, generate or export runs the
   * weights its validation scored.
   *
   * @param file a model file or a training checkpoint, as {@link #read} returns it
   * @param params the parameters of a model built from the file's config
   * @throws IOException if the tensors do not fit the parameters
   */
  public static void loadWeights(TensorFile file, Parameters params) throws IOException {
    StateDict.load(file.tensors(), params);
    Tensor kept = file.tensors().get(StateDict.STATE_PREFIX + KEPT_WEIGHTS);
    if (kept == null) {
      return; // a plain model file, or a checkpoint written before any validation
    }
    if (!kept.hasShape(params.count())) {
      throw new IOException(
          "tensor "
              + StateDict.STATE_PREFIX
              + KEPT_WEIGHTS
              + " must have shape ("
              + params.count()
              + "), one value per parameter, got "
              + Tensor.shapeString(kept.shape()));
    }
    System.arraycopy(kept.data(), 0, params.values(), 0, params.count());
  }

  /**
   * Returns a metadata value the model needs.
   *
   * @param file a file from {@link #read}
   * @param key the metadata key, e.g. {@code "config"}
   * @return the value
   * @throws IOException if the file has no such key; the message lists the keys it has
   */
  public static String metadata(TensorFile file, String key) throws IOException {
    Objects.requireNonNull(file, "file");
    String value = file.metadata().get(Objects.requireNonNull(key, "key"));
    if (value == null) {
      throw new IOException(
          "model file must have the metadata key "
              + Json.write(key)
              + ", got only "
              + Json.abbreviate(file.metadata().keySet().toString()));
    }
    return value;
  }
}
