package io.github.lstm4j.text;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmState;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import io.github.lstm4j.core.optim.OptimizerConfig;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.train.Trainer;
import io.github.lstm4j.core.train.TrainerConfig;
import io.github.lstm4j.core.train.TrainingTask;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link CharLstm#fit} gives core's {@link Trainer}: the loss step of a language model over
 * char-rnn's batches, with the hidden state carried from window to window.
 *
 * <pre>
 * example e = w·B + b: window w of stream b (TokenBatches); a step is one window, all B streams
 * per epoch: state ← 0                                   (onEpochStart)
 *   per window w, in order (shuffle leaves the order as it is):
 *     logits = head(lstm(x_w, state));  L = CE(logits, y_w)
 *     backward through the window only (truncated BPTT); the trainer clips and steps Adam
 *     state ← final state of the window                 (onStepApplied: not after a skipped step)
 * validation: nats and bits per token on the held-out tail (its first million tokens at most)
 * </pre>
 *
 * <p>The trainer owns the loop, the schedule (char-rnn's cosine from step 0 to lr/20, decaying on
 * the steps or the time budget, whichever is further), validation every {@code evaluateEvery} steps
 * and at each epoch's end, early stopping, the best weights and the checkpoint; the task owns the
 * buffers, all allocated before the first step, the carried state and the dropout generator.
 */
final class LanguageModelTask implements TrainingTask {
  /**
   * Validation scores at most this many held-out tokens (the first ones, so that every evaluation
   * sees the same sample): enough for a stable estimate, and a 100 MB corpus does not spend its
   * time scoring 10 M held-out characters.
   */
  static final int VALIDATION_TOKEN_LIMIT = 1_000_000;

  /** The validation metric that decides the best model: mean nats per held-out token. */
  static final String VALIDATION_LOSS = "val_loss";

  /** The same in bits per token. */
  static final String VALIDATION_BITS = "val_bits_per_char";

  private final CharLstm model;
  private final CharLstmConfig config;
  private final String failureHint; // appended to a non-finite loss's message
  private final TokenBatches batches;
  private final TokenSequence validation; // the held-out tail; null without validation text
  private final LanguageModelScorer scorer; // null without validation text
  private final Rng dropoutRng;
  private final LstmState state; // (L, B, H) carried across windows
  private final LstmCache cache;
  private final int[] inputs; // (T, B)
  private final int[] targets; // (T, B)
  private final Tensor logits; // (T, B, V), then probabilities, then dLogits
  private final Tensor dHidden; // (T, B, H)
  private final Trainer trainer;

  /**
   * Prepares training a model on a corpus.
   *
   * @param model the model to train
   * @param ids the corpus (its last {@code validationFraction} is held out)
   * @param failureHint said after a non-finite loss's message (where the last good checkpoint is)
   */
  LanguageModelTask(CharLstm model, TokenSequence ids, String failureHint) {
    this.model = model;
    this.config = model.config();
    this.failureHint = failureHint;
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
    int seqLen = config.seqLen();
    int batch = config.batchSize();
    this.batches = TokenBatches.of(train, batch, seqLen);
    this.validation = held;
    this.scorer =
        held == null
            ? null
            : LanguageModelScorer.forLength(
                model.lstm(), model.head(), held.length(), seqLen, batch);
    this.dropoutRng = new Rng(config.seed()).split();
    this.state = LstmState.zeros(model.lstm().config(), batch);
    this.cache = model.lstm().newTrainingCache(seqLen, batch, dropoutRng);
    this.inputs = new int[seqLen * batch];
    this.targets = new int[seqLen * batch];
    this.logits = Tensor.zeros(seqLen, batch, model.vocabulary().size());
    this.dHidden = Tensor.zeros(seqLen, batch, config.hiddenSize());
    this.trainer = new Trainer(this, trainerConfig(config));
  }

  /**
   * The engine's plan for a CharLstm config: one step per window of B streams, Adam (AdamW with
   * weight decay), char-rnn's cosine from step 0 down to lr/20 on the steps-or-budget clock (or a
   * constant rate), both after a warm-up ramp, validation on {@code val_loss}.
   */
  static TrainerConfig trainerConfig(CharLstmConfig config) {
    double lr = config.learningRate();
    TrainerConfig.Schedule schedule =
        config.schedule() == CharLstmConfig.Schedule.COSINE
            ? TrainerConfig.Schedule.cosineFromStart(config.warmupSteps(), lr / 20)
                .withClock(TrainerConfig.ScheduleClock.STEPS_OR_BUDGET)
            : TrainerConfig.Schedule.constant().withWarmupSteps(config.warmupSteps());
    return TrainerConfig.defaults()
        .withBatchSize(config.batchSize())
        .withEpochs(config.epochs())
        .withMaxMinutes(config.maxMinutes())
        .withValidation(
            new TrainerConfig.Validation(
                config.evaluateEvery(),
                VALIDATION_LOSS,
                TrainerConfig.Goal.MINIMIZE,
                config.earlyStoppingPatience()))
        .withOptimizer(OptimizerConfig.adamOrAdamW(lr, config.weightDecay()))
        .withSchedule(schedule)
        .withGradientClip(config.gradientClip())
        .withNonFinitePolicy(config.nonFinitePolicy())
        .withEmaDecay(config.emaDecay())
        .withSeed(config.seed());
  }

  /**
   * Returns the trainer that runs this task.
   *
   * @return the trainer, built with {@link #trainerConfig}
   */
  Trainer trainer() {
    return trainer;
  }

  /**
   * Returns the number of windows in one epoch.
   *
   * @return {@code W}
   */
  int windowCount() {
    return batches.windowCount();
  }

  @Override
  public Parameters parameters() {
    return model.parameters();
  }

  @Override
  public int exampleCount() {
    return batches.windowCount() * config.batchSize();
  }

  /** Windows follow each other in their streams: the order stays 0, 1, …, N − 1. */
  @Override
  public void shuffle(int[] order, Rng rng) {}

  @Override
  public void onEpochStart(int epoch) {
    state.reset();
  }

  @Override
  public double trainBatch(int[] order, int from, int count) {
    assert count == config.batchSize() : count;
    ComputeContext ctx = model.computeContext();
    Lstm lstm = model.lstm();
    Linear head = model.head();
    batches.fillWindow(order[from] / config.batchSize(), inputs, targets);
    Tensor hidden = lstm.forward(ctx, inputs, state, cache); // (T, B, H)
    head.forward(ctx, hidden, logits);
    double loss = SoftmaxCrossEntropy.forward(logits, targets, logits);
    if (!Double.isFinite(loss)) { // skipped without its backward pass, or thrown here
      if (config.nonFinitePolicy() == NonFinitePolicy.THROW) {
        throw new ArithmeticException(
            String.format(
                Locale.ROOT,
                "training loss became %s at step %d (learningRate %.3g); lower the learning rate"
                    + " or the gradient clip%s",
                loss,
                trainer.step() + 1,
                trainer.optimizer().learningRate(),
                failureHint));
      }
      return loss;
    }
    SoftmaxCrossEntropy.backward(logits, targets, logits);
    head.backward(ctx, hidden, logits, dHidden);
    lstm.backward(ctx, dHidden, cache);
    return loss;
  }

  @Override
  public void onStepApplied() {
    model.weightsChanged();
    state.copyFrom(cache.finalState());
  }

  @Override
  public void onWeightsReplaced() {
    model.weightsChanged();
  }

  @Override
  public Map<String, Double> validate() {
    if (scorer == null) {
      return Map.of();
    }
    TextEvaluation score = scorer.score(model.computeContext(), validation);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(VALIDATION_LOSS, score.natsPerToken());
    metrics.put(VALIDATION_BITS, score.bitsPerToken());
    return metrics;
  }

  @Override
  public Map<String, Rng> generators() {
    return Map.of("dropout", dropoutRng);
  }

  @Override
  public Map<String, Tensor> carriedState() {
    Map<String, Tensor> carried = new LinkedHashMap<>();
    carried.put("h", state.h());
    carried.put("c", state.c());
    return carried;
  }
}
