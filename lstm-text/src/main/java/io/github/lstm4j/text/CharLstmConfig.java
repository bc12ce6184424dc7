package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.io.JsonDefault;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import java.util.Objects;

/**
 * The hyper-parameters of a {@link CharLstm}: model shape, training schedule and run limits, each
 * validated when the config is built.
 *
 * <p>{@link #defaults()} is a 2 × 256 character model trained with Adam 2e-3 on windows of 100
 * characters in batches of 32 (workload W1); {@link #charRnn()} is char-rnn's larger model (2 ×
 * 512, dropout 0.5, batch 64). Change single fields with {@link #toBuilder()}.
 *
 * <pre>{@code
 * CharLstmConfig config = CharLstmConfig.defaults().toBuilder().hiddenSize(128).epochs(3).build();
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
 *     TrainingProgress#skippedSteps()}
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
    @JsonDefault("THROW") NonFinitePolicy nonFinitePolicy) {

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
   */
  public CharLstmConfig {
    Objects.requireNonNull(level, "level");
    Checks.positive("maxVocabulary", maxVocabulary);
    Checks.positive("numLayers", numLayers);
    Checks.positive("hiddenSize", hiddenSize);
    Checks.inHalfOpenRange("dropout", dropout, 0.0, 1.0);
    Checks.finite("forgetBias", forgetBias);
    Checks.positive("seqLen", seqLen);
    Checks.positive("batchSize", batchSize);
    Checks.positiveFinite("learningRate", learningRate);
    Checks.nonNegativeFinite("weightDecay", weightDecay);
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
        NonFinitePolicy.THROW);
  }

  /**
   * char-rnn's larger model for Tiny Shakespeare: 2 × 512 with dropout 0.5, batch 64.
   *
   * @return the config
   */
  public static CharLstmConfig charRnn() {
    return defaults().toBuilder().hiddenSize(512).dropout(0.5).batchSize(64).build();
  }

  /**
   * Returns a builder initialised with this config's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes single fields of a config; {@link #build()} validates the result. */
  public static final class Builder {
    private Level level;
    private int maxVocabulary;
    private int numLayers;
    private int hiddenSize;
    private double dropout;
    private double forgetBias;
    private int seqLen;
    private int batchSize;
    private double learningRate;
    private double weightDecay;
    private double gradientClip;
    private Schedule schedule;
    private int warmupSteps;
    private int epochs;
    private double maxMinutes;
    private double validationFraction;
    private int evaluateEvery;
    private int earlyStoppingPatience;
    private long seed;
    private int threads;
    private NonFinitePolicy nonFinitePolicy;

    private Builder(CharLstmConfig c) {
      level = c.level;
      maxVocabulary = c.maxVocabulary;
      numLayers = c.numLayers;
      hiddenSize = c.hiddenSize;
      dropout = c.dropout;
      forgetBias = c.forgetBias;
      seqLen = c.seqLen;
      batchSize = c.batchSize;
      learningRate = c.learningRate;
      weightDecay = c.weightDecay;
      gradientClip = c.gradientClip;
      schedule = c.schedule;
      warmupSteps = c.warmupSteps;
      epochs = c.epochs;
      maxMinutes = c.maxMinutes;
      validationFraction = c.validationFraction;
      evaluateEvery = c.evaluateEvery;
      earlyStoppingPatience = c.earlyStoppingPatience;
      seed = c.seed;
      threads = c.threads;
      nonFinitePolicy = c.nonFinitePolicy;
    }

    /**
     * Sets the token level.
     *
     * @param value characters or words
     * @return this builder
     */
    public Builder level(Level value) {
      level = value;
      return this;
    }

    /**
     * Sets the word vocabulary size.
     *
     * @param value the number of words kept
     * @return this builder
     */
    public Builder maxVocabulary(int value) {
      maxVocabulary = value;
      return this;
    }

    /**
     * Sets the number of layers.
     *
     * @param value the layer count
     * @return this builder
     */
    public Builder numLayers(int value) {
      numLayers = value;
      return this;
    }

    /**
     * Sets the hidden size.
     *
     * @param value H
     * @return this builder
     */
    public Builder hiddenSize(int value) {
      hiddenSize = value;
      return this;
    }

    /**
     * Sets the dropout between layers.
     *
     * @param value the probability
     * @return this builder
     */
    public Builder dropout(double value) {
      dropout = value;
      return this;
    }

    /**
     * Sets the initial forget-gate bias.
     *
     * @param value the bias
     * @return this builder
     */
    public Builder forgetBias(double value) {
      forgetBias = value;
      return this;
    }

    /**
     * Sets the window length.
     *
     * @param value T
     * @return this builder
     */
    public Builder seqLen(int value) {
      seqLen = value;
      return this;
    }

    /**
     * Sets the batch size.
     *
     * @param value B
     * @return this builder
     */
    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    /**
     * Sets the initial learning rate.
     *
     * @param value the step size
     * @return this builder
     */
    public Builder learningRate(double value) {
      learningRate = value;
      return this;
    }

    /**
     * Sets the decoupled weight decay.
     *
     * @param value λ
     * @return this builder
     */
    public Builder weightDecay(double value) {
      weightDecay = value;
      return this;
    }

    /**
     * Sets the gradient clipping norm.
     *
     * @param value the largest global norm
     * @return this builder
     */
    public Builder gradientClip(double value) {
      gradientClip = value;
      return this;
    }

    /**
     * Sets the learning-rate schedule.
     *
     * @param value the schedule
     * @return this builder
     */
    public Builder schedule(Schedule value) {
      schedule = value;
      return this;
    }

    /**
     * Sets the warm-up length.
     *
     * @param value steps
     * @return this builder
     */
    public Builder warmupSteps(int value) {
      warmupSteps = value;
      return this;
    }

    /**
     * Sets the number of epochs.
     *
     * @param value passes over the text
     * @return this builder
     */
    public Builder epochs(int value) {
      epochs = value;
      return this;
    }

    /**
     * Sets the time limit.
     *
     * @param value minutes (0 = none)
     * @return this builder
     */
    public Builder maxMinutes(double value) {
      maxMinutes = value;
      return this;
    }

    /**
     * Sets the held-out fraction.
     *
     * @param value in [0, 0.5]
     * @return this builder
     */
    public Builder validationFraction(double value) {
      validationFraction = value;
      return this;
    }

    /**
     * Sets the evaluation interval.
     *
     * @param value steps
     * @return this builder
     */
    public Builder evaluateEvery(int value) {
      evaluateEvery = value;
      return this;
    }

    /**
     * Sets the early-stopping patience.
     *
     * @param value evaluations without improvement (0 = never stop early)
     * @return this builder
     */
    public Builder earlyStoppingPatience(int value) {
      earlyStoppingPatience = value;
      return this;
    }

    /**
     * Sets the seed.
     *
     * @param value any value
     * @return this builder
     */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /**
     * Sets the number of compute threads.
     *
     * @param value threads
     * @return this builder
     */
    public Builder threads(int value) {
      threads = value;
      return this;
    }

    /**
     * Sets what a non-finite training step does.
     *
     * @param value throw (the default) or skip and count
     * @return this builder
     */
    public Builder nonFinitePolicy(NonFinitePolicy value) {
      nonFinitePolicy = value;
      return this;
    }

    /**
     * Builds and validates the config.
     *
     * @return the config
     * @throws IllegalArgumentException naming the first invalid field
     */
    public CharLstmConfig build() {
      return new CharLstmConfig(
          level,
          maxVocabulary,
          numLayers,
          hiddenSize,
          dropout,
          forgetBias,
          seqLen,
          batchSize,
          learningRate,
          weightDecay,
          gradientClip,
          schedule,
          warmupSteps,
          epochs,
          maxMinutes,
          validationFraction,
          evaluateEvery,
          earlyStoppingPatience,
          seed,
          threads,
          nonFinitePolicy);
    }
  }
}
