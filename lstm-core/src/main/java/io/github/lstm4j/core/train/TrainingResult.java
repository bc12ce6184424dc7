package io.github.lstm4j.core.train;

import java.util.List;

/**
 * What a {@link Trainer#fit} run did.
 *
 * @param steps steps done, across resumes, applied or skipped
 * @param epochs epochs begun
 * @param skippedSteps non-finite steps skipped (policy SKIP)
 * @param stoppedEarly whether early stopping ended the run
 * @param outOfTime whether the time budget ended the run
 * @param best the validation whose weights the model now holds; empty if none ran
 * @param history every validation, in order, across resumes
 * @param elapsedSeconds training time, across resumes
 */
public record TrainingResult(
    long steps,
    int epochs,
    long skippedSteps,
    boolean stoppedEarly,
    boolean outOfTime,
    java.util.Optional<Evaluation> best,
    List<Evaluation> history,
    double elapsedSeconds) {
  /**
   * Copies the history.
   *
   * @param steps see the record description
   * @param epochs see the record description
   * @param skippedSteps see the record description
   * @param stoppedEarly see the record description
   * @param outOfTime see the record description
   * @param best see the record description
   * @param history see the record description
   * @param elapsedSeconds see the record description
   */
  public TrainingResult {
    history = List.copyOf(history);
  }
}
