package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.optim.OptimizerConfig;
import io.github.lstm4j.core.train.TrainerConfig;
import java.util.Objects;

/**
 * The model shape and training recipe of a {@link SequenceRegressor}: an LSTM of {@code numLayers}
 * × {@code hiddenSize} units, its last hidden state, a linear head; Adam with cosine decay to
 * {@code learningRate / 100}, global gradient-norm clipping, the weights of the best validation
 * loss kept. Every value is a number or an enum constant, so the config is saved as JSON beside the
 * weights.
 *
 * <pre>{@code
 * RegressorConfig config = RegressorConfig.builder().hiddenSize(64).epochs(30).build();
 * RegressorConfig huber = config.toBuilder().loss(RegressionLoss.HUBER).huberDelta(0.5).build();
 * }</pre>
 *
 * <p>Training is deterministic: the same config and data give bit-identical weights for any {@code
 * threads}, which only changes the speed.
 *
 * @param hiddenSize H: LSTM units, {@code > 0}
 * @param numLayers stacked LSTM layers, {@code > 0}
 * @param dropout probability of zeroing a value between LSTM layers while training, in [0, 1)
 * @param loss the training loss
 * @param huberDelta δ of the Huber loss (unused by MSE), finite and {@code > 0}
 * @param batchSize sequences per training step, {@code > 0}
 * @param epochs passes over the training sequences, {@code > 0}
 * @param maxMinutes a training time budget, 0 for none; finite and {@code >= 0}
 * @param learningRate Adam's step size at the start, finite and {@code > 0}
 * @param gradientClip the largest global L2 norm of the gradient, 0 = off; finite and {@code >= 0}
 * @param seed the seed of the initial weights, the batch order and dropout
 * @param threads threads for training and batched inference, {@code > 0}
 */
public record RegressorConfig(
    int hiddenSize,
    int numLayers,
    double dropout,
    RegressionLoss loss,
    double huberDelta,
    int batchSize,
    int epochs,
    double maxMinutes,
    double learningRate,
    double gradientClip,
    long seed,
    int threads) {

  /**
   * Validates every field; each message names the field, the rule and the value.
   *
   * @param hiddenSize see the record description
   * @param numLayers see the record description
   * @param dropout see the record description
   * @param loss see the record description
   * @param huberDelta see the record description
   * @param batchSize see the record description
   * @param epochs see the record description
   * @param maxMinutes see the record description
   * @param learningRate see the record description
   * @param gradientClip see the record description
   * @param seed see the record description
   * @param threads see the record description
   */
  public RegressorConfig {
    Checks.positive("hiddenSize", hiddenSize);
    Checks.positive("numLayers", numLayers);
    Checks.inHalfOpenRange("dropout", dropout, 0.0, 1.0);
    Objects.requireNonNull(loss, "loss");
    Checks.positiveFinite("huberDelta", huberDelta);
    Checks.positive("batchSize", batchSize);
    Checks.positive("epochs", epochs);
    Checks.nonNegativeFinite("maxMinutes", maxMinutes);
    Checks.positiveFinite("learningRate", learningRate);
    Checks.nonNegativeFinite("gradientClip", gradientClip);
    Checks.positive("threads", threads);
  }

  /**
   * Returns a builder holding the defaults: 1 × 32 units, MSE, batch 32, 15 epochs, Adam 3e-3,
   * clipping at 5, seed 42, 1 thread.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this config's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder()
        .hiddenSize(hiddenSize)
        .numLayers(numLayers)
        .dropout(dropout)
        .loss(loss)
        .huberDelta(huberDelta)
        .batchSize(batchSize)
        .epochs(epochs)
        .maxMinutes(maxMinutes)
        .learningRate(learningRate)
        .gradientClip(gradientClip)
        .seed(seed)
        .threads(threads);
  }

  /** The engine's config for this recipe: validation every epoch on {@code val_loss}. */
  TrainerConfig trainerConfig() {
    return TrainerConfig.defaults()
        .withBatchSize(batchSize)
        .withEpochs(epochs)
        .withMaxMinutes(maxMinutes)
        .withOptimizer(OptimizerConfig.of(OptimizerConfig.Kind.ADAM, learningRate))
        .withSchedule(TrainerConfig.Schedule.cosine(0, learningRate / 100))
        .withGradientClip(gradientClip)
        .withValidation(
            TrainerConfig.Validation.everyEpoch(
                SequenceRegressor.VALIDATION_METRIC, TrainerConfig.Goal.MINIMIZE))
        .withSeed(seed);
  }

  /** Collects values; {@link #build()} validates them all at once. Starts from the defaults. */
  public static final class Builder {
    private int hiddenSize = 32;
    private int numLayers = 1;
    private double dropout;
    private RegressionLoss loss = RegressionLoss.MSE;
    private double huberDelta = 1.0;
    private int batchSize = 32;
    private int epochs = 15;
    private double maxMinutes;
    private double learningRate = 3e-3;
    private double gradientClip = 5.0;
    private long seed = 42;
    private int threads = 1;

    private Builder() {}

    /**
     * Sets H (default 32).
     *
     * @param value {@code > 0}
     * @return this builder
     */
    public Builder hiddenSize(int value) {
      hiddenSize = value;
      return this;
    }

    /**
     * Sets the number of layers (default 1).
     *
     * @param value {@code > 0}
     * @return this builder
     */
    public Builder numLayers(int value) {
      numLayers = value;
      return this;
    }

    /**
     * Sets the dropout between layers (default 0).
     *
     * @param value in [0, 1)
     * @return this builder
     */
    public Builder dropout(double value) {
      dropout = value;
      return this;
    }

    /**
     * Sets the loss (default MSE).
     *
     * @param value the loss
     * @return this builder
     */
    public Builder loss(RegressionLoss value) {
      loss = value;
      return this;
    }

    /**
     * Sets the Huber δ (default 1).
     *
     * @param value finite, {@code > 0}
     * @return this builder
     */
    public Builder huberDelta(double value) {
      huberDelta = value;
      return this;
    }

    /**
     * Sets the batch size (default 32).
     *
     * @param value {@code > 0}
     * @return this builder
     */
    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    /**
     * Sets the number of epochs (default 15).
     *
     * @param value {@code > 0}
     * @return this builder
     */
    public Builder epochs(int value) {
      epochs = value;
      return this;
    }

    /**
     * Sets the time budget (default 0 = none).
     *
     * @param value minutes, finite, {@code >= 0}
     * @return this builder
     */
    public Builder maxMinutes(double value) {
      maxMinutes = value;
      return this;
    }

    /**
     * Sets Adam's initial learning rate (default 3e-3).
     *
     * @param value finite, {@code > 0}
     * @return this builder
     */
    public Builder learningRate(double value) {
      learningRate = value;
      return this;
    }

    /**
     * Sets the gradient clipping norm (default 5, 0 = off).
     *
     * @param value finite, {@code >= 0}
     * @return this builder
     */
    public Builder gradientClip(double value) {
      gradientClip = value;
      return this;
    }

    /**
     * Sets the seed (default 42).
     *
     * @param value any
     * @return this builder
     */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /**
     * Sets the thread count (default 1).
     *
     * @param value {@code > 0}
     * @return this builder
     */
    public Builder threads(int value) {
      threads = value;
      return this;
    }

    /**
     * Validates and builds the config.
     *
     * @return the config
     * @throws IllegalArgumentException naming the first bad field
     */
    public RegressorConfig build() {
      return new RegressorConfig(
          hiddenSize,
          numLayers,
          dropout,
          loss,
          huberDelta,
          batchSize,
          epochs,
          maxMinutes,
          learningRate,
          gradientClip,
          seed,
          threads);
    }
  }
}
