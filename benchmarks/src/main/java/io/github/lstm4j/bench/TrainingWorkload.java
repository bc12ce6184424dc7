package io.github.lstm4j.bench;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.optim.Adam;

/**
 * A workload whose step is one training step, as in {@code pytorch_lstm.py}: zeroGrad, then the
 * subclass's forward, loss and full backward on its fixed batch, then Adam (lr 10⁻³).
 */
abstract sealed class TrainingWorkload extends WorkloadModel
    permits CharLmTraining,
        MnistTraining,
        SequenceClassificationTraining,
        SeriesRegressionTraining {
  private final Adam adam = new Adam(LEARNING_RATE);

  TrainingWorkload(WorkloadShape shape, ComputeContext ctx) {
    super(shape, ctx);
  }

  /** Runs one training step and returns its mean loss. */
  @Override
  public final double step() {
    params.zeroGrad();
    double loss = forwardBackward();
    adam.step(params);
    return loss;
  }

  /**
   * Runs the forward pass, the loss and the backward pass, which leaves every gradient in {@code
   * params}.
   *
   * @return the mean loss of the batch
   */
  abstract double forwardBackward();
}
