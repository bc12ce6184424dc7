package io.github.lstm4j.core.testing;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.optim.Adam;
import io.github.lstm4j.core.optim.GradientClipping;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The smallest complete training loop for learning tests: LSTM → Linear head on every time step →
 * softmax cross-entropy over the rows that have a target, global-norm clipping, Adam.
 *
 * <p>A target of {@link #NO_TARGET} leaves a row out of the loss and of the accuracy, so one loop
 * serves both "classify at the last step" (targets only at t = T−1) and "label every step" tasks.
 */
public final class TinyTrainer {
  /** Marks a (t, b) row that has no label. */
  public static final int NO_TARGET = -1;

  private static final double MAX_GRAD_NORM = 5.0;

  /**
   * One batch, time-major: either token ids (T·B) or dense input (T, B, I); targets (T·B), index
   * {@code t·B + b}, each a class id or {@link #NO_TARGET}.
   */
  public record Batch(Tensor dense, int[] tokenIds, int[] targets) {
    /** A batch of token ids. */
    public static Batch ofTokens(int[] tokenIds, int[] targets) {
      return new Batch(null, Objects.requireNonNull(tokenIds), targets);
    }

    /** A batch of dense inputs (T, B, I). */
    public static Batch ofDense(Tensor input, int[] targets) {
      return new Batch(Objects.requireNonNull(input), null, targets);
    }
  }

  private final ComputeContext ctx;
  private final Parameters params = new Parameters();
  private final Lstm lstm;
  private final Linear head;
  private final Adam adam;
  private final LstmCache cache;
  private final int seqLen;
  private final int batchSize;
  private final int numClasses;

  /**
   * Builds the model and its training buffers.
   *
   * @param ctx the threads to run on (owned by the caller)
   * @param config the LSTM
   * @param numClasses V of the head
   * @param seqLen T of every training batch
   * @param batchSize B of every training batch
   * @param learningRate Adam's step size
   * @param seed initialisation and dropout seed
   */
  public TinyTrainer(
      ComputeContext ctx,
      LstmConfig config,
      int numClasses,
      int seqLen,
      int batchSize,
      double learningRate,
      long seed) {
    this.ctx = ctx;
    Rng rng = new Rng(seed);
    this.lstm = new Lstm(config, params, rng);
    this.head = new Linear("head", config.outputSize(), numClasses, params, rng);
    this.adam = new Adam(learningRate);
    this.cache = lstm.newTrainingCache(seqLen, batchSize, rng.split());
    this.seqLen = seqLen;
    this.batchSize = batchSize;
    this.numClasses = numClasses;
  }

  /** The parameters of the LSTM and the head. */
  public Parameters parameters() {
    return params;
  }

  /**
   * Runs {@code steps} training steps on batches from {@code data}.
   *
   * @return the loss of the last step
   */
  public double fit(Supplier<Batch> data, int steps) {
    double loss = Double.NaN;
    for (int s = 0; s < steps; s++) {
      loss = trainStep(data.get());
    }
    return loss;
  }

  /** One step: forward, loss, backward, clipping, Adam. Returns the loss before the update. */
  public double trainStep(Batch batch) {
    Tensor hidden =
        batch.tokenIds != null
            ? lstm.forward(ctx, batch.tokenIds, cache)
            : lstm.forward(ctx, batch.dense, cache);
    Tensor logits = Tensor.zeros(seqLen, batchSize, numClasses);
    head.forward(ctx, hidden, logits);
    int[] rows = labelledRows(batch.targets);
    Tensor picked = Tensor.zeros(rows.length, numClasses);
    int[] targets = new int[rows.length];
    for (int n = 0; n < rows.length; n++) {
      System.arraycopy(
          logits.data(), rows[n] * numClasses, picked.data(), n * numClasses, numClasses);
      targets[n] = batch.targets[rows[n]];
    }
    double loss = SoftmaxCrossEntropy.forward(picked, targets, picked);
    SoftmaxCrossEntropy.backward(picked, targets, picked);
    // Unlabelled rows get a zero gradient; labelled rows get their share of the mean.
    Tensor dLogits = Tensor.zeros(seqLen, batchSize, numClasses);
    for (int n = 0; n < rows.length; n++) {
      System.arraycopy(
          picked.data(), n * numClasses, dLogits.data(), rows[n] * numClasses, numClasses);
    }
    params.zeroGrad();
    Tensor dHidden = Tensor.zeros(hidden.shape());
    head.backward(ctx, hidden, dLogits, dHidden);
    lstm.backward(ctx, dHidden, cache);
    GradientClipping.clipGlobalNorm(params, MAX_GRAD_NORM);
    adam.step(params);
    return loss;
  }

  /**
   * Runs the model without dropout and returns the fraction of labelled rows whose arg-max class is
   * the target. The batch may have any batch size.
   */
  public double accuracy(Batch batch) {
    int batchRows = batch.targets.length / seqLen;
    LstmCache eval = lstm.newCache(seqLen, batchRows);
    Tensor hidden =
        batch.tokenIds != null
            ? lstm.forward(ctx, batch.tokenIds, eval)
            : lstm.forward(ctx, batch.dense, eval);
    Tensor logits = Tensor.zeros(seqLen, batchRows, numClasses);
    head.forward(ctx, hidden, logits);
    int[] rows = labelledRows(batch.targets);
    int correct = 0;
    for (int r : rows) {
      int best = 0;
      for (int k = 1; k < numClasses; k++) {
        if (logits.data()[r * numClasses + k] > logits.data()[r * numClasses + best]) {
          best = k;
        }
      }
      correct += best == batch.targets[r] ? 1 : 0;
    }
    return (double) correct / rows.length;
  }

  private static int[] labelledRows(int[] targets) {
    int count = 0;
    for (int t : targets) {
      count += t == NO_TARGET ? 0 : 1;
    }
    int[] rows = new int[count];
    int n = 0;
    for (int r = 0; r < targets.length; r++) {
      if (targets[r] != NO_TARGET) {
        rows[n++] = r;
      }
    }
    return rows;
  }
}
