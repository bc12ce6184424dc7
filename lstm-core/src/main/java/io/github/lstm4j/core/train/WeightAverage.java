package io.github.lstm4j.core.train;

/**
 * An exponential moving average of the weights (Polyak averaging), updated after every applied
 * step:
 *
 * <pre>
 * w̄ ← w                      at the first averaged step
 * w̄ ← w̄ + (1 − d)·(w − w̄)    after, i.e. d·w̄ + (1 − d)·w
 * </pre>
 *
 * <p>This is PyTorch's {@code AveragedModel} with {@code get_ema_multi_avg_fn(d)} and Keras' {@code
 * use_ema=True, ema_momentum=d}: both copy the weights at the first update, and both write the
 * update as the lerp above. The average smooths the noise of the last steps out of the weights that
 * are validated and kept, which generalises better than the last iterate when a model overfits.
 *
 * <p>Not thread-safe; the {@link Trainer} owns it.
 */
final class WeightAverage {
  private final float rate; // 1 − d
  private final float[] average; // (P), the weights' average
  private long steps; // applied steps averaged so far

  WeightAverage(double decay, int parameterCount) {
    this.rate = (float) (1 - decay);
    this.average = new float[parameterCount];
  }

  /** Folds the weights after an applied step into the average. */
  void update(float[] weights) {
    if (steps++ == 0) {
      System.arraycopy(weights, 0, average, 0, average.length);
      return;
    }
    for (int i = 0; i < average.length; i++) {
      average[i] += rate * (weights[i] - average[i]);
    }
  }

  /** Whether a step has been averaged yet: before one, the average holds no weights. */
  boolean isEmpty() {
    return steps == 0;
  }

  /** The average, live: (P). */
  float[] values() {
    return average;
  }

  /** The number of steps averaged, for a checkpoint. */
  long steps() {
    return steps;
  }

  /** Puts a checkpoint's average back. */
  void restore(float[] values, long averagedSteps) {
    System.arraycopy(values, 0, average, 0, average.length);
    this.steps = averagedSteps;
  }
}
