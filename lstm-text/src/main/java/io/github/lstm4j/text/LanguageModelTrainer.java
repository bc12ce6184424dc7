package io.github.lstm4j.text;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.TrainingCheckpoint;
import io.github.lstm4j.core.io.TrainingState;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmState;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.optim.Adam;
import io.github.lstm4j.core.optim.AdamW;
import io.github.lstm4j.core.optim.GradientClipping;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The training loop of {@link CharLstm#fit}, char-rnn style:
 *
 * <pre>
 * per epoch: state ← 0
 *   per window w of the B contiguous streams:
 *     logits = head(lstm(x_w, state));  L = CE(logits, y_w)
 *     backward through the window only (truncated BPTT); clip ‖g‖ ≤ gradientClip; Adam step
 *     state ← final state of the window (carried, not backpropagated into)
 *     (a NaN or infinite L or gradient: throw, or with NonFinitePolicy.SKIP count the step and
 *      change nothing, neither weights, moments nor the carried state)
 *   every evaluateEvery steps and at the epoch's end: validation loss; keep the best weights, and
 *   when it improves write a training checkpoint (if a path was given)
 * </pre>
 *
 * <p>A checkpoint holds the weights, Adam's moments and step count, the loop position (epoch,
 * window, step), the carried hidden state, the dropout generator, the early-stopping counters and
 * the count of skipped steps: resuming from it continues bit-identically. All buffers are allocated
 * before the first step.
 */
final class LanguageModelTrainer {
  private static final String STEP = "step";
  private static final String EPOCH = "epoch";
  private static final String WINDOW = "window";
  private static final String STALE = "evaluations_without_improvement";
  private static final String DROPOUT = "dropout";
  private static final String BEST_LOSS = "best_validation_loss";
  private static final String SKIPPED = "skipped_steps";

  /**
   * Validation scores at most this many held-out tokens (the first ones, so that every evaluation
   * sees the same sample): enough for a stable estimate, and a 100 MB corpus does not spend its
   * time scoring 10 M held-out characters.
   */
  static final int VALIDATION_TOKEN_LIMIT = 1_000_000;

  private final CharLstm model;
  private final TrainingListener listener;
  private final CharLstmConfig config;
  private final TokenBatches batches;
  private final TokenSequence validation; // null without validation text
  private final LanguageModelScorer scorer;
  private final Path checkpoint; // null: no checkpoints
  private final Adam optimizer;
  private final Rng dropoutRng;
  private final LstmState state; // (L, B, H) carried across windows

  // Loop position, restored by resume.
  private long step;
  private int epoch = 1;
  private int window;
  private int stale;
  private long skipped; // steps left out as non-finite (NonFinitePolicy.SKIP)
  private double bestLoss = Double.POSITIVE_INFINITY;

  LanguageModelTrainer(
      CharLstm model, TokenSequence ids, TrainingListener listener, Path checkpoint) {
    this.model = model;
    this.listener = listener;
    this.config = model.config();
    this.checkpoint = checkpoint;
    TokenSequence train = ids;
    TokenSequence held = null;
    if (config.validationFraction() > 0) {
      TrainValidationSplit split =
          TrainValidationSplit.of(ids, config.validationFraction(), config.seqLen());
      train = split.train();
      held = split.validation();
      if (held.length() > VALIDATION_TOKEN_LIMIT) {
        held = held.subSequence(0, VALIDATION_TOKEN_LIMIT);
      }
    }
    this.batches = TokenBatches.of(train, config.batchSize(), config.seqLen());
    this.validation = held;
    this.scorer =
        held == null
            ? null
            : LanguageModelScorer.forLength(
                model.lstm(), model.head(), held.length(), config.seqLen(), config.batchSize());
    this.optimizer =
        config.weightDecay() > 0
            ? new AdamW(config.learningRate(), 0.9, 0.999, 1e-8, config.weightDecay())
            : new Adam(config.learningRate());
    this.optimizer.setNonFinitePolicy(config.nonFinitePolicy());
    this.dropoutRng = new Rng(config.seed()).split();
    this.state = LstmState.zeros(model.lstm().config(), config.batchSize());
  }

  /** Restores weights, optimizer and loop position from a checkpoint written by this class. */
  void restore(TrainingCheckpoint saved) throws IOException {
    saved.restore(model.parameters(), optimizer);
    model.weightsChanged();
    TrainingState s = saved.state();
    step = s.counter(STEP);
    epoch = (int) s.counter(EPOCH);
    window = (int) s.counter(WINDOW);
    stale = (int) s.counter(STALE);
    skipped = s.counters().getOrDefault(SKIPPED, 0L); // absent from older checkpoints
    dropoutRng.setState(s.rngState(DROPOUT));
    bestLoss = s.tensor(BEST_LOSS, 1).data()[0];
    int[] shape = state.h().shape();
    state.copyFrom(new LstmState(s.tensor("h", shape).copy(), s.tensor("c", shape).copy()));
  }

  void run() {
    ComputeContext ctx = model.computeContext();
    Lstm lstm = model.lstm();
    Linear head = model.head();
    Parameters params = model.parameters();
    int seqLen = config.seqLen();
    int batch = config.batchSize();
    int vocab = model.vocabulary().size();
    int windows = batches.windowCount();
    long planned = (long) windows * config.epochs();
    LstmCache cache = lstm.newTrainingCache(seqLen, batch, dropoutRng);
    int[] inputs = new int[seqLen * batch]; // (T, B)
    int[] targets = new int[seqLen * batch]; // (T, B)
    Tensor logits =
        Tensor.zeros(seqLen, batch, vocab); // (T, B, V), then probabilities, then dLogits
    Tensor dHidden = Tensor.zeros(seqLen, batch, config.hiddenSize()); // (T, B, H)

    long start = System.nanoTime();
    long firstStep = step;
    double maxSeconds = config.maxMinutes() * 60;
    double validationLoss = Double.NaN;
    float[] bestValues = Double.isFinite(bestLoss) ? params.values().clone() : null;
    boolean stop = false;
    if (window >= windows) {
      epoch++;
      window = 0;
    }
    for (; epoch <= config.epochs() && !stop; epoch++, window = 0) {
      if (window == 0) {
        state.reset();
      }
      for (; window < windows && !stop; ) {
        double rate = learningRate(step, progressFraction(step, planned, start, maxSeconds));
        optimizer.setLearningRate(rate);
        batches.fillWindow(window, inputs, targets);
        params.zeroGrad();
        Tensor hidden = lstm.forward(ctx, inputs, state, cache); // (T, B, H)
        head.forward(ctx, hidden, logits);
        double loss = SoftmaxCrossEntropy.forward(logits, targets, logits);
        boolean finite = Double.isFinite(loss);
        if (!finite && config.nonFinitePolicy() == NonFinitePolicy.THROW) {
          throw new ArithmeticException(
              String.format(
                  Locale.ROOT,
                  "training loss became %s at step %d (learningRate %.3g); lower the learning rate"
                      + " or the gradient clip%s",
                  loss,
                  step + 1,
                  rate,
                  checkpoint == null ? "" : "; the last good checkpoint is " + checkpoint));
        }
        if (finite) { // a non-finite loss is skipped without its backward pass
          SoftmaxCrossEntropy.backward(logits, targets, logits);
          head.backward(ctx, hidden, logits, dHidden);
          lstm.backward(ctx, dHidden, cache);
          GradientClipping.clipGlobalNorm(params, config.gradientClip());
        }
        // Throws (THROW) or returns false (SKIP) on a non-finite loss or gradient, changing
        // nothing.
        if (optimizer.step(params, loss)) {
          model.weightsChanged();
          state.copyFrom(cache.finalState());
        } else {
          skipped++; // the next window starts from this window's initial state, not from NaN
        }
        step++;
        window++;

        double elapsed = (System.nanoTime() - start) / 1e9;
        boolean outOfTime = maxSeconds > 0 && elapsed >= maxSeconds;
        double fraction = progressFraction(step, planned, start, maxSeconds);
        boolean endOfEpoch = window == windows;
        boolean evaluate =
            scorer != null && (step % config.evaluateEvery() == 0 || endOfEpoch || outOfTime);
        double tokensPerSecond = (step - firstStep) * (double) seqLen * batch / elapsed;
        if (evaluate) {
          validationLoss = scorer.score(ctx, validation).natsPerToken();
          boolean improved = validationLoss < bestLoss;
          if (improved) {
            bestLoss = validationLoss;
            bestValues = params.values().clone();
            stale = 0;
            writeCheckpoint();
          } else {
            stale++;
          }
          listener.onEvaluation(
              progress(loss, validationLoss, rate, tokensPerSecond, elapsed, fraction, planned),
              improved);
          stop = config.earlyStoppingPatience() > 0 && stale >= config.earlyStoppingPatience();
        }
        TrainingProgress progress =
            progress(loss, validationLoss, rate, tokensPerSecond, elapsed, fraction, planned);
        listener.onStep(progress);
        if (endOfEpoch || outOfTime || stop) {
          listener.onEpochEnd(progress, model);
        }
        stop |= outOfTime;
      }
    }
    if (bestValues != null) {
      System.arraycopy(bestValues, 0, params.values(), 0, bestValues.length);
      model.weightsChanged();
    }
  }

  private void writeCheckpoint() {
    if (checkpoint == null) {
      return;
    }
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put(STEP, step);
    counters.put(EPOCH, (long) epoch);
    counters.put(WINDOW, (long) window);
    counters.put(STALE, (long) stale);
    counters.put(SKIPPED, skipped);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("h", state.h());
    tensors.put("c", state.c());
    tensors.put(BEST_LOSS, Tensor.wrap(new float[] {(float) bestLoss}, 1));
    try {
      TrainingCheckpoint.write(
          checkpoint,
          model.parameters(),
          optimizer,
          CharLstmFile.metadata(model),
          new TrainingState(counters, Map.of(DROPOUT, dropoutRng.state()), tensors));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the checkpoint " + checkpoint, e);
    }
  }

  private TrainingProgress progress(
      double loss,
      double validationLoss,
      double rate,
      double tokensPerSecond,
      double elapsed,
      double fraction,
      long planned) {
    return new TrainingProgress(
        step,
        planned,
        epoch,
        loss,
        validationLoss,
        tokensPerSecond,
        rate,
        elapsed,
        fraction,
        skipped);
  }

  /**
   * The part of the run done: steps over planned steps, or elapsed over allowed time when a time
   * limit is set and comes first. A time-limited run therefore decays its learning rate with the
   * clock and is not bit-reproducible; a step-limited run is.
   */
  private static double progressFraction(long step, long planned, long start, double maxSeconds) {
    double byTime = maxSeconds > 0 ? (System.nanoTime() - start) / 1e9 / maxSeconds : 0;
    return Math.min(1.0, Math.max((double) step / planned, byTime));
  }

  /**
   * Linear warm-up over {@code warmupSteps}, then the schedule: constant, or cosine from the
   * initial rate down to 1/20 of it at the end of the run.
   */
  private double learningRate(long step, double fraction) {
    double lr = config.learningRate();
    double rate =
        config.schedule() == CharLstmConfig.Schedule.COSINE
            ? lr / 20 + 0.5 * (lr - lr / 20) * (1 + Math.cos(Math.PI * fraction))
            : lr;
    return step < config.warmupSteps() ? rate * (step + 1) / config.warmupSteps() : rate;
  }
}
