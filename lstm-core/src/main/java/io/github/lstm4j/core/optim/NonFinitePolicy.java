package io.github.lstm4j.core.optim;

/**
 * What an {@link Optimizer} does with a step whose loss or gradient holds a NaN or an infinity.
 * Either way the step changes no weight and no optimizer state (moments, accumulators, step
 * counter): a single bad batch cannot turn every weight into NaN.
 *
 * <pre>{@code
 * adam.setNonFinitePolicy(NonFinitePolicy.SKIP);
 * if (!adam.step(params, loss)) { ... adam.skippedSteps() counts it ... }
 * }</pre>
 *
 * <p>It is not a recovery strategy: a run whose weights have diverged produces non-finite steps
 * again and again; {@link #SKIP} is for the rare bad batch, and a caller that skips should watch
 * {@link Optimizer#skippedSteps()}.
 */
public enum NonFinitePolicy {
  /**
   * Throw an {@link ArithmeticException} naming the step, the loss and the first non-finite
   * gradient (its parameter, position and value); the default.
   */
  THROW,

  /** Leave the step out and count it in {@link Optimizer#skippedSteps()}. */
  SKIP
}
