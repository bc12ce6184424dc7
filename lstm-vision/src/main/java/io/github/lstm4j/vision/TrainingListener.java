package io.github.lstm4j.vision;

/**
 * Receives the progress of {@link RowLstmClassifier#fit}: an event after every training step and
 * one after every epoch. This is the only way progress leaves the library, which prints nothing.
 *
 * <p>Both methods run on the training thread between steps; a slow listener slows training.
 *
 * <pre>{@code
 * TrainingListener listener = new TrainingListener() {
 *   public void onEpoch(TrainingListener.Epoch e) {
 *     System.out.printf(Locale.ROOT, "epoch %d: validation %.4f%n", e.epoch(), e.validationAccuracy());
 *   }
 * };
 * }</pre>
 */
public interface TrainingListener {
  /**
   * Called after each training step.
   *
   * @param step what the step did and how far training is
   */
  default void onStep(Step step) {}

  /**
   * Called after each epoch, once the validation images (if any) have been classified.
   *
   * @param epoch the epoch's totals
   */
  default void onEpoch(Epoch epoch) {}

  /**
   * Returns a listener that ignores every event.
   *
   * @return a no-op listener
   */
  static TrainingListener none() {
    return new TrainingListener() {};
  }

  /**
   * One training step, with running totals of its epoch.
   *
   * @param epoch the 1-based epoch
   * @param epochs the number of epochs of the run
   * @param step the 1-based step of the run
   * @param totalSteps the number of steps of the run
   * @param imagesDone training images processed in this epoch so far
   * @param imagesPerEpoch training images per epoch
   * @param loss this step's mean cross-entropy in nats
   * @param meanLoss the mean cross-entropy over this epoch's images so far
   * @param trainAccuracy the share of this epoch's training images so far whose prediction (with
   *     augmentation and dropout applied) was right
   * @param imagesPerSecond training throughput of this epoch so far
   * @param learningRate the rate this step used
   * @param elapsedSeconds training time since the run started, validation excluded
   * @param skippedSteps steps of the run so far left out because their loss or gradient was not
   *     finite ({@link ClassifierConfig#nonFinitePolicy()} SKIP; always 0 under THROW); they count
   *     in {@code step} and {@code imagesDone}, but not in {@code meanLoss} or {@code
   *     trainAccuracy}
   */
  record Step(
      int epoch,
      int epochs,
      long step,
      long totalSteps,
      int imagesDone,
      int imagesPerEpoch,
      double loss,
      double meanLoss,
      double trainAccuracy,
      double imagesPerSecond,
      double learningRate,
      double elapsedSeconds,
      long skippedSteps) {

    /**
     * Returns the share of the run's steps done, for an ETA: {@code elapsed·(1 − f)/f}.
     *
     * @return {@code step / totalSteps}, in (0, 1]
     */
    public double runFraction() {
      return (double) step / totalSteps;
    }

    /**
     * Returns the share of this epoch's images done.
     *
     * @return {@code imagesDone / imagesPerEpoch}, in (0, 1]
     */
    public double epochFraction() {
      return (double) imagesDone / imagesPerEpoch;
    }
  }

  /**
   * The totals of one epoch.
   *
   * @param epoch the 1-based epoch
   * @param epochs the number of epochs of the run
   * @param images the number of training images in the epoch
   * @param meanLoss the mean cross-entropy over the epoch's training images, in nats
   * @param trainAccuracy the share of the epoch's training images predicted right during training
   * @param validationAccuracy the accuracy on the held-out images after the epoch; NaN when {@link
   *     ClassifierConfig#validationFraction()} is 0
   * @param imagesPerSecond training throughput of the epoch, validation excluded
   * @param trainingSeconds the epoch's training time, validation excluded
   * @param validationSeconds the time spent classifying the validation images
   * @param skippedSteps steps of the run so far left out as non-finite (see {@link
   *     Step#skippedSteps()}); {@code meanLoss} and {@code trainAccuracy} count only the images of
   *     applied steps
   */
  record Epoch(
      int epoch,
      int epochs,
      int images,
      double meanLoss,
      double trainAccuracy,
      double validationAccuracy,
      double imagesPerSecond,
      double trainingSeconds,
      double validationSeconds,
      long skippedSteps) {}
}
