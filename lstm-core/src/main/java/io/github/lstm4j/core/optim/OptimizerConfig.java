package io.github.lstm4j.core.optim;

import io.github.lstm4j.core.Checks;
import java.util.Objects;

/**
 * The one way to build an optimizer: a name, a learning rate and a weight decay, every other
 * hyper-parameter at PyTorch's default (Adam and AdamW: betas (0.9, 0.999), eps 1e-8; SGD: momentum
 * 0; RMSprop: alpha 0.99, eps 1e-8; Adagrad: eps 1e-10). AdamW's PyTorch default decay is 0.01, the
 * others' 0.
 *
 * <pre>{@code
 * Optimizer adam = OptimizerConfig.of(OptimizerConfig.Kind.ADAMW, 2e-3).create();
 * }</pre>
 *
 * @param kind which update rule
 * @param learningRate the (peak) learning rate, finite and {@code > 0}
 * @param weightDecay L2 (decoupled for AdamW), finite and {@code >= 0}
 */
public record OptimizerConfig(Kind kind, double learningRate, double weightDecay) {
  /** The update rules, by PyTorch's names. */
  public enum Kind {
    /** {@code torch.optim.SGD}. */
    SGD,
    /** {@code torch.optim.Adam}. */
    ADAM,
    /** {@code torch.optim.AdamW}. */
    ADAMW,
    /** {@code torch.optim.RMSprop}. */
    RMSPROP,
    /** {@code torch.optim.Adagrad}. */
    ADAGRAD
  }

  /**
   * Adam, or AdamW when there is weight decay: decay decoupled from the gradient's moments, never
   * Adam's L2 penalty (how the text and vision models train).
   *
   * @param learningRate the step size, finite and {@code > 0}
   * @param weightDecay AdamW's decay, finite and {@code >= 0}; 0 gives plain Adam
   * @return the config
   */
  public static OptimizerConfig adamOrAdamW(double learningRate, double weightDecay) {
    return weightDecay > 0
        ? new OptimizerConfig(Kind.ADAMW, learningRate, weightDecay)
        : new OptimizerConfig(Kind.ADAM, learningRate, 0.0);
  }

  /**
   * Validates the fields.
   *
   * @param kind see the record description
   * @param learningRate see the record description
   * @param weightDecay see the record description
   */
  public OptimizerConfig {
    Objects.requireNonNull(kind, "kind");
    checkRates(learningRate, weightDecay);
  }

  /**
   * Checks an optimizer's rates as this record does, for the model configs that hold them: a finite
   * {@code learningRate > 0} and a finite {@code weightDecay >= 0}.
   *
   * <pre>{@code
   * OptimizerConfig.checkRates(learningRate, weightDecay); // in a config's compact constructor
   * }</pre>
   *
   * @param learningRate the (peak) learning rate
   * @param weightDecay the decoupled weight decay; 0 for plain Adam
   * @throws IllegalArgumentException naming the rate out of range and its value
   */
  public static void checkRates(double learningRate, double weightDecay) {
    Checks.positiveFinite("learningRate", learningRate);
    Checks.nonNegativeFinite("weightDecay", weightDecay);
  }

  /**
   * An optimizer with PyTorch's default weight decay for its kind.
   *
   * @param kind which update rule
   * @param learningRate the learning rate
   * @return the config
   */
  public static OptimizerConfig of(Kind kind, double learningRate) {
    return new OptimizerConfig(kind, learningRate, kind == Kind.ADAMW ? 0.01 : 0.0);
  }

  /**
   * Returns a copy with another learning rate.
   *
   * @param value the learning rate
   * @return the new config
   */
  public OptimizerConfig withLearningRate(double value) {
    return new OptimizerConfig(kind, value, weightDecay);
  }

  /**
   * Returns a copy with another weight decay.
   *
   * @param value the weight decay
   * @return the new config
   */
  public OptimizerConfig withWeightDecay(double value) {
    return new OptimizerConfig(kind, learningRate, value);
  }

  /**
   * Builds a fresh optimizer (no state yet).
   *
   * @return the optimizer
   */
  public Optimizer create() {
    return switch (kind) {
      case SGD -> new Sgd(learningRate, 0.0, false, weightDecay);
      case ADAM -> new Adam(learningRate, 0.9, 0.999, 1e-8, weightDecay);
      case ADAMW -> new AdamW(learningRate, 0.9, 0.999, 1e-8, weightDecay);
      case RMSPROP -> new RmsProp(learningRate, 0.99, 1e-8, weightDecay);
      case ADAGRAD -> new Adagrad(learningRate, 1e-10, weightDecay);
    };
  }
}
