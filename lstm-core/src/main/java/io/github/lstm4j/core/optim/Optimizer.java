package io.github.lstm4j.core.optim;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.nn.Parameters;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Updates {@link Parameters#values()} from {@link Parameters#grads()}, one flat loop over all
 * parameters per step.
 *
 * <p>Subclasses keep their per-parameter state (moments, accumulators) in named flat arrays of the
 * same length as the parameters, created at the first step; {@link #state()} exposes them so that a
 * checkpoint can save them and {@link #restoreState} can put them back for an exact resume.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(2e-3);
 * params.zeroGrad(); ...backward...; adam.step(params);
 * }</pre>
 */
public abstract class Optimizer {
  private final String[] stateNames;
  private final Map<String, float[]> state = new LinkedHashMap<>();
  private double learningRate;
  private long stepCount;

  /**
   * Creates an optimizer with the given learning rate and state buffer names.
   *
   * @param learningRate the step size, finite and {@code > 0}
   * @param stateNames the names of the per-parameter state arrays
   */
  protected Optimizer(double learningRate, String... stateNames) {
    this.learningRate = Checks.positiveFinite("learningRate", learningRate);
    this.stateNames = stateNames.clone();
  }

  /**
   * Applies one update using the current gradients, then counts the step.
   *
   * @param params the parameters and their gradients
   */
  public final void step(Parameters params) {
    Objects.requireNonNull(params, "params");
    int n = params.count();
    for (String name : stateNames) {
      float[] buffer = state.get(name);
      if (buffer == null) {
        state.put(name, new float[n]);
      } else if (buffer.length != n) {
        throw new IllegalArgumentException(
            "params must have the "
                + buffer.length
                + " values this optimizer was used with, got "
                + n);
      }
    }
    stepCount++;
    update(params.values(), params.grads(), n, stepCount);
  }

  /**
   * The update rule.
   *
   * @param values the parameters, updated in place
   * @param grads their gradients
   * @param n how many parameters
   * @param step the 1-based number of this step
   */
  protected abstract void update(float[] values, float[] grads, int n, long step);

  /**
   * Returns a state buffer by name (created at the first step).
   *
   * @param name one of the names given to the constructor
   * @return the live array
   */
  protected final float[] buffer(String name) {
    return state.get(name);
  }

  /**
   * Returns the current learning rate.
   *
   * @return the step size
   */
  public double learningRate() {
    return learningRate;
  }

  /**
   * Changes the learning rate (a schedule calls this before each step).
   *
   * @param value the new step size, finite and {@code > 0}
   */
  public void setLearningRate(double value) {
    this.learningRate = Checks.positiveFinite("learningRate", value);
  }

  /**
   * Returns how many steps have been taken.
   *
   * @return the step count
   */
  public long stepCount() {
    return stepCount;
  }

  /**
   * Returns the per-parameter state arrays by name (live; empty before the first step).
   *
   * @return an unmodifiable view
   */
  public Map<String, float[]> state() {
    return Collections.unmodifiableMap(state);
  }

  /**
   * Restores the step count and state arrays saved from an optimizer of the same kind.
   *
   * @param stepCount the saved step count, {@code >= 0}
   * @param saved the saved arrays, one per state name, each of the parameter count
   * @throws IllegalArgumentException if names or lengths do not match
   */
  public void restoreState(long stepCount, Map<String, float[]> saved) {
    Checks.argument(stepCount >= 0, "stepCount must be >= 0, got " + stepCount);
    Objects.requireNonNull(saved, "saved");
    if (stepCount > 0 || !saved.isEmpty()) {
      Checks.argument(
          saved.keySet().equals(new java.util.HashSet<>(Arrays.asList(stateNames))),
          "saved state must have the arrays "
              + Arrays.toString(stateNames)
              + ", got "
              + saved.keySet());
    }
    state.clear();
    for (String name : stateNames) {
      float[] buffer = saved.get(name);
      if (buffer != null) {
        state.put(name, buffer.clone());
      }
    }
    this.stepCount = stepCount;
  }
}
