package io.github.lstm4j.core.optim;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.nn.Param;
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
 * <p>Every step is guarded: before any weight or state is touched, one pass over the gradients (and
 * the loss, when given) checks that they are finite. A non-finite step changes nothing; the {@link
 * NonFinitePolicy} decides whether it throws (the default) or is skipped and counted. The pass
 * reads the gradients once, which costs a fraction of the update that follows and allocates
 * nothing.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(2e-3);
 * params.zeroGrad(); ...forward, loss, backward...; adam.step(params, loss);
 * }</pre>
 */
public abstract class Optimizer {
  private final String[] stateNames;
  private final Map<String, float[]> state = new LinkedHashMap<>();
  private double learningRate;
  private long stepCount;
  private NonFinitePolicy nonFinitePolicy = NonFinitePolicy.THROW;
  private long skippedSteps;

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
   * Applies one update using the current gradients, then counts the step; a gradient that is NaN or
   * infinite makes it a non-finite step, which changes nothing (see {@link NonFinitePolicy}).
   *
   * @param params the parameters and their gradients
   * @return true if the update was applied, false if it was skipped as non-finite
   * @throws ArithmeticException if a gradient is not finite and the policy is {@link
   *     NonFinitePolicy#THROW}; the message names the step and the first non-finite gradient
   * @throws IllegalArgumentException if the optimizer was used with another number of parameters
   */
  public final boolean step(Parameters params) {
    int n = checkCount(params);
    int bad = firstNonFinite(params.grads(), n);
    if (bad >= 0) {
      return nonFinite(
          "step " + attemptedStep() + " must have finite gradients, got " + gradient(params, bad));
    }
    apply(params, n);
    return true;
  }

  /**
   * Applies one update, as {@link #step(Parameters)} does, after also checking the loss the
   * gradients come from: a NaN or infinite loss makes it a non-finite step too.
   *
   * @param params the parameters and their gradients
   * @param loss the loss of the batch the gradients were computed on
   * @return true if the update was applied, false if it was skipped as non-finite
   * @throws ArithmeticException if the loss or a gradient is not finite and the policy is {@link
   *     NonFinitePolicy#THROW}; the message names the step, the loss and the first non-finite
   *     gradient
   * @throws IllegalArgumentException if the optimizer was used with another number of parameters
   */
  public final boolean step(Parameters params, double loss) {
    int n = checkCount(params);
    int bad = firstNonFinite(params.grads(), n);
    if (bad >= 0 || !Double.isFinite(loss)) {
      return nonFinite(
          "step "
              + attemptedStep()
              + " must have a finite loss and gradients, got loss "
              + Checks.format(loss)
              + " and "
              + (bad >= 0 ? gradient(params, bad) : "finite gradients"));
    }
    apply(params, n);
    return true;
  }

  private int checkCount(Parameters params) {
    Objects.requireNonNull(params, "params");
    int n = params.count();
    for (String name : stateNames) {
      float[] buffer = state.get(name);
      if (buffer != null && buffer.length != n) {
        throw new IllegalArgumentException(
            "params must have the "
                + buffer.length
                + " values this optimizer was used with, got "
                + n);
      }
    }
    return n;
  }

  /** Creates the state buffers at the first step, counts the step and runs the update rule. */
  private void apply(Parameters params, int n) {
    for (String name : stateNames) {
      if (!state.containsKey(name)) {
        state.put(name, new float[n]);
      }
    }
    stepCount++;
    update(params.values(), params.grads(), n, stepCount);
  }

  /**
   * Returns the index of the first NaN or infinite value in {@code a[0, n)}, or -1 if all are
   * finite.
   */
  static int firstNonFinite(float[] a, int n) {
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(a[i])) {
        return i;
      }
    }
    return -1;
  }

  /** The number of this step among all steps asked for, applied or skipped, 1-based. */
  private long attemptedStep() {
    return stepCount + skippedSteps + 1;
  }

  /** Names a gradient by parameter and position: {@code weight_hh_l0[3, 17] = NaN (index 1041)}. */
  private static String gradient(Parameters params, int index) {
    String value = Checks.format(params.grads()[index]);
    for (Param p : params.list()) {
      int local = index - p.offset();
      if (local >= 0 && local < p.size()) {
        int[] shape = p.shape();
        int[] position = new int[shape.length];
        for (int axis = shape.length - 1; axis >= 0; axis--) {
          position[axis] = local % shape[axis];
          local /= shape[axis];
        }
        String at = Arrays.toString(position);
        return "gradient of "
            + p.name()
            + (shape.length == 0 ? "" : at)
            + " = "
            + value
            + " (flat index "
            + index
            + ")";
      }
    }
    return "gradient " + value + " at flat index " + index; // not reached: params tile the array
  }

  /** Throws or counts a non-finite step, as the policy says; nothing has been changed. */
  private boolean nonFinite(String problem) {
    if (nonFinitePolicy == NonFinitePolicy.THROW) {
      throw new ArithmeticException(
          problem
              + "; no weight or optimizer state was changed (NonFinitePolicy.SKIP skips such"
              + " steps)");
    }
    skippedSteps++;
    return false;
  }

  /**
   * Returns what a non-finite step does.
   *
   * @return the policy, {@link NonFinitePolicy#THROW} unless changed
   */
  public NonFinitePolicy nonFinitePolicy() {
    return nonFinitePolicy;
  }

  /**
   * Chooses what a non-finite step does.
   *
   * @param policy throw (the default) or skip and count
   */
  public void setNonFinitePolicy(NonFinitePolicy policy) {
    this.nonFinitePolicy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * Returns how many steps were skipped as non-finite (under {@link NonFinitePolicy#SKIP}). This
   * count is not part of {@link #state()} and is not saved by a checkpoint.
   *
   * @return the number of skipped steps
   */
  public long skippedSteps() {
    return skippedSteps;
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
   * Returns how many steps have been applied (skipped steps do not count).
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
