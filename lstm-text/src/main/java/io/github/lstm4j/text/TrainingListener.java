package io.github.lstm4j.text;

/**
 * Receives progress from {@link CharLstm#fit}: the only way training reports anything (the library
 * never prints). Every method has an empty default, so implement only what you need.
 *
 * <pre>{@code
 * TrainingListener listener = new TrainingListener() {
 *   public void onStep(TrainingProgress p) { System.err.printf("%d %.3f%n", p.step(), p.trainLoss()); }
 * };
 * }</pre>
 */
public interface TrainingListener {
  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * Called after every optimizer step.
   *
   * @param progress the state of the run
   */
  default void onStep(TrainingProgress progress) {}

  /**
   * Called after each validation evaluation.
   *
   * @param progress the state of the run, with the new validation loss
   * @param improved whether this is the best validation loss so far
   */
  default void onEvaluation(TrainingProgress progress, boolean improved) {}

  /**
   * Called at the end of each epoch.
   *
   * @param progress the state of the run
   * @param model the model as trained so far (for samples); do not keep it past the call
   */
  default void onEpochEnd(TrainingProgress progress, CharLstm model) {}
}
