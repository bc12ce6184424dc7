package io.github.lstm4j.core.train;

import java.util.Map;

/**
 * One validation during training: when it ran, the training loss around it, the task's metrics, and
 * whether the deciding metric was the best so far.
 *
 * @param step steps done when it ran
 * @param epoch the 0-based epoch it ran in
 * @param trainLoss the mean training loss of the steps since the previous validation
 * @param metrics the task's validation metrics, in the task's order
 * @param best whether the deciding metric is the best so far (its weights are then kept)
 * @param elapsedSeconds training time so far, across resumes
 */
public record Evaluation(
    long step,
    int epoch,
    double trainLoss,
    Map<String, Double> metrics,
    boolean best,
    double elapsedSeconds) {
  /**
   * Copies the metrics so that the record is immutable.
   *
   * @param step see the record description
   * @param epoch see the record description
   * @param trainLoss see the record description
   * @param metrics see the record description
   * @param best see the record description
   * @param elapsedSeconds see the record description
   */
  public Evaluation {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }

  /**
   * Returns one metric.
   *
   * @param name the metric's name
   * @return its value, NaN if the task did not report it
   */
  public double metric(String name) {
    return metrics.getOrDefault(name, Double.NaN);
  }
}
