package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.ConfigReader;
import io.github.lstm4j.core.io.Json;
import io.github.lstm4j.core.io.ModelFile;
import io.github.lstm4j.core.io.RecordJson;
import io.github.lstm4j.core.io.StateDict;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.core.io.TrainingCheckpoint;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.train.TrainingListener;
import io.github.lstm4j.core.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A regressor of whole sequences: dense feature sequences (length, I) → an LSTM → its last hidden
 * state → a linear head → F outputs, trained with MSE or Huber loss by the {@link
 * io.github.lstm4j.core.train.Trainer}.
 *
 * <pre>
 * h = LSTM(x_0 … x_{len−1})[len − 1]      (H)   the top layer at each sequence's last valid step
 * ŷ = h·Wᵀ + b                            (F)
 * L = mean over the batch and the F outputs of ℓ(ŷ, y),  ℓ = (ŷ − y)² or Huber_δ
 * </pre>
 *
 * <p>It knows nothing of time series: {@link Forecaster} builds windows, normalises them and scores
 * forecasts on top of it. Sequences of different lengths are padded and packed, so padding costs
 * nothing and is never read.
 *
 * <pre>{@code
 * SequenceRegressor model = SequenceRegressor.create(RegressorConfig.defaults(), 1, 1);
 * TrainingResult result = model.fit(train, validation, TrainingListener.NONE);
 * float[] y = model.predict(new float[] {0.1f, 0.2f, 0.3f}); // a sequence of 3 steps, I = 1
 * model.save(Path.of("regressor.safetensors"));
 * }</pre>
 *
 * <p>Inference is thread-safe: {@link #predict} and {@link #predictBatch} only read the weights and
 * allocate their own buffers. Training, {@link #resume} and changes to {@link #parameters()} are
 * not safe while other threads predict.
 */
public final class SequenceRegressor {
  /** The validation metric the best weights are chosen by: the loss on the validation data. */
  static final String VALIDATION_METRIC = "val_loss";

  /** Sequences per forward pass in batched inference. */
  static final int INFERENCE_BATCH = 256;

  static final String MODEL_KEY = "model";
  static final String CONFIG_KEY = "config";
  private static final String KIND = "SequenceRegressor";
  private static final String INPUT_SIZE_KEY = "inputSize";
  private static final String OUTPUT_SIZE_KEY = "outputSize";

  private final RegressorConfig config;
  private final int inputSize;
  private final int outputSize;
  private final Parameters params = new Parameters();
  private final Lstm lstm;
  private final Linear head;

  private SequenceRegressor(RegressorConfig config, int inputSize, int outputSize) {
    this.config = config;
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    Rng root = new Rng(config.seed());
    this.lstm = new Lstm("lstm.", lstmConfig(config, inputSize), params, root.split());
    this.head = new Linear("head", config.hiddenSize(), outputSize, params, root.split());
  }

  /**
   * Creates an untrained regressor with the initial weights seeded by {@code config.seed()}.
   *
   * @param config the shape and training recipe
   * @param inputSize I, features per time step, {@code > 0}
   * @param outputSize F, outputs per sequence, {@code > 0}
   * @return the regressor
   */
  public static SequenceRegressor create(RegressorConfig config, int inputSize, int outputSize) {
    Objects.requireNonNull(config, "config");
    Checks.positive("inputSize", inputSize);
    Checks.positive("outputSize", outputSize);
    return new SequenceRegressor(config, inputSize, outputSize);
  }

  /** The LSTM: one direction, {@link LstmConfig#of}'s PyTorch initialisers and forget bias 1. */
  private static LstmConfig lstmConfig(RegressorConfig config, int inputSize) {
    return LstmConfig.of(inputSize, config.hiddenSize())
        .withNumLayers(config.numLayers())
        .withDropout(config.dropout());
  }

  /** The parameter values {@link #create} allocates, computed without allocating. */
  static long parameterCount(RegressorConfig config, int inputSize, int outputSize) {
    long lstmCount = lstmConfig(config, inputSize).parameterCount();
    long headCount = (long) outputSize * (config.hiddenSize() + 1L);
    return lstmCount > Long.MAX_VALUE - headCount ? Long.MAX_VALUE : lstmCount + headCount;
  }

  /**
   * Trains on {@code train} for the config's epochs (or time budget), validating on {@code
   * validation} after every epoch and ending with the weights of the lowest validation loss (the
   * last weights when {@code validation} is empty).
   *
   * @param train the training sequences, of this model's sizes
   * @param validation the validation sequences, possibly {@link RegressionData#empty empty}
   * @param listener receives every step and validation
   * @return what the run did
   * @throws IllegalArgumentException if the data's sizes differ from the model's or {@code train}
   *     is empty
   * @throws ArithmeticException if a step's loss or gradient is not finite
   */
  public TrainingResult fit(
      RegressionData train, RegressionData validation, TrainingListener listener) {
    return new RegressionTraining(this, train, validation).run(listener, null, Map.of(), null);
  }

  /**
   * Trains as {@link #fit(RegressionData, RegressionData, TrainingListener)} does and writes a
   * resumable training checkpoint to {@code checkpoint} (atomically) after every epoch, so that an
   * interrupted run can be continued with {@link #resume}.
   *
   * @param train the training sequences
   * @param validation the validation sequences, possibly empty
   * @param listener receives every step and validation (after the checkpoint is written)
   * @param checkpoint the file to keep the checkpoint in
   * @return what the run did
   * @throws java.io.UncheckedIOException if the checkpoint cannot be written
   */
  public TrainingResult fit(
      RegressionData train, RegressionData validation, TrainingListener listener, Path checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    return new RegressionTraining(this, train, validation)
        .run(listener, checkpoint, metadata(), null);
  }

  /**
   * Continues a run of {@link #fit(RegressionData, RegressionData, TrainingListener, Path)} from
   * its checkpoint, on the same data, and keeps updating the checkpoint. The result has the bits of
   * a run that never stopped (with no time budget). This model must have been built with the
   * checkpoint's config and sizes, e.g. by {@link #load} of the checkpoint.
   *
   * @param checkpoint the checkpoint file
   * @param train the same training sequences
   * @param validation the same validation sequences
   * @param listener receives the remaining steps and validations
   * @return what the whole run did
   * @throws IOException if the checkpoint cannot be read or does not fit this model
   */
  public TrainingResult resume(
      Path checkpoint, RegressionData train, RegressionData validation, TrainingListener listener)
      throws IOException {
    TrainingCheckpoint saved = TrainingCheckpoint.read(checkpoint);
    requireSameModel(checkpoint, saved.model());
    return new RegressionTraining(this, train, validation)
        .run(listener, checkpoint, metadata(), saved);
  }

  /** Checks that a file describes this model's kind, config and sizes. */
  void requireSameModel(Path path, TensorFile file) throws IOException {
    Map<String, String> mine = metadata();
    for (Map.Entry<String, String> entry : mine.entrySet()) {
      String theirs = file.metadata().get(entry.getKey());
      if (!entry.getValue().equals(theirs)) {
        throw new IOException(
            path
                + ": metadata \""
                + entry.getKey()
                + "\" must be "
                + shorten(entry.getValue())
                + " as this model's, got "
                + (theirs == null ? "none" : shorten(theirs)));
      }
    }
  }

  /**
   * Predicts the outputs of one sequence, on the calling thread.
   *
   * @param sequence (length, I) row-major, length {@code >= 1}, finite values
   * @return (F) the outputs
   * @throws IllegalArgumentException if the length is not a positive multiple of I or a value is
   *     not finite
   */
  public float[] predict(float[] sequence) {
    Objects.requireNonNull(sequence, "sequence");
    try (ComputeContext ctx = ComputeContext.singleThreaded()) {
      return predictBatch(ctx, List.of(sequence))[0];
    }
  }

  /**
   * Predicts the outputs of many sequences, in batches of up to 256.
   *
   * @param ctx the threads to run on
   * @param sequences each (length, I) row-major
   * @return (N, F) the outputs, in order
   * @throws IllegalArgumentException as {@link #predict} does, naming the sequence
   */
  public float[][] predictBatch(ComputeContext ctx, List<float[]> sequences) {
    Objects.requireNonNull(ctx, "ctx");
    List<float[]> checked =
        new RegressionData(inputSize, 1, sequences, zeros(sequences.size())).sequences();
    float[][] predictions = new float[checked.size()][];
    for (int from = 0; from < checked.size(); from += INFERENCE_BATCH) {
      List<float[]> part = checked.subList(from, Math.min(checked.size(), from + INFERENCE_BATCH));
      float[] out = forward(ctx, part, lstm.newCache(maxLength(part), part.size()));
      for (int b = 0; b < part.size(); b++) {
        predictions[from + b] =
            java.util.Arrays.copyOfRange(out, b * outputSize, (b + 1) * outputSize);
      }
    }
    return predictions;
  }

  /**
   * Scores predictions against targets over every output.
   *
   * @param ctx the threads to run on
   * @param data sequences and their targets, of this model's sizes
   * @return RMSE, MAE and MAPE over all N·F outputs
   */
  public RegressionMetrics evaluate(ComputeContext ctx, RegressionData data) {
    checkSizes(data);
    float[][] predicted = predictBatch(ctx, data.sequences());
    RegressionMetrics.Accumulator scores = new RegressionMetrics.Accumulator();
    for (int n = 0; n < predicted.length; n++) {
      for (int j = 0; j < outputSize; j++) {
        scores.add(predicted[n][j], data.targets().get(n)[j]);
      }
    }
    return scores.metrics();
  }

  /**
   * Runs the model over a batch: LSTM, last hidden state, head.
   *
   * @return (B, F) the outputs, in a new array
   */
  private float[] forward(ComputeContext ctx, List<float[]> part, LstmCache cache) {
    int batch = part.size();
    int seqLen = cache.seqLen();
    Tensor x = Tensor.zeros(seqLen, batch, inputSize);
    int[] lengths = new int[batch];
    int[] rows = new int[batch];
    java.util.Arrays.setAll(rows, b -> b);
    fillBatch(part, rows, 0, x, lengths);
    lstm.forward(ctx, x, lengths, cache);
    Tensor features = Tensor.zeros(batch, config.hiddenSize());
    Readout.LAST_HIDDEN.forward(cache, features);
    Tensor out = Tensor.zeros(batch, outputSize);
    head.forward(ctx, features, out);
    return out.data();
  }

  /**
   * Writes the sequences {@code rows[from … from + B)} time-major into x (T, B, I) and their
   * lengths (B); padding is left as it is, since the LSTM never reads it.
   */
  void fillBatch(List<float[]> sequences, int[] rows, int from, Tensor x, int[] lengths) {
    int batch = lengths.length;
    float[] data = x.data();
    for (int b = 0; b < batch; b++) {
      float[] s = sequences.get(rows[from + b]);
      int length = s.length / inputSize;
      lengths[b] = length;
      for (int t = 0; t < length; t++) {
        System.arraycopy(s, t * inputSize, data, (t * batch + b) * inputSize, inputSize);
      }
    }
  }

  private int maxLength(List<float[]> sequences) {
    int max = 1;
    for (float[] s : sequences) {
      max = Math.max(max, s.length / inputSize);
    }
    return max;
  }

  private static List<float[]> zeros(int n) {
    float[] zero = new float[1];
    return java.util.Collections.nCopies(n, zero);
  }

  void checkSizes(RegressionData data) {
    Objects.requireNonNull(data, "data");
    Checks.argument(
        data.inputSize() == inputSize && data.outputSize() == outputSize,
        "data must have inputSize "
            + inputSize
            + " and outputSize "
            + outputSize
            + " like the model, got "
            + data.inputSize()
            + " and "
            + data.outputSize());
  }

  /**
   * Saves the regressor as an lstm4j model file (safetensors), atomically: its parameters under
   * PyTorch names ({@code lstm.weight_ih_l0}, …, {@code head.weight}, {@code head.bias}) and as
   * metadata {@code model = "SequenceRegressor"}, the config as JSON, {@code inputSize} and {@code
   * outputSize}.
   *
   * @param path the file to create or replace; a previous file is left intact if this fails
   * @throws IOException if the file cannot be written
   */
  public void save(Path path) throws IOException {
    ModelFile.write(Objects.requireNonNull(path, "path"), params, metadata());
  }

  /**
   * Loads a regressor saved by {@link #save} (or a checkpoint of {@link #fit(RegressionData,
   * RegressionData, TrainingListener, Path)}), with bit-identical weights.
   *
   * @param path the model file
   * @return the regressor
   * @throws IOException if the file cannot be read or is not a valid regressor file; the message
   *     starts with the path and names the problem
   */
  public static SequenceRegressor load(Path path) throws IOException {
    TensorFile file = ModelFile.read(Objects.requireNonNull(path, "path"));
    try {
      requireKind(file, KIND);
      RegressorConfig config =
          RecordJson.read(
              ConfigReader.parse(ModelFile.metadata(file, CONFIG_KEY), CONFIG_KEY),
              RegressorConfig.class);
      int in = positiveInt(file, INPUT_SIZE_KEY);
      int out = positiveInt(file, OUTPUT_SIZE_KEY);
      return fromTensors(file, config, in, out);
    } catch (IOException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }

  /** Builds a regressor and loads a file's tensors into it, checking sizes before allocating. */
  static SequenceRegressor fromTensors(
      TensorFile file, RegressorConfig config, int inputSize, int outputSize) throws IOException {
    StateDict.checkFits(file.tensors(), parameterCount(config, inputSize, outputSize));
    SequenceRegressor model = new SequenceRegressor(config, inputSize, outputSize);
    ModelFile.loadWeights(file, model.params);
    return model;
  }

  /** Requires metadata {@code model} to be {@code kind}. */
  static void requireKind(TensorFile file, String kind) throws IOException {
    String found = file.metadata().get(MODEL_KEY);
    if (!kind.equals(found)) {
      throw new IOException(
          "not a "
              + kind
              + " file: metadata \"model\" must be \""
              + kind
              + "\", got "
              + (found == null ? "none" : Json.write(shorten(found))));
    }
  }

  /** Reads a metadata value that must be a decimal integer in [1, 2^31). */
  static int positiveInt(TensorFile file, String key) throws IOException {
    String value = ModelFile.metadata(file, key);
    if (value.matches("[1-9][0-9]{0,9}") && Long.parseLong(value) <= Integer.MAX_VALUE) {
      return Integer.parseInt(value);
    }
    throw new IOException(
        "metadata \""
            + key
            + "\" must be a decimal integer in [1, 2^31), got "
            + Json.write(shorten(value)));
  }

  /** Shortens a value from a file for a message: it may be hostile and long. */
  static String shorten(String text) {
    int limit = 60;
    if (text.length() <= limit) {
      return text;
    }
    int end = limit - 3;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // keep a surrogate pair whole
    }
    return text.substring(0, end) + "...";
  }

  /** The metadata a regressor is saved with. */
  Map<String, String> metadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(MODEL_KEY, KIND);
    metadata.put(CONFIG_KEY, RecordJson.write(config));
    metadata.put(INPUT_SIZE_KEY, Integer.toString(inputSize));
    metadata.put(OUTPUT_SIZE_KEY, Integer.toString(outputSize));
    return metadata;
  }

  /**
   * Returns the config.
   *
   * @return the shape and recipe the model was built with
   */
  public RegressorConfig config() {
    return config;
  }

  /**
   * Returns I.
   *
   * @return features per time step
   */
  public int inputSize() {
    return inputSize;
  }

  /**
   * Returns F.
   *
   * @return outputs per sequence
   */
  public int outputSize() {
    return outputSize;
  }

  /**
   * Returns the parameters (LSTM, then head), live.
   *
   * @return the parameters
   */
  public Parameters parameters() {
    return params;
  }

  Lstm lstm() {
    return lstm;
  }

  Linear head() {
    return head;
  }
}
