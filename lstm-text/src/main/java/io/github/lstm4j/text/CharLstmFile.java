package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.io.Json;
import io.github.lstm4j.core.io.ModelFile;
import io.github.lstm4j.core.io.RecordJson;
import io.github.lstm4j.core.io.StateDict;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.core.nn.LstmConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a {@link CharLstm} is stored, and which changed configs may resume a checkpoint. A model file
 * is lstm4j's safetensors format with PyTorch tensor names ({@code weight_ih_l0}, {@code
 * head.weight}, …) and three metadata entries: {@code model} ({@code "CharLstm"}), {@code config}
 * (JSON of {@link CharLstmConfig}) and {@code vocabulary} (JSON of {@link Vocabulary}). A training
 * checkpoint holds a model file under its {@code model} part, so {@link #read} loads either.
 *
 * <pre>{@code
 * CharLstmFile.write(path, model);
 * CharLstm same = CharLstmFile.read(path);
 * }</pre>
 */
final class CharLstmFile {
  private static final String MODEL_KIND = "CharLstm";

  private CharLstmFile() {}

  /**
   * Writes a model (config, vocabulary, weights) to one file, atomically.
   *
   * @param path the file to create or replace
   * @param model the model
   * @throws IOException if it cannot be written; a previous file is left intact
   */
  static void write(Path path, CharLstm model) throws IOException {
    ModelFile.write(path, model.parameters(), metadata(model));
  }

  /**
   * Returns the metadata a model file (and a checkpoint's model part, and an ONNX export) carries.
   *
   * @param model the model
   * @return {@code model}, {@code config} and {@code vocabulary}, in that order
   */
  static Map<String, String> metadata(CharLstm model) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("model", MODEL_KIND);
    m.put("config", RecordJson.write(model.config()));
    m.put("vocabulary", model.vocabulary().toJson());
    return m;
  }

  /**
   * Reads a model written by {@link #write} (or a training checkpoint).
   *
   * @param path the model file
   * @return the model, with the saved config
   * @throws IOException if the file is missing, corrupt, of another model kind, or does not fit its
   *     own config; the message names the file and the problem
   */
  static CharLstm read(Path path) throws IOException {
    TensorFile file = ModelFile.read(path);
    try {
      return fromFile(file, readConfig(file));
    } catch (IOException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the saved config of a model file.
   *
   * @param file a model file, or a checkpoint's model part
   * @return the config it was trained with
   * @throws IOException if it is not a CharLstm file or its config does not parse
   */
  static CharLstmConfig readConfig(TensorFile file) throws IOException {
    String kind = ModelFile.metadata(file, "model");
    if (!kind.equals(MODEL_KIND)) {
      throw new IOException("not a " + MODEL_KIND + " file: model=" + Json.write(kind));
    }
    return RecordJson.read(ModelFile.metadata(file, "config"), CharLstmConfig.class);
  }

  /**
   * Builds a model from a file's vocabulary and weights, with a given config.
   *
   * @param file a model file, or a checkpoint's model part
   * @param config the config to run with (its shape must be the file's)
   * @return the model
   * @throws IOException if the vocabulary does not parse or the weights do not fit the shape
   */
  static CharLstm fromFile(TensorFile file, CharLstmConfig config) throws IOException {
    Vocabulary vocabulary;
    try {
      vocabulary = Vocabulary.fromJson(ModelFile.metadata(file, "vocabulary"));
    } catch (IllegalArgumentException e) {
      throw new IOException("vocabulary: " + e.getMessage(), e);
    }
    long lstmCount =
        LstmConfig.of(vocabulary.size(), config.hiddenSize())
            .withNumLayers(config.numLayers())
            .parameterCount();
    long headCount = (long) config.hiddenSize() * vocabulary.size() + vocabulary.size();
    StateDict.checkFits(file.tensors(), lstmCount + headCount);
    CharLstm model = new CharLstm(config, vocabulary);
    try {
      StateDict.load(file.tensors(), model.parameters());
    } catch (IOException e) {
      model.close();
      throw e;
    }
    return model;
  }

  /**
   * The resume-compatibility policy: a checkpoint may continue with any changed run plan (epochs,
   * time limit, learning rate and schedule, evaluation interval, patience, threads, non-finite
   * policy, clipping, weight decay, dropout, forget bias, and any field added later), but its
   * {@link CharLstmConfig#modelShape()} and {@link CharLstmConfig#dataLayout()} must be the saved
   * ones: they decide the weights' layout and which windows the loop position points at.
   *
   * @param saved the checkpoint's config
   * @param requested the config to resume with
   * @throws IllegalArgumentException if {@code requested} changes the shape or data layout
   */
  static void checkResumable(CharLstmConfig saved, CharLstmConfig requested) {
    Checks.argument(
        requested.modelShape().equals(saved.modelShape())
            && requested.dataLayout().equals(saved.dataLayout()),
        "config must keep the checkpoint's model shape and data layout "
            + saved.modelShape()
            + ", "
            + saved.dataLayout()
            + ", got "
            + requested.modelShape()
            + ", "
            + requested.dataLayout());
  }
}
