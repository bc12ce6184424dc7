package io.github.lstm4j.bench;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.MeanSquaredError;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.nn.Reduction;
import io.github.lstm4j.core.optim.Adam;
import io.github.lstm4j.core.tensor.Tensor;

/**
 * W6: time-series regression. Fixed N(0, 1) windows (T, B, I) and targets (B, 1); the head reads
 * the top layer's last step ({@link Readout#LAST_HIDDEN}) and the loss is the mean squared error,
 * as {@code nn.MSELoss()} on {@code head(out[:, -1, :])} in the reference script.
 */
final class SeriesRegressionTraining extends WorkloadModel {
  private final Tensor windows; // (T, B, I)
  private final Tensor targets; // (B, V)
  private final LstmCache cache;
  private final LastStepHead lastStep;
  private final Tensor prediction; // (B, V)
  private final Tensor dPrediction; // (B, V)
  private final MeanSquaredError loss = new MeanSquaredError(Reduction.MEAN);
  private final Adam adam = new Adam(LEARNING_RATE);

  SeriesRegressionTraining(WorkloadShape shape, ComputeContext ctx) {
    super(shape, ctx);
    int seqLen = shape.seqLen();
    int batch = shape.batchSize();
    Rng data = new Rng(DATA_SEED);
    this.windows = Tensor.zeros(seqLen, batch, shape.inputSize());
    for (int i = 0; i < windows.size(); i++) {
      windows.data()[i] = (float) data.nextGaussian();
    }
    this.targets = Tensor.zeros(batch, shape.outputSize());
    for (int i = 0; i < targets.size(); i++) {
      targets.data()[i] = (float) data.nextGaussian();
    }
    // The windows are data: backward skips ∂L/∂input, as PyTorch does.
    this.cache = lstm.newTrainingCacheWithoutInputGradient(seqLen, batch, new Rng(DROPOUT_SEED));
    this.lastStep = new LastStepHead(this, seqLen, batch);
    this.prediction = Tensor.zeros(batch, shape.outputSize());
    this.dPrediction = Tensor.zeros(batch, shape.outputSize());
  }

  @Override
  public double step() {
    params.zeroGrad();
    lstm.forward(ctx, windows, cache);
    lastStep.forward(cache, prediction);
    double value = loss.forward(prediction, targets);
    loss.backward(prediction, targets, dPrediction);
    lstm.backward(ctx, lastStep.backward(cache, dPrediction), cache);
    adam.step(params);
    return value;
  }
}
