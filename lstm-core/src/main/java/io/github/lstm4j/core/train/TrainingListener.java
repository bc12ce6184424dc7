package io.github.lstm4j.core.train;

/**
 * Where a {@link Trainer}'s progress goes: every step, every validation and every epoch's end. The
 * library itself prints nothing; a command line draws a progress bar from these, a {@link
 * MetricsLog} writes them to a file.
 *
 * <pre>{@code
 * TrainingListener listener = new TrainingListener() {
 *   public void onEvaluation(Evaluation e) { System.out.println(e.metrics()); }
 * };
 * }</pre>
 */
public interface TrainingListener {
  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * Called after every step, applied or skipped.
   *
   * @param progress where training stands
   */
  default void onStep(Progress progress) {}

  /**
   * Called after every validation.
   *
   * @param evaluation the metrics and whether they are the best so far
   */
  default void onEvaluation(Evaluation evaluation) {}

  /**
   * Called after the last step of every epoch (after its validation), and after the last step of a
   * run that the time budget or early stopping ends within an epoch: the moment to print a sample
   * or save a snapshot.
   *
   * @param progress where training stands after that step
   */
  default void onEpochEnd(Progress progress) {}

  /**
   * Calls both listeners, {@code this} first.
   *
   * @param other the second listener
   * @return a listener that forwards to both
   */
  default TrainingListener andThen(TrainingListener other) {
    TrainingListener first = this;
    return new TrainingListener() {
      @Override
      public void onStep(Progress progress) {
        first.onStep(progress);
        other.onStep(progress);
      }

      @Override
      public void onEvaluation(Evaluation evaluation) {
        first.onEvaluation(evaluation);
        other.onEvaluation(evaluation);
      }

      @Override
      public void onEpochEnd(Progress progress) {
        first.onEpochEnd(progress);
        other.onEpochEnd(progress);
      }
    };
  }

  /**
   * Where training stands after a step.
   *
   * @param step steps done, applied or skipped (1 after the first)
   * @param plannedSteps the steps the epochs plan (a time budget may end earlier)
   * @param epoch the 0-based epoch of this step
   * @param loss this step's mean loss
   * @param learningRate the rate this step used
   * @param examplesPerSecond training throughput since the run (or resume) started
   * @param elapsedSeconds training time so far, across resumes
   * @param etaSeconds the estimated time to the planned end, by the epoch or the time budget
   * @param skippedSteps non-finite steps skipped so far
   */
  record Progress(
      long step,
      long plannedSteps,
      int epoch,
      double loss,
      double learningRate,
      double examplesPerSecond,
      double elapsedSeconds,
      double etaSeconds,
      long skippedSteps) {
    /**
     * Returns the planned fraction done.
     *
     * @return in [0, 1]
     */
    public double fraction() {
      return Math.min(1.0, (double) step / plannedSteps);
    }
  }
}
