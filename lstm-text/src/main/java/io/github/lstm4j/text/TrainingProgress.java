package io.github.lstm4j.text;

/**
 * A snapshot of a running {@link CharLstm#fit} for a {@link TrainingListener}.
 *
 * @param step optimizer steps taken so far (1-based after the first step)
 * @param plannedSteps the steps the run plans (epochs × windows per epoch)
 * @param epoch the current epoch, 1-based
 * @param trainLoss the mean training loss of the latest step, nats per token
 * @param validationLoss the latest validation loss in nats per token, NaN before the first
 *     evaluation or without validation text
 * @param tokensPerSecond training throughput since the run started
 * @param learningRate the learning rate of the latest step
 * @param elapsedSeconds wall-clock seconds since the run started
 * @param fraction the estimated part of the run that is done, in [0, 1] (steps or time, whichever
 *     limit comes first)
 * @param skippedSteps steps of the run left out because their loss or gradient was not finite
 *     ({@link CharLstmConfig#nonFinitePolicy()} SKIP; always 0 under THROW); they count in {@code
 *     step} but changed nothing
 */
public record TrainingProgress(
    long step,
    long plannedSteps,
    int epoch,
    double trainLoss,
    double validationLoss,
    double tokensPerSecond,
    double learningRate,
    double elapsedSeconds,
    double fraction,
    long skippedSteps) {

  /**
   * Estimates the seconds left.
   *
   * @return the remaining time at the current pace, or NaN before any progress
   */
  public double etaSeconds() {
    return fraction > 0 ? elapsedSeconds * (1 - fraction) / fraction : Double.NaN;
  }
}
