package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.io.Json;
import io.github.lstm4j.core.io.ModelFile;
import io.github.lstm4j.core.io.RecordJson;
import io.github.lstm4j.core.io.StateDict;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.core.io.TrainingCheckpoint;
import io.github.lstm4j.core.io.TrainingState;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a {@link CharLstm} is stored, and which changed configs may resume a checkpoint. A model file
 * is lstm4j's safetensors format with PyTorch tensor names ({@code weight_ih_l0}, {@code
 * head.weight}, …) and three metadata entries: {@code model} ({@code "CharLstm"}), {@code config}
 * (JSON of {@link CharLstmConfig}) and {@code vocabulary} (JSON of {@link Vocabulary}). A training
 * checkpoint holds a model file under its {@code model} part, so {@link #read} loads either; its
 * training state is core's {@code Trainer}'s, and {@link #engineCheckpoint} reads the state a
 * checkpoint of the loop before the engine holds.
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
      ModelFile.loadWeights(file, model.parameters());
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

  /**
   * Returns a checkpoint whose training state the engine can restore. A checkpoint of the loop
   * before CharLstm trained on core's {@code Trainer} names its state {@code step}, {@code epoch}
   * (1-based), {@code window}, {@code evaluations_without_improvement}, {@code skipped_steps}, the
   * generator {@code dropout} and the tensors {@code h}, {@code c} and {@code
   * best_validation_loss}; these map onto the engine's {@code trainer.*} and {@code task.*} names.
   * That loop wrote a checkpoint only when the validation loss improved, so its weights are the
   * best ones, and it kept no training time, so a resumed budget starts afresh. A checkpoint of the
   * engine is returned as it is.
   *
   * @param saved the checkpoint as read
   * @param config the config training resumes with (its seed seeds the unused order generator)
   * @param windowsPerEpoch the windows of one epoch of the same text
   * @param weights the checkpoint's weights, as loaded into the model
   * @return the checkpoint with the engine's state
   * @throws IOException if an old checkpoint lacks one of its counters, generators or tensors
   */
  static TrainingCheckpoint engineCheckpoint(
      TrainingCheckpoint saved, CharLstmConfig config, int windowsPerEpoch, float[] weights)
      throws IOException {
    TrainingState old = saved.state();
    if (old.counters().containsKey("trainer.step") || !old.counters().containsKey("step")) {
      return saved;
    }
    long step = old.counter("step");
    long epoch = old.counter("epoch") - 1;
    long window = old.counter("window");
    if (window >= windowsPerEpoch) { // written at the epoch's end: the next one starts
      epoch++;
      window = 0;
    }
    double bestLoss = old.tensor("best_validation_loss", 1).data()[0];
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("trainer.step", step);
    counters.put("trainer.epoch", epoch);
    counters.put("trainer.position", window * config.batchSize());
    counters.put("trainer.skipped", old.counters().getOrDefault("skipped_steps", 0L));
    counters.put("trainer.since_best", old.counter("evaluations_without_improvement"));
    counters.put("trainer.best_step", step);
    counters.put(
        "trainer.best_metric",
        Double.doubleToRawLongBits(Double.isFinite(bestLoss) ? bestLoss : Double.NaN));
    counters.put("trainer.loss_sum", Double.doubleToRawLongBits(0.0));
    counters.put("trainer.loss_count", 0L);
    counters.put("trainer.elapsed_nanos", 0L);
    Map<String, Long> rngs = new LinkedHashMap<>();
    rngs.put("trainer.order", new Rng(config.seed()).state());
    rngs.put("task.dropout", old.rngState("dropout"));
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    if (Double.isFinite(bestLoss)) {
      tensors.put(ModelFile.KEPT_WEIGHTS, Tensor.wrap(weights.clone(), weights.length));
    }
    Tensor h = old.tensors().get("h");
    Tensor c = old.tensors().get("c");
    if (h == null || c == null) {
      throw new IOException("training state must hold the carried tensors h and c, got none");
    }
    tensors.put("task.h", h);
    tensors.put("task.c", c);
    return saved.withState(new TrainingState(counters, rngs, tensors));
  }
}
