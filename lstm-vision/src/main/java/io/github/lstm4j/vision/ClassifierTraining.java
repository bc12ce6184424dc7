package io.github.lstm4j.vision;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.Softmax;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import io.github.lstm4j.core.optim.OptimizerConfig;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.train.Evaluation;
import io.github.lstm4j.core.train.Trainer;
import io.github.lstm4j.core.train.TrainerConfig;
import io.github.lstm4j.core.train.TrainingListener;
import io.github.lstm4j.core.train.TrainingTask;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The row classifier as a {@link TrainingTask} of core's {@link Trainer}, which runs the loop
 * ({@link RowLstmClassifier#fit}): epochs of shuffled minibatches, each step forward → readout →
 * (dropout) → head → softmax cross-entropy → backward here, then clip → optimizer there; the
 * validation accuracy after every epoch decides which epoch's weights the model keeps. The
 * trainer's events go to the caller's {@link TrainingListener} as they are; each epoch's validation
 * (with validation images) also reports {@value #TRAIN_ACCURACY}, the share of the epoch's training
 * images (of applied steps, with augmentation and dropout) predicted right.
 *
 * <pre>
 * step:   x (T, B, I) ← fillRowBatch(order[from … from + B)), then random shifts
 *         features = readout(LSTM(x))                      (B, D·H)
 *         features ⊙= mask / (1 − p)                       (dropout, training only)
 *         logits = head(features); L = CE(softmax(logits), labels)
 * back:   dLogits = (p − onehot)/B → head → dFeatures ⊙= mask → readout → LSTM (BPTT)
 * update: (the Trainer) clip ‖∇‖₂ ≤ gradientClip; lr = schedule(step); Adam(W) step
 *         (a NaN or infinite L or ∇: throw, or with NonFinitePolicy.SKIP count the step and
 *          change nothing; its images then count in no loss or accuracy total)
 * </pre>
 *
 * <p>All buffers are allocated before the first step: one set for full batches and, when the
 * training set is not a multiple of the batch size, one for the shorter last batch of each epoch.
 * Random streams, all split from the config's seed in a fixed order: the LSTM's dropout masks (one
 * per buffer set), the head's dropout mask, the epoch order, the augmentation shifts.
 */
final class ClassifierTraining implements TrainingTask {
  /** The metric {@link #validate} reports and the trainer keeps the best epoch by. */
  static final String VALIDATION_ACCURACY = "val_accuracy";

  /** The metric {@link #validate} reports for the epoch's training images. */
  static final String TRAIN_ACCURACY = "train_accuracy";

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
  private long stepCount; // trainBatch calls so far
  private Trainer trainer; // the engine that runs this task, from run()

  // This epoch's training accuracy, over the steps the optimizer applied.
  private Batch lastBatch; // the batch of the last trainBatch
  private int correct;
  private int counted; // images of the applied steps (a skipped step's images count nowhere)
  private long skippedSteps;

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
            ? new RandomShift(
                config.augmentShift(), train.shape().rows(), train.shape().cols(), shiftRng)
            : null;
  }

  /** Trains the model with core's engine, reporting to the caller's listener. */
  void run() {
    double lr = config.learningRate();
    OptimizerConfig optimizer = OptimizerConfig.adamOrAdamW(lr, config.weightDecay());
    TrainerConfig.Schedule schedule =
        config.schedule() == ClassifierConfig.Schedule.COSINE
            ? TrainerConfig.Schedule.cosine(0, lr / 100)
                .withClock(TrainerConfig.ScheduleClock.STEPS_OR_BUDGET)
            : TrainerConfig.Schedule.constant();
    TrainerConfig plan =
        TrainerConfig.defaults()
            .withBatchSize(config.batchSize())
            .withEpochs(config.epochs())
            .withOptimizer(optimizer)
            .withSchedule(schedule)
            .withGradientClip(config.gradientClip())
            .withNonFinitePolicy(config.nonFinitePolicy())
            .withValidation(
                TrainerConfig.Validation.everyEpoch(
                    VALIDATION_ACCURACY, TrainerConfig.Goal.MAXIMIZE));
    this.trainer = new Trainer(this, plan);
    this.trainer.fit(new EpochAccuracy());
  }

  @Override
  public Parameters parameters() {
    return params;
  }

  @Override
  public int exampleCount() {
    return train.size();
  }

  /** The epoch order of the loop before the engine: Fisher–Yates from the order seed. */
  @Override
  public void shuffle(int[] order, Rng rng) {
    System.arraycopy(MnistBatches.permutation(train, orderRandom), 0, order, 0, order.length);
  }

  @Override
  public double trainBatch(int[] order, int from, int count) {
    Batch batch = count == config.batchSize() ? full : last;
    lastBatch = batch;
    return step(batch, order, from);
  }

  @Override
  public Map<String, Double> validate() {
    // Without validation images the trainer takes no metric at all (it has none to decide by).
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (validation != null) {
      metrics.put(VALIDATION_ACCURACY, model.evaluate(ctx, validation).accuracy());
      metrics.put(TRAIN_ACCURACY, counted > 0 ? (double) correct / counted : Double.NaN);
    }
    correct = 0;
    counted = 0;
    return metrics;
  }

  @Override
  public Map<String, Rng> generators() {
    return Map.of(); // this task has no resume: its order comes from a SplittableRandom
  }

  /**
   * Counts the right predictions of the applied steps for {@link #validate}, then passes every
   * event on to the caller's listener.
   */
  private final class EpochAccuracy implements TrainingListener {
    @Override
    public void onStep(TrainingListener.Progress p) {
      if (p.skippedSteps() == skippedSteps) { // applied
        counted += lastBatch.size;
        correct += lastBatch.correct;
      }
      skippedSteps = p.skippedSteps();
      listener.onStep(p);
    }

    @Override
    public void onEvaluation(Evaluation e) {
      listener.onEvaluation(e);
    }
  }

  /**
   * Forward and backward on images order[from … from + batch.size); returns the mean loss. A
   * non-finite loss throws here (THROW, naming the step) or skips the backward pass (SKIP), and the
   * trainer's optimizer step then refuses it.
   */
  private double step(Batch batch, int[] order, int from) {
    int size = batch.size;
    MnistBatches.fillRowBatch(train, order, from, size, batch.x.data(), batch.labels);
    if (shift != null) {
      shift.apply(batch.x.data(), size);
    }
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
              + (stepCount + 1)
              + " with learningRate "
              + Checks.format(trainer.optimizer().learningRate())
              + "; lower learningRate or set gradientClip");
    }
    int numClasses = model.shape().numClasses();
    float[] p = batch.probs.data();
    batch.correct = 0;
    for (int b = 0; b < size; b++) {
      if (Softmax.argmax(p, b * numClasses, numClasses) == batch.labels[b]) {
        batch.correct++;
      }
    }
    if (finite) { // a non-finite loss (NonFinitePolicy.SKIP) is skipped without its backward pass
      backward(batch);
    }
    stepCount++;
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

    Batch(int size, Rng dropoutRng) {
      LstmConfig lstmConfig = lstm.config();
      int rows = train.shape().rows();
      int width = lstmConfig.outputSize();
      int numClasses = model.shape().numClasses();
      this.size = size;
      this.x = Tensor.zeros(rows, size, train.shape().cols());
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
