package io.github.lstm4j.core.io;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.optim.Optimizer;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link ModelFile} plus everything a training run needs to resume bit-identically: the
 * optimizer's state and the training loop's {@link TrainingState}. Training N steps, writing a
 * checkpoint, reading it into a freshly built model and optimizer and training M more steps gives
 * exactly the parameters of N + M uninterrupted steps.
 *
 * <p>In the file, beside the model's tensors and metadata:
 *
 * <pre>
 * tensor   optimizer.&lt;name&gt;        (paramCount)  each optimizer state array (Adam: exp_avg, exp_avg_sq)
 * tensor   state.&lt;name&gt;            any shape     each TrainingState tensor
 * metadata optimizer                 the optimizer's class name, e.g. "Adam"
 * metadata optimizer.step_count      its step count (Adam's bias correction depends on it)
 * metadata optimizer.learning_rate   its current learning rate
 * metadata counter.&lt;name&gt;          each counter, decimal
 * metadata rng.&lt;name&gt;              each generator state, decimal
 * </pre>
 *
 * A checkpoint is also a valid model file: {@link StateDict#load} ignores the {@code optimizer.}
 * and {@code state.} tensors, so a model can be loaded from it for inference. The optimizer's
 * hyper-parameters other than the learning rate (betas, weight decay) are not stored: the caller
 * rebuilds the optimizer from its own config, and {@link #restore} checks that it is of the kind
 * that was saved. A learning-rate schedule is a function of a step counter, which the caller keeps
 * in the {@link TrainingState}.
 *
 * <pre>{@code
 * TrainingCheckpoint.write(path, params, adam, Map.of("config", json),
 *     new TrainingState(Map.of("step", step), Map.of("dropout", dropoutRng.state()), Map.of()));
 *
 * TrainingCheckpoint checkpoint = TrainingCheckpoint.read(path);
 * LstmConfig config = RecordJson.read(ModelFile.metadata(checkpoint.model(), "config"), LstmConfig.class);
 * ...build the model and the optimizer from the config...
 * checkpoint.restore(params, adam);
 * long step = checkpoint.state().counter("step");
 * dropoutRng.setState(checkpoint.state().rngState("dropout"));
 * }</pre>
 */
public final class TrainingCheckpoint {
  private static final String OPTIMIZER_KEY = "optimizer";
  private static final String STEP_COUNT_KEY = "optimizer.step_count";
  private static final String LEARNING_RATE_KEY = "optimizer.learning_rate";
  private static final String COUNTER_PREFIX = "counter.";
  private static final String RNG_PREFIX = "rng.";

  /**
   * The optimizer part of a checkpoint.
   *
   * @param kind the optimizer's class name, e.g. "Adam"
   * @param stepCount its step count
   * @param learningRate its current learning rate
   * @param buffers state name (without prefix) to its (paramCount) tensor
   */
  private record SavedOptimizer(
      String kind, long stepCount, double learningRate, Map<String, Tensor> buffers) {}

  private final String origin; // the path, for error messages
  private final TensorFile model;
  private final TrainingState state;
  private final SavedOptimizer saved;

  private TrainingCheckpoint(
      String origin, TensorFile model, TrainingState state, SavedOptimizer saved) {
    this.origin = origin;
    this.model = model;
    this.state = state;
    this.saved = saved;
  }

  /**
   * Writes a training checkpoint atomically (see {@link Safetensors#write}).
   *
   * @param path the file to create or replace
   * @param params the model's parameters
   * @param optimizer the optimizer that trains them
   * @param metadata what the model needs to rebuild itself, as for {@link ModelFile#write}
   * @param state the training loop's counters, generator states and tensors
   * @throws IllegalArgumentException if {@code metadata} uses a reserved key ({@code format},
   *     {@code format_version}, {@code optimizer}, or one starting with {@code optimizer.}, {@code
   *     counter.} or {@code rng.}), the optimizer was used with other parameters, or as {@link
   *     ModelFile#write} does
   * @throws IOException if the file cannot be written; a previous file is then left intact
   */
  public static void write(
      Path path,
      Parameters params,
      Optimizer optimizer,
      Map<String, String> metadata,
      TrainingState state)
      throws IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(state, "state");
    Map<String, Tensor> tensors = StateDict.export(params);
    for (Map.Entry<String, float[]> buffer : optimizer.state().entrySet()) {
      float[] values = buffer.getValue();
      Checks.argument(
          values.length == params.count(),
          "optimizer must have been used with these "
              + params.count()
              + " parameters, got state \""
              + buffer.getKey()
              + "\" of length "
              + values.length);
      tensors.put(StateDict.OPTIMIZER_PREFIX + buffer.getKey(), Tensor.wrap(values, values.length));
    }
    for (Map.Entry<String, Tensor> tensor : state.tensors().entrySet()) {
      tensors.put(StateDict.STATE_PREFIX + tensor.getKey(), tensor.getValue());
    }

    Map<String, String> all = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      Checks.argument(
          !isReserved(entry.getKey()),
          "metadata must not contain the key \""
              + entry.getKey()
              + "\", which training checkpoints reserve");
      all.put(entry.getKey(), entry.getValue());
    }
    all.put(OPTIMIZER_KEY, kind(optimizer));
    all.put(STEP_COUNT_KEY, Long.toString(optimizer.stepCount()));
    all.put(LEARNING_RATE_KEY, Double.toString(optimizer.learningRate()));
    state.counters().forEach((name, value) -> all.put(COUNTER_PREFIX + name, value.toString()));
    state.rngStates().forEach((name, value) -> all.put(RNG_PREFIX + name, value.toString()));
    ModelFile.write(path, tensors, all);
  }

  private static boolean isReserved(String key) {
    return key.equals(OPTIMIZER_KEY)
        || key.startsWith(StateDict.OPTIMIZER_PREFIX)
        || key.startsWith(COUNTER_PREFIX)
        || key.startsWith(RNG_PREFIX);
  }

  /** The name stored for an optimizer: its class's simple name, e.g. {@code "Adam"}. */
  private static String kind(Optimizer optimizer) {
    String name = optimizer.getClass().getSimpleName();
    return name.isEmpty() ? optimizer.getClass().getName() : name;
  }

  /**
   * Reads a training checkpoint and checks its structure; {@link #restore} checks it against the
   * model and optimizer.
   *
   * @param path the file
   * @return the checkpoint
   * @throws IOException if the file is not a valid model file ({@link ModelFile#read}), or its
   *     optimizer or training-state metadata is missing or malformed; the message starts with the
   *     path
   */
  public static TrainingCheckpoint read(Path path) throws IOException {
    return of(path.toString(), ModelFile.read(path));
  }

  /** Parses a checkpoint held in memory, as {@link #read} does. */
  static TrainingCheckpoint fromBytes(byte[] bytes) throws IOException {
    return of("checkpoint bytes", ModelFile.fromBytes(bytes));
  }

  private static TrainingCheckpoint of(String origin, TensorFile file) throws IOException {
    Map<String, String> modelMetadata = new LinkedHashMap<>();
    Map<String, Long> counters = new LinkedHashMap<>();
    Map<String, Long> rngStates = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : file.metadata().entrySet()) {
      String key = entry.getKey();
      if (key.startsWith(COUNTER_PREFIX)) {
        counters.put(
            key.substring(COUNTER_PREFIX.length()), decimal(origin, key, entry.getValue()));
      } else if (key.startsWith(RNG_PREFIX)) {
        rngStates.put(key.substring(RNG_PREFIX.length()), decimal(origin, key, entry.getValue()));
      } else if (key.startsWith(StateDict.OPTIMIZER_PREFIX)
          && !key.equals(STEP_COUNT_KEY)
          && !key.equals(LEARNING_RATE_KEY)) {
        throw new IOException(
            origin
                + ": checkpoint metadata has an unknown key "
                + Json.write(Json.abbreviate(key)));
      } else if (!isReserved(key)) {
        modelMetadata.put(key, entry.getValue());
      }
    }
    String optimizer = file.metadata().get(OPTIMIZER_KEY);
    if (optimizer == null) {
      throw new IOException(
          origin
              + ": not a training checkpoint: metadata \"optimizer\" must name the optimizer, got"
              + " none; is it a model file?");
    }
    long stepCount = decimal(origin, STEP_COUNT_KEY, file.metadata().get(STEP_COUNT_KEY));
    if (stepCount < 0) {
      throw new IOException(
          origin + ": metadata \"" + STEP_COUNT_KEY + "\" must be >= 0, got " + stepCount);
    }
    double learningRate = learningRate(origin, file.metadata().get(LEARNING_RATE_KEY));

    Map<String, Tensor> modelTensors = new LinkedHashMap<>();
    Map<String, Tensor> stateTensors = new LinkedHashMap<>();
    Map<String, Tensor> optimizerState = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> entry : file.tensors().entrySet()) {
      String name = entry.getKey();
      if (name.startsWith(StateDict.OPTIMIZER_PREFIX)) {
        optimizerState.put(name.substring(StateDict.OPTIMIZER_PREFIX.length()), entry.getValue());
      } else if (name.startsWith(StateDict.STATE_PREFIX)) {
        stateTensors.put(name.substring(StateDict.STATE_PREFIX.length()), entry.getValue());
      } else {
        modelTensors.put(name, entry.getValue());
      }
    }
    return new TrainingCheckpoint(
        origin,
        new TensorFile(modelTensors, modelMetadata),
        new TrainingState(counters, rngStates, stateTensors),
        new SavedOptimizer(optimizer, stepCount, learningRate, optimizerState));
  }

  private static long decimal(String origin, String key, String text) throws IOException {
    try {
      if (text != null && text.matches("-?[0-9]{1,19}")) {
        return Long.parseLong(text);
      }
    } catch (NumberFormatException beyondLong) {
      // reported below, like any other malformed number
    }
    throw new IOException(
        origin
            + ": metadata \""
            + Json.abbreviate(key)
            + "\" must be a decimal integer in the long range, got "
            + (text == null ? "none" : Json.write(Json.abbreviate(text))));
  }

  private static double learningRate(String origin, String text) throws IOException {
    double value = Double.NaN;
    if (text != null && text.matches("[0-9][0-9.eE+-]*")) {
      try {
        value = Double.parseDouble(text);
      } catch (NumberFormatException malformed) {
        // reported below
      }
    }
    if (!(value > 0 && Double.isFinite(value))) {
      throw new IOException(
          origin
              + ": metadata \""
              + LEARNING_RATE_KEY
              + "\" must be a finite number > 0, got "
              + (text == null ? "none" : Json.write(Json.abbreviate(text))));
    }
    return value;
  }

  /**
   * Returns the model part: what {@link ModelFile#read} would give for the model alone.
   *
   * @return the parameter tensors, and the metadata passed to {@link #write}
   */
  public TensorFile model() {
    return model;
  }

  /**
   * Returns the training loop's state as written.
   *
   * @return the counters, generator states and tensors
   */
  public TrainingState state() {
    return state;
  }

  /**
   * Returns this checkpoint with another training state, the model and optimizer parts unchanged:
   * how a reader maps the counter and tensor names of an older loop onto a newer one's.
   *
   * @param value the state to restore instead of the saved one
   * @return the checkpoint with {@code value} as its state
   */
  public TrainingCheckpoint withState(TrainingState value) {
    Objects.requireNonNull(value, "value");
    return new TrainingCheckpoint(origin, model, value, saved);
  }

  /**
   * Puts the saved parameters into {@code params} and the saved state, step count and learning rate
   * into {@code optimizer}. Checks everything first: on an exception neither is changed.
   *
   * @param params the parameters of a model built from the checkpoint's config
   * @param optimizer a new optimizer of the kind that was saved, with the same hyper-parameters
   * @throws IOException if the optimizer is of another kind, its saved state does not fit (names,
   *     lengths), or the model tensors do not fit the parameters (see {@link StateDict#load}); the
   *     message starts with the file's path
   */
  public void restore(Parameters params, Optimizer optimizer) throws IOException {
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(optimizer, "optimizer");
    if (!kind(optimizer).equals(saved.kind())) {
      throw new IOException(
          origin
              + ": optimizer must be "
              + Json.abbreviate(saved.kind())
              + " as saved, got "
              + kind(optimizer)
              + "; build the optimizer the checkpoint was written with");
    }
    Map<String, float[]> buffers = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> entry : saved.buffers().entrySet()) {
      Tensor tensor = entry.getValue();
      if (!tensor.hasShape(params.count())) {
        throw new IOException(
            origin
                + ": tensor "
                + Json.write(Json.abbreviate(StateDict.OPTIMIZER_PREFIX + entry.getKey()))
                + " must have shape ("
                + params.count()
                + "), one value per parameter, got "
                + Tensor.shapeString(tensor.shape()));
      }
      buffers.put(entry.getKey(), tensor.data());
    }
    List<Runnable> writes;
    try {
      writes = StateDict.resolve(model.tensors(), params);
    } catch (IOException e) {
      throw new IOException(origin + ": " + e.getMessage(), e);
    }
    try {
      optimizer.restoreState(saved.stepCount(), buffers);
    } catch (IllegalArgumentException e) {
      throw new IOException(origin + ": optimizer " + e.getMessage(), e);
    }
    for (Runnable write : writes) {
      write.run();
    }
    optimizer.setLearningRate(saved.learningRate());
  }
}
