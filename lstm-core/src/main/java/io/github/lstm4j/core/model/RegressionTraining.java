package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.TrainingCheckpoint;
import io.github.lstm4j.core.nn.ElementwiseLoss;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.train.Evaluation;
import io.github.lstm4j.core.train.Trainer;
import io.github.lstm4j.core.train.TrainerConfig;
import io.github.lstm4j.core.train.TrainingListener;
import io.github.lstm4j.core.train.TrainingResult;
import io.github.lstm4j.core.train.TrainingTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link SequenceRegressor}'s loss step and validation for the {@link Trainer}, with the buffers
 * of the two batch sizes an epoch has (full batches and the remainder), allocated once:
 *
 * <pre>
 * forward   x (T, B, I) → LSTM (T, B, H) → last hidden (B, H) → head ŷ (B, F) → loss(ŷ, y)
 * backward  dŶ (B, F) → head → dFeatures (B, H) → readout → dOutput (T, B, H) → LSTM
 * </pre>
 */
final class RegressionTraining implements TrainingTask {
  private final SequenceRegressor model;
  private final RegressionData train;
  private final RegressionData validation;
  private final ElementwiseLoss loss;
  private final Rng dropoutRng;
  private final int seqLen; // T, the longest training sequence
  private final Map<Integer, Buffers> buffers = new LinkedHashMap<>(); // by batch size
  private ComputeContext ctx;

  /** The training buffers of one batch size. */
  private static final class Buffers {
    final LstmCache cache;
    final Tensor x; // (T, B, I)
    final int[] lengths; // (B)
    final Tensor features; // (B, H)
    final Tensor out; // (B, F)
    final Tensor target; // (B, F)
    final Tensor dOut; // (B, F)
    final Tensor dFeatures; // (B, H)
    final Tensor dOutput; // (T, B, H)

    Buffers(SequenceRegressor model, int seqLen, int batch, Rng dropoutRng) {
      int hidden = model.config().hiddenSize();
      cache = model.lstm().newTrainingCacheWithoutInputGradient(seqLen, batch, dropoutRng);
      x = Tensor.zeros(seqLen, batch, model.inputSize());
      lengths = new int[batch];
      features = Tensor.zeros(batch, hidden);
      out = Tensor.zeros(batch, model.outputSize());
      target = Tensor.zeros(batch, model.outputSize());
      dOut = Tensor.zeros(batch, model.outputSize());
      dFeatures = Tensor.zeros(batch, hidden);
      dOutput = Tensor.zeros(seqLen, batch, hidden);
    }
  }

  RegressionTraining(SequenceRegressor model, RegressionData train, RegressionData validation) {
    this.model = model;
    model.checkSizes(train);
    model.checkSizes(validation);
    Checks.argument(train.size() > 0, "train must have at least one sequence, got 0");
    this.train = train;
    this.validation = validation;
    RegressorConfig config = model.config();
    this.loss = config.loss().create(config.huberDelta());
    this.dropoutRng = new Rng(config.seed()).split().split(); // apart from the init streams
    this.seqLen = train.maxLength();
  }

  /**
   * Runs the trainer, from a checkpoint if {@code saved} is not null, writing a checkpoint with
   * {@code metadata} after every epoch if {@code checkpoint} is not null.
   */
  TrainingResult run(
      TrainingListener listener,
      Path checkpoint,
      Map<String, String> metadata,
      TrainingCheckpoint saved) {
    Objects.requireNonNull(listener, "listener");
    try (ComputeContext context = ComputeContext.of(model.config().threads())) {
      ctx = context;
      TrainerConfig recipe = model.config().trainerConfig();
      // the cosine on the steps-or-budget clock: a run cut by maxMinutes ends at the rate's floor
      TrainerConfig plan =
          recipe.withSchedule(
              recipe.schedule().withClock(TrainerConfig.ScheduleClock.STEPS_OR_BUDGET));
      Trainer trainer = new Trainer(this, plan);
      if (saved != null) {
        trainer.restore(saved);
      }
      TrainingListener all = listener;
      if (checkpoint != null) {
        TrainingListener writer =
            new TrainingListener() {
              @Override
              public void onEvaluation(Evaluation evaluation) {
                try {
                  trainer.writeCheckpoint(checkpoint, metadata);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            };
        all = writer.andThen(listener);
      }
      return trainer.fit(all);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      ctx = null;
    }
  }

  @Override
  public io.github.lstm4j.core.nn.Parameters parameters() {
    return model.parameters();
  }

  @Override
  public int exampleCount() {
    return train.size();
  }

  @Override
  public double trainBatch(int[] order, int from, int count) {
    Buffers b = buffers.computeIfAbsent(count, n -> new Buffers(model, seqLen, n, dropoutRng));
    int outputs = model.outputSize();
    for (int k = 0; k < count; k++) {
      System.arraycopy(
          train.targets().get(order[from + k]), 0, b.target.data(), k * outputs, outputs);
    }
    model.fillBatch(train.sequences(), order, from, b.x, b.lengths);
    model.lstm().forward(ctx, b.x, b.lengths, b.cache); // (T, B, H)
    Readout.LAST_HIDDEN.forward(b.cache, b.features); // (B, H)
    model.head().forward(ctx, b.features, b.out); // (B, F)
    double value = loss.forward(b.out, b.target);
    loss.backward(b.out, b.target, b.dOut);
    model.head().backward(ctx, b.features, b.dOut, b.dFeatures);
    Readout.LAST_HIDDEN.backward(b.cache, b.dFeatures, b.dOutput);
    model.lstm().backward(ctx, b.dOutput, b.cache);
    return value;
  }

  @Override
  public Map<String, Double> validate() {
    if (validation.size() == 0) {
      return Map.of();
    }
    float[][] predicted = model.predictBatch(ctx, validation.sequences());
    int outputs = model.outputSize();
    Tensor out = Tensor.zeros(predicted.length, outputs);
    Tensor target = Tensor.zeros(predicted.length, outputs);
    for (int n = 0; n < predicted.length; n++) {
      System.arraycopy(predicted[n], 0, out.data(), n * outputs, outputs);
      System.arraycopy(validation.targets().get(n), 0, target.data(), n * outputs, outputs);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(SequenceRegressor.VALIDATION_METRIC, loss.forward(out, target));
    RegressionMetrics.Accumulator scores = new RegressionMetrics.Accumulator();
    for (int i = 0; i < out.data().length; i++) {
      scores.add(out.data()[i], target.data()[i]);
    }
    metrics.put("val_rmse", scores.metrics().rmse());
    return metrics;
  }

  @Override
  public Map<String, Rng> generators() {
    return Map.of("dropout", dropoutRng);
  }
}
