package io.github.lstm4j.bench;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Locale;
import java.util.Objects;

/**
 * One anchor workload, built and ready to run: the model (an {@link Lstm} and a {@link Linear}
 * head, initialised from fixed seeds), fixed seeded data, and every buffer a step needs, allocated
 * once here so that {@link #step()} allocates nothing. Both the JMH benchmarks and the {@link
 * Workloads} runner build their workloads only through {@link #create}, so they time the same code.
 *
 * <p>What a step is follows {@code pytorch_lstm.py}: a training step is zeroGrad + forward + full
 * BPTT + head + loss + Adam (lr 10⁻³) on the same fixed batch every step; a generation step is one
 * character; an inference step is one batch. The model holds no thread pool: the caller owns the
 * {@link ComputeContext} and closes it.
 */
public abstract sealed class WorkloadModel
    permits TrainingWorkload, CharGeneration, MnistClassification {
  /** Adam's learning rate, as in the reference script. */
  static final double LEARNING_RATE = 1e-3;

  static final long LSTM_SEED = 1;
  static final long HEAD_SEED = 2;
  static final long DATA_SEED = 3;
  static final long DROPOUT_SEED = 4;
  static final long SAMPLING_SEED = 5;

  final WorkloadShape shape;
  final ComputeContext ctx;
  final Parameters params = new Parameters();
  final Lstm lstm;
  final Linear head; // D·H → V

  WorkloadModel(WorkloadShape shape, ComputeContext ctx) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    LstmConfig config =
        LstmConfig.of(shape.inputSize(), shape.hiddenSize())
            .withNumLayers(shape.numLayers())
            .withBidirectional(shape.bidirectional());
    this.lstm = new Lstm(config, params, new Rng(LSTM_SEED));
    this.head =
        new Linear("head", config.outputSize(), shape.outputSize(), params, new Rng(HEAD_SEED));
  }

  /**
   * Builds a workload on the given threads.
   *
   * @param workload which one
   * @param ctx the threads every step runs on; owned by the caller
   * @return the model with its data and buffers
   */
  public static WorkloadModel create(Workload workload, ComputeContext ctx) {
    WorkloadShape shape = workload.shape();
    return switch (workload.kind()) {
      case TRAIN_TOKENS -> new CharLmTraining(shape, ctx);
      case TRAIN_DENSE -> new MnistTraining(shape, ctx);
      case GENERATE -> new CharGeneration(shape, ctx);
      case INFER -> new MnistClassification(shape, ctx);
      case TRAIN_SEQUENCES ->
          new SequenceClassificationTraining(shape, ctx, Workload.W5_VOCAB, workload.lengths());
      case TRAIN_SERIES -> new SeriesRegressionTraining(shape, ctx);
    };
  }

  /**
   * Runs one step.
   *
   * @return a value derived from the step's output, finite exactly when the output is: the mean
   *     loss for training, the sampled character's logit for generation, the mean winning logit for
   *     inference
   */
  public abstract double step();

  /**
   * Requires the one-layer LSTM that the MNIST workloads' head reads: with one layer the final
   * state (numLayers, B, H) is exactly the top layer's h_T.
   */
  static void requireOneLayer(WorkloadShape shape) {
    if (shape.numLayers() != 1) {
      throw new IllegalArgumentException(
          "numLayers must be 1 (h_n is then h_T of the top layer), got "
              + shape.numLayers()
              + " for "
              + shape.name());
    }
  }

  /** Uniform [0, 1) pixels, (T, B, I), from the data seed: the stand-in for MNIST rows. */
  static Tensor randomImages(WorkloadShape shape) {
    Rng data = new Rng(DATA_SEED);
    Tensor images = Tensor.zeros(shape.seqLen(), shape.batchSize(), shape.inputSize());
    float[] x = images.data();
    for (int i = 0; i < x.length; i++) {
      x[i] = data.nextFloat();
    }
    return images;
  }

  /** N(0, 1) values of the given shape, drawn in order from {@code data}. */
  static Tensor gaussian(Rng data, int... shape) {
    Tensor values = Tensor.zeros(shape);
    float[] x = values.data();
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) data.nextGaussian();
    }
    return values;
  }

  /** {@code count} integers uniform in [0, bound), drawn in order from {@code data}. */
  static int[] uniformInts(Rng data, int count, int bound) {
    int[] values = new int[count];
    for (int i = 0; i < count; i++) {
      values[i] = data.nextInt(bound);
    }
    return values;
  }

  /**
   * Fails if a step's result is not finite, so that a diverged or NaN run (whose arithmetic may be
   * faster or slower than normal) cannot report a speed.
   *
   * @param result what {@link #step()} last returned
   * @throws IllegalStateException if {@code result} is NaN or infinite
   */
  public void requireFinite(double result) {
    if (!Double.isFinite(result)) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "%s step result must be finite, got %s; the timings of this run are not valid",
              shape.name(),
              result));
    }
  }
}
