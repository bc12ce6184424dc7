package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Records;
import io.github.lstm4j.core.io.JsonDefault;
import io.github.lstm4j.core.nn.LstmConfig;
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
 * RegressorConfig config = RegressorConfig.defaults().withHiddenSize(64).withEpochs(30);
 * RegressorConfig huber = config.withLoss(RegressionLoss.HUBER).withHuberDelta(0.5);
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
 * @param weightDecay decoupled weight decay λ (AdamW) when {@code > 0}, plain Adam when 0; finite
 *     and {@code >= 0}; files written before it existed read as 0
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
    @JsonDefault("0.0") double weightDecay,
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
   * @param weightDecay see the record description
   * @param gradientClip see the record description
   * @param seed see the record description
   * @param threads see the record description
   */
  public RegressorConfig {
    LstmConfig.checkStack(hiddenSize, numLayers, dropout);
    Objects.requireNonNull(loss, "loss");
    Checks.positiveFinite("huberDelta", huberDelta);
    Checks.positive("batchSize", batchSize);
    Checks.positive("epochs", epochs);
    Checks.nonNegativeFinite("maxMinutes", maxMinutes);
    OptimizerConfig.checkRates(learningRate, weightDecay);
    Checks.nonNegativeFinite("gradientClip", gradientClip);
    Checks.positive("threads", threads);
  }

  /**
   * Returns the defaults: 1 × 32 units, MSE (Huber δ 1), batch 32, 15 epochs, no time limit, Adam
   * 3e-3, clipping at 5, seed 42, 1 thread.
   *
   * @return the config
   */
  public static RegressorConfig defaults() {
    return new RegressorConfig(
        32, 1, 0.0, RegressionLoss.MSE, 1.0, 32, 15, 0.0, 3e-3, 0.0, 5.0, 42, 1);
  }

  /** The engine's config for this recipe: validation every epoch on {@code val_loss}. */
  TrainerConfig trainerConfig() {
    return TrainerConfig.defaults()
        .withBatchSize(batchSize)
        .withEpochs(epochs)
        .withMaxMinutes(maxMinutes)
        .withOptimizer(
            weightDecay > 0
                ? new OptimizerConfig(OptimizerConfig.Kind.ADAMW, learningRate, weightDecay)
                : OptimizerConfig.of(OptimizerConfig.Kind.ADAM, learningRate))
        .withSchedule(TrainerConfig.Schedule.cosine(0, learningRate / 100))
        .withGradientClip(gradientClip)
        .withValidation(
            TrainerConfig.Validation.everyEpoch(
                SequenceRegressor.VALIDATION_METRIC, TrainerConfig.Goal.MINIMIZE))
        .withSeed(seed);
  }

  /**
   * Returns a copy with another {@code hiddenSize}.
   *
   * @param value the new {@code hiddenSize} (see the record description)
   * @return the new config
   */
  public RegressorConfig withHiddenSize(int value) {
    return Records.with(this, "hiddenSize", value);
  }

  /**
   * Returns a copy with another {@code numLayers}.
   *
   * @param value the new {@code numLayers} (see the record description)
   * @return the new config
   */
  public RegressorConfig withNumLayers(int value) {
    return Records.with(this, "numLayers", value);
  }

  /**
   * Returns a copy with another {@code dropout}.
   *
   * @param value the new {@code dropout} (see the record description)
   * @return the new config
   */
  public RegressorConfig withDropout(double value) {
    return Records.with(this, "dropout", value);
  }

  /**
   * Returns a copy with another {@code loss}.
   *
   * @param value the new {@code loss} (see the record description)
   * @return the new config
   */
  public RegressorConfig withLoss(RegressionLoss value) {
    return Records.with(this, "loss", value);
  }

  /**
   * Returns a copy with another {@code huberDelta}.
   *
   * @param value the new {@code huberDelta} (see the record description)
   * @return the new config
   */
  public RegressorConfig withHuberDelta(double value) {
    return Records.with(this, "huberDelta", value);
  }

  /**
   * Returns a copy with another {@code batchSize}.
   *
   * @param value the new {@code batchSize} (see the record description)
   * @return the new config
   */
  public RegressorConfig withBatchSize(int value) {
    return Records.with(this, "batchSize", value);
  }

  /**
   * Returns a copy with another {@code epochs}.
   *
   * @param value the new {@code epochs} (see the record description)
   * @return the new config
   */
  public RegressorConfig withEpochs(int value) {
    return Records.with(this, "epochs", value);
  }

  /**
   * Returns a copy with another {@code maxMinutes}.
   *
   * @param value the new {@code maxMinutes} (see the record description)
   * @return the new config
   */
  public RegressorConfig withMaxMinutes(double value) {
    return Records.with(this, "maxMinutes", value);
  }

  /**
   * Returns a copy with another {@code learningRate}.
   *
   * @param value the new {@code learningRate} (see the record description)
   * @return the new config
   */
  public RegressorConfig withLearningRate(double value) {
    return Records.with(this, "learningRate", value);
  }

  /**
   * Returns a copy with another {@code weightDecay}.
   *
   * @param value the new {@code weightDecay} (see the record description)
   * @return the new config
   */
  public RegressorConfig withWeightDecay(double value) {
    return Records.with(this, "weightDecay", value);
  }

  /**
   * Returns a copy with another {@code gradientClip}.
   *
   * @param value the new {@code gradientClip} (see the record description)
   * @return the new config
   */
  public RegressorConfig withGradientClip(double value) {
    return Records.with(this, "gradientClip", value);
  }

  /**
   * Returns a copy with another {@code seed}.
   *
   * @param value the new {@code seed} (see the record description)
   * @return the new config
   */
  public RegressorConfig withSeed(long value) {
    return Records.with(this, "seed", value);
  }

  /**
   * Returns a copy with another {@code threads}.
   *
   * @param value the new {@code threads} (see the record description)
   * @return the new config
   */
  public RegressorConfig withThreads(int value) {
    return Records.with(this, "threads", value);
  }
}
