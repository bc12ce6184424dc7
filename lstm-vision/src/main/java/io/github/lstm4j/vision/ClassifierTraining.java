package io.github.lstm4j.vision;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.optim.Adam;
import io.github.lstm4j.core.optim.AdamW;
import io.github.lstm4j.core.optim.GradientClipping;
import io.github.lstm4j.core.optim.LearningRateSchedule;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import io.github.lstm4j.core.optim.Optimizer;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * The training loop of {@link RowLstmClassifier#fit}: epochs of shuffled minibatches, each step
 * forward → readout → (dropout) → head → softmax cross-entropy → backward → clip → optimizer.
 *
 * <pre>
 * step:   x (T, B, I) ← fillRowBatch(order[from … from + B)), then random shifts
 *         features = readout(LSTM(x))                      (B, D·H)
 *         features ⊙= mask / (1 − p)                       (dropout, training only)
 *         logits = head(features); L = CE(softmax(logits), labels)
 * back:   dLogits = (p − onehot)/B → head → dFeatures ⊙= mask → readout → LSTM (BPTT)
 * update: clip ‖∇‖₂ ≤ gradientClip; lr = schedule(step); Adam(W) step
 *         (a NaN or infinite L or ∇: throw, or with NonFinitePolicy.SKIP count the step and
 *          change nothing; its images then count in no loss or accuracy total)
 * </pre>
 *
 * <p>All buffers are allocated before the first step: one set for full batches and, when the
 * training set is not a multiple of the batch size, one for the shorter last batch of each epoch.
 * Random streams, all split from the config's seed in a fixed order: the LSTM's dropout masks (one
 * per buffer set), the head's dropout mask, the epoch order, the augmentation shifts.
 */
final class ClassifierTraining {
  private final RowLstmClassifier model;
  private final ClassifierConfig config;
  private final MnistDataset train;
  private final MnistDataset validation; // null when validationFraction is 0
  private final TrainingListener listener;
  private final ComputeContext ctx;
  private final Lstm lstm;
  private final Linear head;
  private final Parameters params;
  private final Batch full; // null when the training set is smaller than one batch
  private final Batch last; // null when the training set is a multiple of the batch size
  private final Rng headDropoutRng;
  private final SplittableRandom orderRandom;
  private final RandomShift shift; // null when augmentShift is 0
  private final Optimizer optimizer;
  private final LearningRateSchedule schedule;
  private final int stepsPerEpoch;

  ClassifierTraining(
      RowLstmClassifier model,
      MnistDataset train,
      MnistDataset validation,
      Rng root,
      TrainingListener listener,
      ComputeContext ctx) {
    this.model = model;
    this.config = model.config();
    this.train = train;
    this.validation = validation;
    this.listener = listener;
    this.ctx = ctx;
    this.lstm = model.lstm();
    this.head = model.head();
    this.params = model.parameters();
    int n = train.size();
    int batchSize = config.batchSize();
    Rng fullDropout = root.split();
    Rng lastDropout = root.split();
    this.full = n >= batchSize ? new Batch(batchSize, fullDropout) : null;
    this.last = n % batchSize != 0 ? new Batch(n % batchSize, lastDropout) : null;
    this.headDropoutRng = root.split();
    this.orderRandom = new SplittableRandom(root.nextLong());
    Rng shiftRng = root.split();
    this.shift =
        config.augmentShift() > 0
            ? new RandomShift(config.augmentShift(), train.rows(), train.cols(), shiftRng)
            : null;
    this.stepsPerEpoch = n / batchSize + (last != null ? 1 : 0);
    double lr = config.learningRate();
    this.optimizer =
        config.weightDecay() > 0
            ? new AdamW(lr, 0.9, 0.999, 1e-8, config.weightDecay())
            : new Adam(lr);
    this.optimizer.setNonFinitePolicy(config.nonFinitePolicy());
    long totalSteps = (long) config.epochs() * stepsPerEpoch;
    this.schedule =
        config.schedule() == ClassifierConfig.Schedule.COSINE
            ? LearningRateSchedule.cosine(lr, Math.max(1, totalSteps - 1), lr / 100)
            : LearningRateSchedule.constant(lr);
  }

  void run() {
    int n = train.size();
    int epochs = config.epochs();
    long totalSteps = (long) epochs * stepsPerEpoch;
    long step = 0;
    long trainingNanos = 0;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      int[] order = train.permutation(orderRandom);
      long epochStart = System.nanoTime();
      double lossSum = 0;
      int correct = 0;
      int counted = 0; // images of the steps applied (a skipped step's images count nowhere)
      for (int from = 0; from < n; ) {
        Batch batch = n - from >= config.batchSize() ? full : last;
        double lr = schedule.rate(step);
        step++;
        double loss = step(batch, order, from, lr, step);
        from += batch.size;
        if (batch.applied) {
          counted += batch.size;
          lossSum += loss * batch.size;
          correct += batch.correct;
        }
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        listener.onStep(
            new TrainingListener.Step(
                epoch,
                epochs,
                step,
                totalSteps,
                from,
                n,
                loss,
                lossSum / counted,
                (double) correct / counted,
                from / seconds,
                lr,
                (trainingNanos + System.nanoTime() - epochStart) / 1e9,
                optimizer.skippedSteps()));
      }
      long epochNanos = System.nanoTime() - epochStart;
      trainingNanos += epochNanos;
      long validationStart = System.nanoTime();
      double validationAccuracy =
          validation == null ? Double.NaN : model.evaluate(validation, ctx).accuracy();
      double validationSeconds = (System.nanoTime() - validationStart) / 1e9;
      listener.onEpoch(
          new TrainingListener.Epoch(
              epoch,
              epochs,
              n,
              lossSum / counted,
              (double) correct / counted,
              validationAccuracy,
              n / (epochNanos / 1e9),
              epochNanos / 1e9,
              validationSeconds,
              optimizer.skippedSteps()));
    }
  }

  /** One optimisation step on images order[from … from + batch.size); returns the mean loss. */
  private double step(Batch batch, int[] order, int from, double lr, long step) {
    int size = batch.size;
    train.fillRowBatch(order, from, size, batch.x.data(), batch.labels);
    if (shift != null) {
      shift.apply(batch.x.data(), size);
    }
    params.zeroGrad();
    lstm.forward(ctx, batch.x, batch.cache);
    float[] features = batch.features.data();
    config.readout().forward(batch.cache, batch.features);
    if (batch.dropoutMask != null) {
      // Inverted dropout: keep with probability 1 − p, scaled by 1/(1 − p) so E[features] is kept.
      float keep = (float) (1.0 - config.dropout());
      float scale = 1f / keep;
      for (int i = 0; i < features.length; i++) {
        batch.dropoutMask[i] = headDropoutRng.nextFloat() < keep ? scale : 0f;
        features[i] *= batch.dropoutMask[i];
      }
    }
    head.forward(ctx, batch.features, batch.logits);
    double loss = SoftmaxCrossEntropy.forward(batch.logits, batch.labels, batch.probs);
    boolean finite = Double.isFinite(loss);
    if (!finite && config.nonFinitePolicy() == NonFinitePolicy.THROW) {
      throw new ArithmeticException(
          "loss must be finite, got "
              + Checks.format(loss)
              + " at step "
              + step
              + " with learningRate "
              + Checks.format(lr)
              + "; lower learningRate or set gradientClip");
    }
    int numClasses = model.numClasses();
    float[] p = batch.probs.data();
    batch.correct = 0;
    for (int b = 0; b < size; b++) {
      if (RowLstmClassifier.argmax(p, b * numClasses, numClasses) == batch.labels[b]) {
        batch.correct++;
      }
    }
    if (finite) { // a non-finite loss (NonFinitePolicy.SKIP) is skipped without its backward pass
      backward(batch);
    }
    optimizer.setLearningRate(lr);
    // Throws (THROW) or returns false (SKIP) on a non-finite loss or gradient, changing nothing.
    batch.applied = optimizer.step(params, loss);
    return loss;
  }

  /** Backward mirrors forward: ∂L/∂logits → head → dropout mask → readout → LSTM → clipping. */
  private void backward(Batch batch) {
    SoftmaxCrossEntropy.backward(batch.probs, batch.labels, batch.dLogits);
    head.backward(ctx, batch.features, batch.dLogits, batch.dFeatures);
    float[] dFeatures = batch.dFeatures.data();
    if (batch.dropoutMask != null) {
      for (int i = 0; i < dFeatures.length; i++) {
        dFeatures[i] *= batch.dropoutMask[i];
      }
    }
    config.readout().backward(batch.cache, batch.dFeatures, batch.dOutput);
    lstm.backward(ctx, batch.dOutput, batch.cache);
    if (config.gradientClip() > 0) {
      GradientClipping.clipGlobalNorm(params, config.gradientClip());
    }
  }

  /** The buffers of one training step for a fixed batch size. */
  private final class Batch {
    final int size; // B
    final Tensor x; // (T, B, I)
    final int[] labels; // (B)
    final LstmCache cache; // training cache (T, B)
    final Tensor features; // (B, D·H) readout, then dropped out
    final float[] dropoutMask; // (B, D·H) 0 or 1/(1 − p); null without dropout
    final Tensor logits; // (B, numClasses)
    final Tensor probs; // (B, numClasses) softmax
    final Tensor dLogits; // (B, numClasses)
    final Tensor dFeatures; // (B, D·H)
    final Tensor dOutput; // (T, B, D·H) ∂L/∂output from the readout
    int correct; // right predictions of the last step
    boolean applied; // whether the optimizer applied the last step (false: skipped as non-finite)

    Batch(int size, Rng dropoutRng) {
      LstmConfig lstmConfig = lstm.config();
      int rows = train.rows();
      int width = lstmConfig.outputSize();
      int numClasses = model.numClasses();
      this.size = size;
      this.x = Tensor.zeros(rows, size, train.cols());
      this.labels = new int[size];
      // The images need no gradient: backward skips ∂L/∂input, as PyTorch does.
      this.cache = lstm.newTrainingCacheWithoutInputGradient(rows, size, dropoutRng);
      this.features = Tensor.zeros(size, width);
      this.dropoutMask = config.dropout() > 0 ? new float[size * width] : null;
      this.logits = Tensor.zeros(size, numClasses);
      this.probs = Tensor.zeros(size, numClasses);
      this.dLogits = Tensor.zeros(size, numClasses);
      this.dFeatures = Tensor.zeros(size, width);
      this.dOutput = Tensor.zeros(rows, size, width);
    }
  }
}
