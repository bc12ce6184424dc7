package io.github.lstm4j.text;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmState;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.optim.Adam;
import io.github.lstm4j.core.optim.AdamW;
import io.github.lstm4j.core.optim.GradientClipping;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Locale;

/**
 * The training loop of {@link CharLstm#fit}, char-rnn style:
 *
 * <pre>
 * per epoch: state ← 0
 *   per window w of the B contiguous streams:
 *     logits = head(lstm(x_w, state));  L = CE(logits, y_w)
 *     backward through the window only (truncated BPTT); clip ‖g‖ ≤ gradientClip; Adam step
 *     state ← final state of the window (carried, not backpropagated into)
 *   every evaluateEvery steps and at the epoch's end: validation loss; keep the best weights
 * </pre>
 *
 * <p>All buffers are allocated before the first step.
 */
final class LanguageModelTrainer {
  private final CharLstm model;
  private final TrainingListener listener;
  private final CharLstmConfig config;
  private final TokenBatches batches;
  private final TokenSequence validation; // null without validation text
  private final LanguageModelScorer scorer;

  LanguageModelTrainer(CharLstm model, TokenSequence ids, TrainingListener listener) {
    this.model = model;
    this.listener = listener;
    this.config = model.config();
    TokenSequence train = ids;
    TokenSequence held = null;
    if (config.validationFraction() > 0) {
      TrainValidationSplit split =
          TrainValidationSplit.of(ids, config.validationFraction(), config.seqLen());
      train = split.train();
      held = split.validation();
    }
    this.batches = TokenBatches.of(train, config.batchSize(), config.seqLen());
    this.validation = held;
    this.scorer =
        held == null
            ? null
            : LanguageModelScorer.forLength(
                model.lstm(), model.head(), held.length(), config.seqLen(), config.batchSize());
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
    Adam optimizer =
        config.weightDecay() > 0
            ? new AdamW(config.learningRate(), 0.9, 0.999, 1e-8, config.weightDecay())
            : new Adam(config.learningRate());
    Rng dropoutRng = new Rng(config.seed()).split();
    LstmCache cache = lstm.newTrainingCache(seqLen, batch, dropoutRng);
    LstmState state = LstmState.zeros(lstm.config(), batch);
    int[] inputs = new int[seqLen * batch]; // (T, B)
    int[] targets = new int[seqLen * batch]; // (T, B)
    Tensor logits =
        Tensor.zeros(seqLen, batch, vocab); // (T, B, V), then probabilities, then dLogits
    Tensor dHidden = Tensor.zeros(seqLen, batch, config.hiddenSize()); // (T, B, H)

    long start = System.nanoTime();
    double maxSeconds = config.maxMinutes() * 60;
    double validationLoss = Double.NaN;
    double bestLoss = Double.POSITIVE_INFINITY;
    float[] bestValues = null;
    int evaluationsWithoutImprovement = 0;
    long step = 0;
    boolean stop = false;
    for (int epoch = 1; epoch <= config.epochs() && !stop; epoch++) {
      state.reset();
      for (int w = 0; w < windows && !stop; w++) {
        double rate = learningRate(step, progressFraction(step, planned, start, maxSeconds));
        optimizer.setLearningRate(rate);
        batches.fillWindow(w, inputs, targets);
        params.zeroGrad();
        Tensor hidden = lstm.forward(ctx, inputs, state, cache); // (T, B, H)
        head.forward(ctx, hidden, logits);
        double loss = SoftmaxCrossEntropy.forward(logits, targets, logits);
        if (!Double.isFinite(loss)) {
          throw new ArithmeticException(
              String.format(
                  Locale.ROOT,
                  "training loss became %s at step %d (learningRate %.3g); lower the learning rate"
                      + " or the gradient clip",
                  loss,
                  step + 1,
                  rate));
        }
        SoftmaxCrossEntropy.backward(logits, targets, logits);
        head.backward(ctx, hidden, logits, dHidden);
        lstm.backward(ctx, dHidden, cache);
        GradientClipping.clipGlobalNorm(params, config.gradientClip());
        optimizer.step(params);
        state.copyFrom(cache.finalState());
        step++;

        double elapsed = (System.nanoTime() - start) / 1e9;
        boolean outOfTime = maxSeconds > 0 && elapsed >= maxSeconds;
        double fraction =
            Math.min(
                1.0, Math.max((double) step / planned, maxSeconds > 0 ? elapsed / maxSeconds : 0));
        boolean endOfEpoch = w == windows - 1;
        boolean evaluate =
            scorer != null && (step % config.evaluateEvery() == 0 || endOfEpoch || outOfTime);
        if (evaluate) {
          validationLoss = scorer.score(ctx, validation).natsPerToken();
          boolean improved = validationLoss < bestLoss;
          if (improved) {
            bestLoss = validationLoss;
            bestValues = params.values().clone();
            evaluationsWithoutImprovement = 0;
          } else {
            evaluationsWithoutImprovement++;
          }
          listener.onEvaluation(
              progress(step, planned, epoch, loss, validationLoss, rate, start, fraction),
              improved);
          if (config.earlyStoppingPatience() > 0
              && evaluationsWithoutImprovement >= config.earlyStoppingPatience()) {
            stop = true;
          }
        }
        TrainingProgress progress =
            progress(step, planned, epoch, loss, validationLoss, rate, start, fraction);
        listener.onStep(progress);
        if (endOfEpoch || outOfTime || stop) {
          listener.onEpochEnd(progress, model);
        }
        stop |= outOfTime;
      }
    }
    if (bestValues != null) {
      System.arraycopy(bestValues, 0, params.values(), 0, bestValues.length);
    }
  }

  private TrainingProgress progress(
      long step,
      long planned,
      int epoch,
      double loss,
      double validationLoss,
      double rate,
      long start,
      double fraction) {
    double elapsed = (System.nanoTime() - start) / 1e9;
    double tokensPerSecond = step * (double) config.seqLen() * config.batchSize() / elapsed;
    return new TrainingProgress(
        step, planned, epoch, loss, validationLoss, tokensPerSecond, rate, elapsed, fraction);
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
