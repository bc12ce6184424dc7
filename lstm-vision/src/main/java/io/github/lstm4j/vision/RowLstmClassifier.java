package io.github.lstm4j.vision;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.OnnxExport;
import io.github.lstm4j.core.model.ClassificationMetrics;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.nn.Softmax;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * An image classifier that reads an image one pixel row per time step with an LSTM, then maps the
 * LSTM's summary of the image to class probabilities: the "row LSTM" MNIST model.
 *
 * <pre>
 * x_t      = pixel row t of the image, values in [0, 1]          (T = rows, B, I = cols)
 * output   = LSTM(x_1 … x_T)                                      (T, B, D·H)
 * features = readout(output, h_n)                                 (B, D·H), see {@link Readout}
 * logits   = features·Wᵀ + b                                      (B, numClasses), "head"
 * p        = softmax(logits); training minimises the mean cross-entropy −log p[label]
 * </pre>
 *
 * <p>All weights live in one {@link Parameters}: the LSTM's named {@code lstm.weight_ih_l0}, {@code
 * lstm.weight_hh_l0}, {@code lstm.bias_l0} (and {@code …_reverse}, {@code …_l1}, …), the head's
 * {@code head.weight} (numClasses, D·H) and {@code head.bias} (numClasses), as the state_dict of a
 * PyTorch module with fields {@code lstm} and {@code head} (with PyTorch's two LSTM biases summed).
 * A model is fully described by its {@link ClassifierConfig}, the image size and class count, and
 * those values; {@link #create} rebuilds the same structure.
 *
 * <pre>{@code
 * RowLstmClassifier model = RowLstmClassifier.fit(train, ClassifierConfig.defaults(), listener);
 * Prediction p = model.predict(image); // image: rows·cols values in [0, 1]
 * try (ComputeContext ctx = ComputeContext.of(2)) {
 *   ClassificationMetrics m = model.evaluate(ctx, test); // accuracy, per-class table, confusion
 * }
 * model.save(Path.of("mnist.safetensors"));
 * RowLstmClassifier again = RowLstmClassifier.load(Path.of("mnist.safetensors"));
 * }</pre>
 *
 * <p>Inference is thread-safe: the model's weights are only read, {@link #predict} uses buffers of
 * the calling thread, and batched inference allocates its own and runs on the caller's {@link
 * ComputeContext}, so no thread pool is created per call. Changing {@link #parameters()} while
 * other threads predict is not.
 */
public final class RowLstmClassifier {
  /**
   * Images per forward pass in batched inference: large enough for efficient matrix products, small
   * enough for memory (the cache takes about 120 MB per layer and direction at T = 28, H = 128).
   */
  static final int INFERENCE_BATCH = 1000;

  /** The most pixels an image may have: the largest Java array. */
  static final int MAX_PIXELS = Integer.MAX_VALUE - 8;

  private final ClassifierConfig config;
  private final ImageShape shape;
  private final Parameters params = new Parameters();
  private final Lstm lstm;
  private final Linear head;
  private final ThreadLocal<InferenceBuffers> singleImage;

  private RowLstmClassifier(ClassifierConfig config, ImageShape shape, Rng initRng) {
    this.config = config;
    this.shape = shape;
    LstmConfig lstmConfig = lstmConfig(config, shape.cols());
    this.lstm = new Lstm("lstm.", lstmConfig, params, initRng);
    this.head = new Linear("head", lstmConfig.outputSize(), shape.numClasses(), params, initRng);
    this.singleImage = ThreadLocal.withInitial(() -> newBuffers(1, true));
  }

  /**
   * Creates an untrained classifier with the initial weights {@link #fit} starts from (seeded by
   * {@code config.seed()}), e.g. to load trained weights into {@link #parameters()}.
   *
   * @param config the model shape (the training fields are kept, not used)
   * @param rows image height: the number of time steps T, {@code > 0}
   * @param cols image width: the LSTM's input size I, {@code > 0}
   * @param numClasses the number of classes, {@code > 0}
   * @return the classifier
   * @throws IllegalArgumentException if a size is not positive, or {@code rows * cols} exceeds the
   *     largest array ({@code 2^31 - 9})
   */
  public static RowLstmClassifier create(
      ClassifierConfig config, int rows, int cols, int numClasses) {
    Objects.requireNonNull(config, "config");
    checkSizes(rows, cols, numClasses);
    return new RowLstmClassifier(
        config, new ImageShape(rows, cols, numClasses), new Rng(config.seed()).split());
  }

  /**
   * Saves the classifier as an lstm4j model file (safetensors): its parameters under PyTorch names
   * ({@code lstm.weight_ih_l0}, {@code lstm.weight_hh_l0}, {@code lstm.bias_ih_l0} = the bias and
   * {@code lstm.bias_hh_l0} = 0, …, {@code head.weight}, {@code head.bias}), and as metadata {@code
   * model = "RowLstmClassifier"}, the config as JSON, {@code rows}, {@code cols} and {@code
   * numClasses}. The write is atomic: a failed save leaves a previous file at {@code path} intact.
   *
   * <p>Not thread-safe with training or other changes to {@link #parameters()}; safe while other
   * threads predict.
   *
   * @param path the file to create or replace
   * @throws IOException if the file cannot be written
   */
  public void save(Path path) throws IOException {
    ClassifierFile.write(this, path);
  }

  /**
   * Returns an ONNX export of this classifier for another engine (ONNX Runtime): input {@code
   * input} (rows, batch, cols) float, the images time-major with pixels as {@link #predict} takes
   * them (0 = background, 1 = full ink); output {@code logits} (batch, numClasses) after the
   * configured {@link Readout}; a zero initial state. The file's metadata holds what {@link #save}
   * writes.
   *
   * <pre>{@code
   * classifier.onnxExport().writeTo(Path.of("mnist.onnx"));
   * }</pre>
   *
   * @return the export
   */
  public OnnxExport onnxExport() {
    return OnnxExport.lstmWithHead(lstm, "lstm.", head, params)
        .output(
            switch (config.readout()) {
              case LAST_HIDDEN -> OnnxExport.Output.FINAL_HIDDEN;
              case MEAN_OVER_TIME -> OnnxExport.Output.MEAN_OVER_TIME;
              case MAX_OVER_TIME -> OnnxExport.Output.MAX_OVER_TIME;
            })
        .metadata(ClassifierFile.metadata(this));
  }

  /**
   * Loads a classifier saved by {@link #save}, with bit-identical parameters, so that it predicts
   * exactly as the saved one did.
   *
   * <p>Reading is strict and defensive: the file must be an lstm4j model file of a row-LSTM
   * classifier; its config must have every field, no other, each of the right type and valid; its
   * sizes must be decimal integers {@code > 0}; its tensors must hold at least the values the
   * config describes before anything is allocated, then exactly the classifier's parameters with
   * their shapes. The config's {@code threads} is kept as saved and sizes no thread pool here:
   * {@link #predictBatch(ComputeContext, MnistDataset)} and {@link #evaluate(ComputeContext,
   * MnistDataset)} run on the caller's context.
   *
   * @param path the model file
   * @return the classifier
   * @throws IOException if the file cannot be read or is not a valid classifier file; the message
   *     starts with the path and names the problem, e.g. {@code "model.safetensors:
   *     config.hiddenSize must be > 0, got 0"}
   */
  public static RowLstmClassifier load(Path path) throws IOException {
    return ClassifierFile.read(path);
  }

  /** Checks the sizes {@link #create} takes; an image must fit in one array. */
  private static void checkSizes(int rows, int cols, int numClasses) {
    Checks.positive("rows", rows);
    Checks.positive("cols", cols);
    Checks.positive("numClasses", numClasses);
    long pixels = (long) rows * cols;
    if (pixels > MAX_PIXELS) {
      throw new IllegalArgumentException(
          "rows * cols must be <= " + MAX_PIXELS + ", got " + rows + " * " + cols + " = " + pixels);
    }
  }

  /** The LSTM of a classifier: {@link LstmConfig#of}'s PyTorch initialisers and forget bias 1. */
  private static LstmConfig lstmConfig(ClassifierConfig config, int cols) {
    return LstmConfig.of(cols, config.hiddenSize())
        .withNumLayers(config.numLayers())
        .withBidirectional(config.bidirectional())
        .withDropout(config.dropout());
  }

  /**
   * Returns the number of parameter values {@link #create} would allocate, without allocating;
   * {@link Long#MAX_VALUE} if that does not fit a long.
   *
   * @throws IllegalArgumentException as {@link #create} does, or if {@code cols} and the hidden
   *     size give an LSTM layer of 2^31 or more weights
   */
  static long parameterCount(ClassifierConfig config, int rows, int cols, int numClasses) {
    Objects.requireNonNull(config, "config");
    checkSizes(rows, cols, numClasses);
    LstmConfig lstm = lstmConfig(config, cols);
    long head = (long) numClasses * (lstm.outputSize() + 1L); // weight (numClasses, D·H) + bias
    long count = lstm.parameterCount();
    return count > Long.MAX_VALUE - head ? Long.MAX_VALUE : count + head;
  }

  /**
   * Trains a classifier on labelled images.
   *
   * <p>First holds out {@code round(validationFraction · size)} images for validation ({@link
   * MnistBatches#split} with the config's seed), then runs {@code epochs} passes over the rest,
   * each in a new seeded random order, in minibatches of {@code batchSize}. The last batch of an
   * epoch holds the remaining {@code n mod batchSize} images and has buffers of its own, so every
   * training image is used once per epoch. Each step: forward, readout, head, softmax
   * cross-entropy, backward, gradient clipping, then an Adam (or AdamW) update at the scheduled
   * learning rate. The validation accuracy is measured after every epoch.
   *
   * @param data the labelled images; the model keeps its rows, cols and class count
   * @param config the model shape and training recipe
   * @param listener core's training listener: a {@link TrainingListener.Progress} after every step,
   *     an {@link io.github.lstm4j.core.train.Evaluation} after every epoch with the metrics {@code
   *     val_accuracy} and {@code train_accuracy} (none when {@code validationFraction} is 0)
   * @return the trained classifier
   * @throws IllegalArgumentException if the validation split leaves a part empty, or {@code
   *     augmentShift} is not below both image sides
   * @throws ArithmeticException if the loss becomes NaN or infinite (the message names the step,
   *     the loss and the learning rate) or a gradient does (it names the step and the parameter),
   *     unless the config's {@code nonFinitePolicy} is SKIP; no weight is changed by that step
   */
  public static RowLstmClassifier fit(
      MnistDataset data, ClassifierConfig config, TrainingListener listener) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(listener, "listener");
    ImageShape shape = data.shape();
    int shortSide = Math.min(shape.rows(), shape.cols());
    Checks.argument(
        config.augmentShift() < shortSide,
        "augmentShift must be < min(rows, cols) = " + shortSide + ", got " + config.augmentShift());
    MnistDataset train = data;
    MnistDataset validation = null;
    if (config.validationFraction() > 0) {
      MnistBatches.TrainValidation parts =
          MnistBatches.split(data, config.validationFraction(), config.seed());
      train = parts.train();
      validation = parts.validation();
    }
    Rng root = new Rng(config.seed());
    RowLstmClassifier model = new RowLstmClassifier(config, shape, root.split());
    try (ComputeContext ctx = ComputeContext.of(config.threads())) {
      new ClassifierTraining(model, train, validation, root, listener, ctx).run();
    }
    return model;
  }

  /**
   * Classifies one image, on the calling thread. Safe to call from any number of threads at once:
   * each thread reuses buffers of its own.
   *
   * @param image (rows, cols) row-major pixel values, 0 = background, 1 = full ink, as {@link
   *     MnistDataset#pixel} and {@link ImagePreprocessing#fromImage} give them
   * @return the most probable class and the probability of every class
   * @throws IllegalArgumentException if the length is not rows · cols or a value is not finite
   */
  public Prediction predict(float[] image) {
    Objects.requireNonNull(image, "image");
    int size = shape.rows() * shape.cols();
    Checks.argument(
        image.length == size,
        "image must have length rows * cols = "
            + shape.rows()
            + " * "
            + shape.cols()
            + " = "
            + size
            + ", got "
            + image.length);
    for (int i = 0; i < size; i++) {
      if (!Float.isFinite(image[i])) {
        throw new IllegalArgumentException("image[" + i + "] must be finite, got " + image[i]);
      }
    }
    InferenceBuffers buffers = singleImage.get();
    // With B = 1 the time-major batch (T, 1, I) has the layout of the row-major image.
    System.arraycopy(image, 0, buffers.x.data(), 0, size);
    float[] logits = run(buffers, buffers.ctx);
    int classes = shape.numClasses();
    float[] probabilities = new float[classes];
    Softmax.intoProbabilities(logits, 0, classes, probabilities, 0);
    return new Prediction(Softmax.argmax(logits, 0, classes), probabilities);
  }

  /**
   * Classifies every image of a data set (labels are ignored) in batches of up to 1000 images.
   *
   * @param ctx the threads to run on
   * @param data images of rows × cols
   * @return (data.size()) the predicted class of each image, in order
   * @throws IllegalArgumentException if the image size differs from the model's
   */
  public int[] predictBatch(ComputeContext ctx, MnistDataset data) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(ctx, "ctx");
    Checks.argument(
        data.shape().rows() == shape.rows() && data.shape().cols() == shape.cols(),
        "data must have images of rows × cols = "
            + shape.rows()
            + " × "
            + shape.cols()
            + " like the model, got "
            + data.shape().rows()
            + " × "
            + data.shape().cols());
    int n = data.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int[] predictions = new int[n];
    int classes = shape.numClasses();
    int fullSize = Math.min(INFERENCE_BATCH, n);
    InferenceBuffers full = newBuffers(fullSize, false);
    int[] labels = new int[fullSize];
    for (int from = 0; from < n; from += fullSize) {
      int count = Math.min(fullSize, n - from);
      InferenceBuffers buffers = count == fullSize ? full : newBuffers(count, false);
      MnistBatches.fillRowBatch(data, order, from, count, buffers.x.data(), labels);
      float[] logits = run(buffers, ctx);
      for (int b = 0; b < count; b++) {
        predictions[from + b] = Softmax.argmax(logits, b * classes, classes);
      }
    }
    return predictions;
  }

  /**
   * Classifies every image of a labelled set and compares with the labels.
   *
   * @param ctx the threads to run on
   * @param data labelled images of rows × cols, with the model's class count
   * @return accuracy, per-class precision, recall and F1, macro-F1 and the confusion matrix, the
   *     classes named by their ids "0", "1", …; without probabilities, so the log loss is NaN
   * @throws IllegalArgumentException if the image size or the class count differs from the model's
   */
  public ClassificationMetrics evaluate(ComputeContext ctx, MnistDataset data) {
    Objects.requireNonNull(data, "data");
    Checks.argument(
        data.shape().numClasses() == shape.numClasses(),
        "data must have numClasses = "
            + shape.numClasses()
            + " like the model, got "
            + data.shape().numClasses());
    int[] predictions = predictBatch(ctx, data);
    int classes = shape.numClasses();
    long[][] confusion = new long[classes][classes]; // [actual][predicted]
    for (int i = 0; i < predictions.length; i++) {
      confusion[data.label(i)][predictions[i]]++;
    }
    List<String> classNames = IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    return ClassificationMetrics.of(classNames, confusion);
  }

  /**
   * Returns the config the model was built (and trained) with.
   *
   * @return the config
   */
  public ClassifierConfig config() {
    return config;
  }

  /**
   * Returns the images and classes the model reads: rows are the time steps, cols the LSTM's input
   * size, numClasses the head's output width.
   *
   * @return the shape
   */
  public ImageShape shape() {
    return shape;
  }

  /**
   * Returns all weights (live): the LSTM's, then the head's.
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

  private InferenceBuffers newBuffers(int batch, boolean ownContext) {
    return new InferenceBuffers(lstm, shape, batch, ownContext);
  }

  /** Runs x through the LSTM, readout and head; returns the logits (B, numClasses). */
  private float[] run(InferenceBuffers buffers, ComputeContext ctx) {
    lstm.forward(ctx, buffers.x, buffers.cache);
    config.readout().forward(buffers.cache, buffers.features);
    head.forward(ctx, buffers.features, buffers.logits);
    return buffers.logits.data();
  }

  /**
   * The buffers of one inference forward pass for a fixed batch size. Static and free of references
   * to the model, so that a thread's buffers do not keep a discarded model alive.
   */
  private static final class InferenceBuffers {
    final Tensor x; // (T, B, I)
    final LstmCache cache;
    final Tensor features; // (B, D·H)
    final Tensor logits; // (B, numClasses)
    final ComputeContext ctx; // the caller's thread only, owns no threads; null if not owned

    InferenceBuffers(Lstm lstm, ImageShape shape, int batch, boolean ownContext) {
      this.x = Tensor.zeros(shape.rows(), batch, shape.cols());
      this.cache = lstm.newCache(shape.rows(), batch);
      this.features = Tensor.zeros(batch, lstm.config().outputSize());
      this.logits = Tensor.zeros(batch, shape.numClasses());
      this.ctx = ownContext ? ComputeContext.singleThreaded() : null;
    }
  }
}
