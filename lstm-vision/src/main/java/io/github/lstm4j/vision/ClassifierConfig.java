package io.github.lstm4j.vision;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Records;
import io.github.lstm4j.core.io.JsonDefault;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import io.github.lstm4j.core.optim.OptimizerConfig;
import java.util.Objects;

/**
 * The model shape and the training recipe of a {@link RowLstmClassifier}: every value is a number,
 * a boolean or an enum constant, so the whole config can be written as text next to the weights.
 *
 * <p>The defaults are the measured MNIST recipe: one layer of 128 units reading the 28 rows, last
 * hidden state → linear head, Adam at 3e-3 with cosine decay, batches of 128, global gradient norm
 * clipped at 5, 1/12 of the training images (5000 of MNIST's 60000) held out for validation.
 *
 * <pre>{@code
 * ClassifierConfig config = ClassifierConfig.defaults().withHiddenSize(256).withEpochs(10);
 * ClassifierConfig deeper = config.withNumLayers(2).withDropout(0.2);
 * }</pre>
 *
 * <p>Training is deterministic: the same config and data give bit-identical parameters for any
 * {@code threads}, which only changes the speed.
 *
 * @param hiddenSize H: LSTM units per direction, {@code > 0}
 * @param numLayers stacked LSTM layers, {@code > 0}
 * @param bidirectional whether each layer also reads the rows bottom to top (D = 2)
 * @param dropout probability of zeroing a value between LSTM layers and between the readout and the
 *     head, during training only; in [0, 1)
 * @param readout how the LSTM's run becomes the head's input
 * @param batchSize images per training step, {@code > 0}
 * @param epochs passes over the training images, {@code > 0}
 * @param learningRate Adam's step size at the start of the run, finite and {@code > 0}
 * @param weightDecay decoupled weight decay λ (AdamW) when {@code > 0}; plain Adam when 0; finite
 *     and {@code >= 0}
 * @param gradientClip the largest global L2 norm of the gradient; 0 turns clipping off; finite and
 *     {@code >= 0}
 * @param schedule how the learning rate changes over the run
 * @param validationFraction share of the training images held out to measure validation accuracy
 *     after each epoch; 0 holds out nothing; in [0, 1)
 * @param augmentShift the largest random shift, in pixels, applied to each training image in x and
 *     in y (a new shift per image per epoch, zero-filled); 0 turns augmentation off; {@code >= 0}
 * @param seed the seed of the initial weights, the validation split, the batch order, dropout and
 *     augmentation
 * @param threads the threads training and batched inference run on, {@code > 0}
 * @param nonFinitePolicy what a training step whose loss or gradient is NaN or infinite does:
 *     {@link NonFinitePolicy#THROW} (the default) stops training with an {@link
 *     ArithmeticException}; {@link NonFinitePolicy#SKIP} leaves the step out (no weight or
 *     optimizer state changes, its images count in no total) and counts it in {@link
 *     io.github.lstm4j.core.train.TrainingListener.Progress#skippedSteps()}
 */
public record ClassifierConfig(
    int hiddenSize,
    int numLayers,
    boolean bidirectional,
    double dropout,
    Readout readout,
    int batchSize,
    int epochs,
    double learningRate,
    double weightDecay,
    double gradientClip,
    Schedule schedule,
    double validationFraction,
    int augmentShift,
    long seed,
    int threads,
    @JsonDefault("THROW") NonFinitePolicy nonFinitePolicy) {

  /** The learning rate as a function of the step. */
  public enum Schedule {
    /** {@code learningRate} at every step. */
    CONSTANT,
    /**
     * Cosine annealing from {@code learningRate} at the first step to {@code learningRate / 100} at
     * the last step of the run.
     */
    COSINE
  }

  /**
   * Validates every field; each message names the field, the rule and the value.
   *
   * @param hiddenSize see the record description
   * @param numLayers see the record description
   * @param bidirectional see the record description
   * @param dropout see the record description
   * @param readout see the record description
   * @param batchSize see the record description
   * @param epochs see the record description
   * @param learningRate see the record description
   * @param weightDecay see the record description
   * @param gradientClip see the record description
   * @param schedule see the record description
   * @param validationFraction see the record description
   * @param augmentShift see the record description
   * @param seed see the record description
   * @param threads see the record description
   * @param nonFinitePolicy see the record description
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if {@code readout}, {@code schedule} or {@code nonFinitePolicy} is
   *     null
   */
  public ClassifierConfig {
    LstmConfig.checkStack(hiddenSize, numLayers, dropout);
    Objects.requireNonNull(readout, "readout");
    Checks.positive("batchSize", batchSize);
    Checks.positive("epochs", epochs);
    OptimizerConfig.checkRates(learningRate, weightDecay);
    Checks.nonNegativeFinite("gradientClip", gradientClip);
    Objects.requireNonNull(schedule, "schedule");
    Checks.inHalfOpenRange("validationFraction", validationFraction, 0.0, 1.0);
    Checks.nonNegative("augmentShift", augmentShift);
    Checks.positive("threads", threads);
    Objects.requireNonNull(nonFinitePolicy, "nonFinitePolicy");
  }

  /**
   * Returns the default config (see the class description).
   *
   * @return 1 × 128 units, last hidden state, batch 128, 5 epochs, Adam 3e-3 with cosine decay,
   *     clipping at 5, 1/12 held out, no augmentation, seed 42, 1 thread, throw on non-finite steps
   */
  public static ClassifierConfig defaults() {
    return new ClassifierConfig(
        128,
        1,
        false,
        0.0,
        Readout.LAST_HIDDEN,
        128,
        5,
        3e-3,
        0.0,
        5.0,
        Schedule.COSINE,
        1.0 / 12,
        0,
        42,
        1,
        NonFinitePolicy.THROW);
  }

  /**
   * Returns the number of LSTM directions D.
   *
   * @return 2 if bidirectional, else 1
   */
  public int numDirections() {
    return bidirectional ? 2 : 1;
  }

  /**
   * Returns a copy with another {@code hiddenSize}.
   *
   * @param value the new {@code hiddenSize} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withHiddenSize(int value) {
    return Records.with(this, "hiddenSize", value);
  }

  /**
   * Returns a copy with another {@code numLayers}.
   *
   * @param value the new {@code numLayers} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withNumLayers(int value) {
    return Records.with(this, "numLayers", value);
  }

  /**
   * Returns a copy with another {@code bidirectional}.
   *
   * @param value the new {@code bidirectional} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withBidirectional(boolean value) {
    return Records.with(this, "bidirectional", value);
  }

  /**
   * Returns a copy with another {@code dropout}.
   *
   * @param value the new {@code dropout} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withDropout(double value) {
    return Records.with(this, "dropout", value);
  }

  /**
   * Returns a copy with another {@code readout}.
   *
   * @param value the new {@code readout} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withReadout(Readout value) {
    return Records.with(this, "readout", value);
  }

  /**
   * Returns a copy with another {@code batchSize}.
   *
   * @param value the new {@code batchSize} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withBatchSize(int value) {
    return Records.with(this, "batchSize", value);
  }

  /**
   * Returns a copy with another {@code epochs}.
   *
   * @param value the new {@code epochs} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withEpochs(int value) {
    return Records.with(this, "epochs", value);
  }

  /**
   * Returns a copy with another {@code learningRate}.
   *
   * @param value the new {@code learningRate} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withLearningRate(double value) {
    return Records.with(this, "learningRate", value);
  }

  /**
   * Returns a copy with another {@code weightDecay}.
   *
   * @param value the new {@code weightDecay} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withWeightDecay(double value) {
    return Records.with(this, "weightDecay", value);
  }

  /**
   * Returns a copy with another {@code gradientClip}.
   *
   * @param value the new {@code gradientClip} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withGradientClip(double value) {
    return Records.with(this, "gradientClip", value);
  }

  /**
   * Returns a copy with another {@code schedule}.
   *
   * @param value the new {@code schedule} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withSchedule(Schedule value) {
    return Records.with(this, "schedule", value);
  }

  /**
   * Returns a copy with another {@code validationFraction}.
   *
   * @param value the new {@code validationFraction} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withValidationFraction(double value) {
    return Records.with(this, "validationFraction", value);
  }

  /**
   * Returns a copy with another {@code augmentShift}.
   *
   * @param value the new {@code augmentShift} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withAugmentShift(int value) {
    return Records.with(this, "augmentShift", value);
  }

  /**
   * Returns a copy with another {@code seed}.
   *
   * @param value the new {@code seed} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withSeed(long value) {
    return Records.with(this, "seed", value);
  }

  /**
   * Returns a copy with another {@code threads}.
   *
   * @param value the new {@code threads} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withThreads(int value) {
    return Records.with(this, "threads", value);
  }

  /**
   * Returns a copy with another {@code nonFinitePolicy}.
   *
   * @param value the new {@code nonFinitePolicy} (see the record description)
   * @return the new config
   */
  public ClassifierConfig withNonFinitePolicy(NonFinitePolicy value) {
    return Records.with(this, "nonFinitePolicy", value);
  }
}
