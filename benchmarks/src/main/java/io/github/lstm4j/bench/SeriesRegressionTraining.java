package io.github.lstm4j.bench;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.MeanSquaredError;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.nn.Reduction;
import io.github.lstm4j.core.tensor.Tensor;

/**
 * W6: time-series regression. Fixed N(0, 1) windows (T, B, I) and targets (B, 1); the head reads
 * the top layer's last step ({@link Readout#LAST_HIDDEN}) and the loss is the mean squared error,
 * as {@code nn.MSELoss()} on {@code head(out[:, -1, :])} in the reference script.
 */
final class SeriesRegressionTraining extends TrainingWorkload {
  private final Tensor windows; // (T, B, I)
  private final Tensor targets; // (B, V)
  private final LstmCache cache;
  private final LastStepHead lastStep;
  private final Tensor prediction; // (B, V)
  private final Tensor dPrediction; // (B, V)
  private final MeanSquaredError loss = new MeanSquaredError(Reduction.MEAN);

  SeriesRegressionTraining(WorkloadShape shape, ComputeContext ctx) {
    super(shape, ctx);
    int seqLen = shape.seqLen();
    int batch = shape.batchSize();
    Rng data = new Rng(DATA_SEED);
    this.windows = gaussian(data, seqLen, batch, shape.inputSize());
    this.targets = gaussian(data, batch, shape.outputSize());
    // The windows are data: backward skips ∂L/∂input, as PyTorch does.
    this.cache = lstm.newTrainingCacheWithoutInputGradient(seqLen, batch, new Rng(DROPOUT_SEED));
    this.lastStep = new LastStepHead(this, seqLen, batch);
    this.prediction = Tensor.zeros(batch, shape.outputSize());
    this.dPrediction = Tensor.zeros(batch, shape.outputSize());
  }

  @Override
  double forwardBackward() {
    lstm.forward(ctx, windows, cache);
    lastStep.forward(cache, prediction);
    double value = loss.forward(prediction, targets);
    loss.backward(prediction, targets, dPrediction);
    lstm.backward(ctx, lastStep.backward(cache, dPrediction), cache);
    return value;
  }
}
