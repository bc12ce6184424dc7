package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Records;
import io.github.lstm4j.core.io.JsonDefault;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import io.github.lstm4j.core.optim.OptimizerConfig;
import java.util.Objects;

/**
 * The hyper-parameters of a {@link CharLstm}: model shape, training schedule and run limits, each
 * validated when the config is built.
 *
 * <p>{@link #defaults()} is a 2 × 256 character model trained with Adam 2e-3 on windows of 100
 * characters in batches of 32 (workload W1); {@link #charRnn()} is char-rnn's larger model (2 ×
 * 512, dropout 0.5, batch 64). Change single fields with the withers.
 *
 * <pre>{@code
 * CharLstmConfig config = CharLstmConfig.defaults().withHiddenSize(128).withEpochs(3);
 * }</pre>
 *
 * @param level characters or words as tokens
 * @param maxVocabulary for word level: how many most frequent words are kept (plus {@code <unk>})
 * @param numLayers stacked LSTM layers
 * @param hiddenSize H, units per layer
 * @param dropout between layers, in [0, 1)
 * @param forgetBias initial forget-gate bias
 * @param seqLen T, the truncated-BPTT window length
 * @param batchSize B, the number of contiguous streams trained in parallel
 * @param learningRate Adam's step size at the start of training
 * @param weightDecay AdamW's decoupled weight decay (0 = plain Adam)
 * @param gradientClip the largest global gradient norm (clipped above)
 * @param schedule how the learning rate changes over the run
 * @param warmupSteps linear warm-up steps before the schedule (0 = none)
 * @param epochs passes over the training text
 * @param maxMinutes stop after this much wall-clock training time (0 = no limit)
 * @param validationFraction the trailing part of the text held out, in [0, 0.5]
 * @param evaluateEvery steps between validation evaluations (also at each epoch's end)
 * @param earlyStoppingPatience stop after this many evaluations without improvement (0 = never)
 * @param seed seeds initialisation, dropout and nothing else
 * @param threads compute threads
 * @param nonFinitePolicy what a training step whose loss or gradient is NaN or infinite does:
 *     {@link NonFinitePolicy#THROW} (the default) stops the run with an {@link
 *     ArithmeticException}; {@link NonFinitePolicy#SKIP} leaves the step out (no weight, optimizer
 *     moment or carried hidden state changes) and counts it in {@link
 *     io.github.lstm4j.core.train.TrainingListener.Progress#skippedSteps()}
 * @param emaDecay the decay of a moving average of the weights that validation scores and the model
 *     keeps, in [0, 1); 0 (the default) for none (see {@link
 *     io.github.lstm4j.core.train.TrainerConfig#withEmaDecay})
 */
public record CharLstmConfig(
    Level level,
    int maxVocabulary,
    int numLayers,
    int hiddenSize,
    double dropout,
    double forgetBias,
    int seqLen,
    int batchSize,
    double learningRate,
    double weightDecay,
    double gradientClip,
    Schedule schedule,
    int warmupSteps,
    int epochs,
    double maxMinutes,
    double validationFraction,
    int evaluateEvery,
    int earlyStoppingPatience,
    long seed,
    int threads,
    @JsonDefault("THROW") NonFinitePolicy nonFinitePolicy,
    @JsonDefault("0.0") double emaDecay) {

  /** What a token is. */
  public enum Level {
    /** One token per Unicode code point. */
    CHARACTER,
    /** One token per word, punctuation mark or newline; rare words become {@code <unk>}. */
    WORD
  }

  /** How the learning rate evolves over the planned number of steps. */
  public enum Schedule {
    /** The same rate throughout. */
    CONSTANT,
    /** Cosine decay to 1/20 of the initial rate at the last planned step. */
    COSINE
  }

  /**
   * The fields that fix the shapes of a model's weights: a checkpoint resumes only with the same.
   *
   * @param level characters or words as tokens (decides the vocabulary)
   * @param maxVocabulary the word vocabulary's size limit
   * @param numLayers stacked LSTM layers
   * @param hiddenSize H
   */
  public record ModelShape(Level level, int maxVocabulary, int numLayers, int hiddenSize) {}

  /**
   * The fields that fix which training windows a saved loop position points at: a checkpoint
   * resumes only with the same.
   *
   * @param seqLen T
   * @param batchSize B
   * @param validationFraction the held-out tail of the text
   * @param seed the seed of initialisation and dropout
   */
  public record DataLayout(int seqLen, int batchSize, double validationFraction, long seed) {}

  /**
   * Validates every field.
   *
   * @param level see the record description
   * @param maxVocabulary see the record description
   * @param numLayers see the record description
   * @param hiddenSize see the record description
   * @param dropout see the record description
   * @param forgetBias see the record description
   * @param seqLen see the record description
   * @param batchSize see the record description
   * @param learningRate see the record description
   * @param weightDecay see the record description
   * @param gradientClip see the record description
   * @param schedule see the record description
   * @param warmupSteps see the record description
   * @param epochs see the record description
   * @param maxMinutes see the record description
   * @param validationFraction see the record description
   * @param evaluateEvery see the record description
   * @param earlyStoppingPatience see the record description
   * @param seed see the record description
   * @param threads see the record description
   * @param nonFinitePolicy see the record description
   * @param emaDecay see the record description
   */
  public CharLstmConfig {
    Objects.requireNonNull(level, "level");
    Checks.positive("maxVocabulary", maxVocabulary);
    LstmConfig.checkStack(hiddenSize, numLayers, dropout);
    Checks.finite("forgetBias", forgetBias);
    Checks.positive("seqLen", seqLen);
    Checks.positive("batchSize", batchSize);
    OptimizerConfig.checkRates(learningRate, weightDecay);
    Checks.positiveFinite("gradientClip", gradientClip);
    Objects.requireNonNull(schedule, "schedule");
    Checks.nonNegative("warmupSteps", warmupSteps);
    Checks.positive("epochs", epochs);
    Checks.nonNegativeFinite("maxMinutes", maxMinutes);
    Checks.argument(
        validationFraction >= 0 && validationFraction <= 0.5,
        "validationFraction must be in [0, 0.5], got " + Checks.format(validationFraction));
    Checks.positive("evaluateEvery", evaluateEvery);
    Checks.nonNegative("earlyStoppingPatience", earlyStoppingPatience);
    Checks.positive("threads", threads);
    Objects.requireNonNull(nonFinitePolicy, "nonFinitePolicy");
    Checks.inHalfOpenRange("emaDecay", emaDecay, 0.0, 1.0);
  }

  /**
   * The default character model: 2 × 256, seqLen 100, batch 32, Adam 2e-3, clip 5, forget bias 1,
   * cosine schedule, 10% validation, 10 epochs, all available cores.
   *
   * @return the config
   */
  public static CharLstmConfig defaults() {
    return new CharLstmConfig(
        Level.CHARACTER,
        10_000,
        2,
        256,
        0.0,
        1.0,
        100,
        32,
        2e-3,
        0.0,
        5.0,
        Schedule.COSINE,
        0,
        10,
        0.0,
        0.1,
        500,
        0,
        42L,
        Runtime.getRuntime().availableProcessors(),
        NonFinitePolicy.THROW,
        0.0);
  }

  /**
   * char-rnn's larger model for Tiny Shakespeare: 2 × 512 with dropout 0.5, batch 64.
   *
   * @return the config
   */
  public static CharLstmConfig charRnn() {
    return defaults().withHiddenSize(512).withDropout(0.5).withBatchSize(64);
  }

  /**
   * Returns the fields that fix the weights' shapes.
   *
   * @return level, vocabulary limit, layers, hidden size
   */
  public ModelShape modelShape() {
    return new ModelShape(level, maxVocabulary, numLayers, hiddenSize);
  }

  /**
   * Returns the fields that fix the training windows' layout.
   *
   * @return window length, batch size, validation fraction, seed
   */
  public DataLayout dataLayout() {
    return new DataLayout(seqLen, batchSize, validationFraction, seed);
  }

  /**
   * Returns a copy with another {@code level}.
   *
   * @param value the new {@code level} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withLevel(Level value) {
    return Records.with(this, "level", value);
  }

  /**
   * Returns a copy with another {@code maxVocabulary}.
   *
   * @param value the new {@code maxVocabulary} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withMaxVocabulary(int value) {
    return Records.with(this, "maxVocabulary", value);
  }

  /**
   * Returns a copy with another {@code numLayers}.
   *
   * @param value the new {@code numLayers} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withNumLayers(int value) {
    return Records.with(this, "numLayers", value);
  }

  /**
   * Returns a copy with another {@code hiddenSize}.
   *
   * @param value the new {@code hiddenSize} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withHiddenSize(int value) {
    return Records.with(this, "hiddenSize", value);
  }

  /**
   * Returns a copy with another {@code dropout}.
   *
   * @param value the new {@code dropout} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withDropout(double value) {
    return Records.with(this, "dropout", value);
  }

  /**
   * Returns a copy with another {@code forgetBias}.
   *
   * @param value the new {@code forgetBias} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withForgetBias(double value) {
    return Records.with(this, "forgetBias", value);
  }

  /**
   * Returns a copy with another {@code seqLen}.
   *
   * @param value the new {@code seqLen} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withSeqLen(int value) {
    return Records.with(this, "seqLen", value);
  }

  /**
   * Returns a copy with another {@code batchSize}.
   *
   * @param value the new {@code batchSize} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withBatchSize(int value) {
    return Records.with(this, "batchSize", value);
  }

  /**
   * Returns a copy with another {@code learningRate}.
   *
   * @param value the new {@code learningRate} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withLearningRate(double value) {
    return Records.with(this, "learningRate", value);
  }

  /**
   * Returns a copy with another {@code weightDecay}.
   *
   * @param value the new {@code weightDecay} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withWeightDecay(double value) {
    return Records.with(this, "weightDecay", value);
  }

  /**
   * Returns a copy with another {@code gradientClip}.
   *
   * @param value the new {@code gradientClip} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withGradientClip(double value) {
    return Records.with(this, "gradientClip", value);
  }

  /**
   * Returns a copy with another {@code schedule}.
   *
   * @param value the new {@code schedule} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withSchedule(Schedule value) {
    return Records.with(this, "schedule", value);
  }

  /**
   * Returns a copy with another {@code warmupSteps}.
   *
   * @param value the new {@code warmupSteps} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withWarmupSteps(int value) {
    return Records.with(this, "warmupSteps", value);
  }

  /**
   * Returns a copy with another {@code epochs}.
   *
   * @param value the new {@code epochs} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withEpochs(int value) {
    return Records.with(this, "epochs", value);
  }

  /**
   * Returns a copy with another {@code maxMinutes}.
   *
   * @param value the new {@code maxMinutes} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withMaxMinutes(double value) {
    return Records.with(this, "maxMinutes", value);
  }

  /**
   * Returns a copy with another {@code validationFraction}.
   *
   * @param value the new {@code validationFraction} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withValidationFraction(double value) {
    return Records.with(this, "validationFraction", value);
  }

  /**
   * Returns a copy with another {@code evaluateEvery}.
   *
   * @param value the new {@code evaluateEvery} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withEvaluateEvery(int value) {
    return Records.with(this, "evaluateEvery", value);
  }

  /**
   * Returns a copy with another {@code earlyStoppingPatience}.
   *
   * @param value the new {@code earlyStoppingPatience} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withEarlyStoppingPatience(int value) {
    return Records.with(this, "earlyStoppingPatience", value);
  }

  /**
   * Returns a copy with another {@code seed}.
   *
   * @param value the new {@code seed} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withSeed(long value) {
    return Records.with(this, "seed", value);
  }

  /**
   * Returns a copy with another {@code threads}.
   *
   * @param value the new {@code threads} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withThreads(int value) {
    return Records.with(this, "threads", value);
  }

  /**
   * Returns a copy with another {@code nonFinitePolicy}.
   *
   * @param value the new {@code nonFinitePolicy} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withNonFinitePolicy(NonFinitePolicy value) {
    return Records.with(this, "nonFinitePolicy", value);
  }

  /**
   * Returns a copy with another {@code emaDecay}.
   *
   * @param value the new {@code emaDecay} (see the record description)
   * @return the new config
   */
  public CharLstmConfig withEmaDecay(double value) {
    return Records.with(this, "emaDecay", value);
  }
}
