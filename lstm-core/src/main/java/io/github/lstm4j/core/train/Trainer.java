package io.github.lstm4j.core.train;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.io.ModelFile;
import io.github.lstm4j.core.io.TrainingCheckpoint;
import io.github.lstm4j.core.io.TrainingState;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.optim.GradientClipping;
import io.github.lstm4j.core.optim.LearningRateSchedule;
import io.github.lstm4j.core.optim.Optimizer;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.LongToDoubleFunction;

/**
 * The one training loop. Each step: the learning rate from the schedule, zeroed gradients, the
 * task's forward and backward over the next batch of the epoch's order (shuffled, or in order for a
 * task that carries state from batch to batch, see {@link TrainingTask#shuffle}), gradient
 * clipping, and a guarded optimizer step that changes nothing when the loss or a gradient is not
 * finite ({@link io.github.lstm4j.core.optim.NonFinitePolicy}). Validation runs every N steps and
 * at the end of every epoch (or at the end of every epoch only); the weights of the best validation
 * (by the configured metric) are kept and put back at the end; early stopping ends the run after
 * {@code patience} validations without a new best; a time budget ends it after the step that
 * crosses it, with a last validation. With {@link TrainerConfig#withEmaDecay weight averaging},
 * validation scores the moving average of the weights and the best kept is an average, while the
 * steps move the raw weights.
 *
 * <p>Everything a run depends on is in its state: the weights, the optimizer's moments, the step,
 * epoch and position, the order generator, the best weights, the weights' average, the task's
 * generators and the state it carries. {@link #writeCheckpoint} saves it and {@link #restore} puts
 * it back, so that a resumed run continues with the same bits as one that never stopped. The same
 * seed gives the same run, whatever the thread count of the task.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(task, TrainerConfig.defaults().withEpochs(5));
 * TrainingResult result = trainer.fit(listener);
 * trainer.writeCheckpoint(path, Map.of("config", json)); // resume: new Trainer(...).restore(...)
 * }</pre>
 */
public final class Trainer {
  private final TrainingTask task;
  private final TrainerConfig config;
  private final Parameters params;
  private final Optimizer optimizer;
  private final LearningRateSchedule schedule;
  private final int examples; // N
  private final long stepsPerEpoch;
  private final int[] order; // a permutation of [0, N), reshuffled at every epoch start
  private final Rng orderRng;
  private final List<Evaluation> history = new ArrayList<>();
  private final LongSupplier nanoClock; // System.nanoTime, or a test's clock
  private final double budgetSeconds; // 0: no time budget
  private final Optional<WeightAverage> average; // with emaDecay > 0
  private final float[] trained; // (P) the raw weights while the average is in the model, or empty

  private long startNanos; // the clock when the current fit began

  private long epochRngState; // orderRng's state when the current epoch's order was drawn
  private long step;
  private int epoch;
  private int position; // next index into order
  private long skipped;
  private double elapsedBefore; // seconds trained before this run (resume)
  private double elapsed; // seconds trained so far, across resumes
  private float[] bestValues; // the weights of the best validation, or null before one
  private float[] lastValues; // the weights training reached, while fit has put the best back
  private double bestMetric = Double.NaN;
  private Evaluation best;
  private int sinceBest; // validations since the best
  private double lossSum; // training losses since the last validation
  private long lossCount;

  /**
   * Prepares a run from step 0.
   *
   * @param task the model's loss step and validation
   * @param config how to train
   * @throws IllegalArgumentException if the task has no example, or the cosine's minLearningRate is
   *     above the optimizer's learningRate
   */
  public Trainer(TrainingTask task, TrainerConfig config) {
    this(task, config, System::nanoTime);
  }

  /**
   * Prepares a run whose time (budget, throughput, schedule clock) is read from {@code nanoClock}.
   */
  Trainer(TrainingTask task, TrainerConfig config, LongSupplier nanoClock) {
    this.task = Objects.requireNonNull(task, "task");
    this.config = Objects.requireNonNull(config, "config");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.budgetSeconds = config.maxMinutes() * 60;
    this.params = task.parameters();
    this.examples = task.exampleCount();
    if (examples < 1) {
      throw new IllegalArgumentException(
          "the task must have at least one training example, got " + examples);
    }
    this.stepsPerEpoch = (examples + config.batchSize() - 1) / config.batchSize();
    this.optimizer = config.optimizer().create();
    optimizer.setNonFinitePolicy(config.nonFinitePolicy());
    this.schedule = schedule(stepsPerEpoch * config.epochs());
    this.average =
        config.emaDecay() > 0
            ? Optional.of(new WeightAverage(config.emaDecay(), params.count()))
            : Optional.empty();
    this.trained = new float[average.isPresent() ? params.count() : 0];
    this.order = new int[examples];
    this.orderRng = new Rng(config.seed());
    this.epochRngState = orderRng.state();
    shuffle();
  }

  private LearningRateSchedule schedule(long plannedSteps) {
    double rate = config.optimizer().learningRate();
    TrainerConfig.Schedule s = config.schedule();
    int warmup = s.warmupSteps();
    return switch (s.kind()) {
      case CONSTANT -> warmedUp(LearningRateSchedule.constant(rate), warmup);
      case COSINE -> {
        // The cosine reaches minLearningRate at the last planned step, index plannedSteps − 1.
        long decaySteps = Math.max(1, plannedSteps - 1 - warmup);
        yield warmedUp(
            LearningRateSchedule.cosine(rate, progress(decaySteps), s.minLearningRate()), warmup);
      }
      case COSINE_FROM_START -> {
        LearningRateSchedule cosine =
            LearningRateSchedule.cosine(rate, progress(plannedSteps), s.minLearningRate());
        yield warmup > 0 ? cosine.withWarmupRamp(warmup) : cosine;
      }
    };
  }

  private static LearningRateSchedule warmedUp(LearningRateSchedule after, int warmupSteps) {
    return warmupSteps > 0 ? LearningRateSchedule.linearWarmup(warmupSteps, after) : after;
  }

  /**
   * The fraction of a decay of {@code length} steps done at a step: by the steps, or on the {@link
   * TrainerConfig.ScheduleClock#STEPS_OR_BUDGET} clock with a budget, the larger of that and the
   * part of the budget spent.
   */
  private LongToDoubleFunction progress(long length) {
    if (config.schedule().clock() == TrainerConfig.ScheduleClock.STEPS || budgetSeconds == 0) {
      return step -> (double) step / length;
    }
    return step -> Math.max((double) step / length, elapsedNow() / budgetSeconds);
  }

  /** Seconds trained so far, across resumes, by the clock now. */
  private double elapsedNow() {
    return elapsedBefore + (nanoClock.getAsLong() - startNanos) / 1e9;
  }

  /** Draws the current epoch's order from the generator's state at the epoch start. */
  private void shuffle() {
    orderRng.setState(epochRngState);
    for (int i = 0; i < examples; i++) {
      order[i] = i;
    }
    task.shuffle(order, orderRng);
  }

  /**
   * Trains until the epochs are done, the time budget is spent or early stopping fires, then puts
   * the best validation's weights back into the model (if a validation ran).
   *
   * @param listener where progress goes
   * @return what the run did
   * @throws ArithmeticException if a step is not finite and the policy is THROW; the weights are
   *     then those before that step
   */
  public TrainingResult fit(TrainingListener listener) {
    Objects.requireNonNull(listener, "listener");
    putBackLastWeights(); // a later fit continues from where training stood, not from the best
    startNanos = nanoClock.getAsLong();
    long startStep = step;
    long planned = stepsPerEpoch * config.epochs();
    boolean stoppedEarly = false;
    boolean outOfTime = false;
    while (epoch < config.epochs() && !stoppedEarly && !outOfTime) {
      if (position == 0) {
        task.onEpochStart(epoch);
      }
      int count = Math.min(config.batchSize(), examples - position);
      double rate = schedule.rate(step);
      optimizer.setLearningRate(rate);
      params.zeroGrad();
      double loss = task.trainBatch(order, position, count);
      if (config.gradientClip() > 0) {
        GradientClipping.clipGlobalNorm(params, config.gradientClip());
      }
      if (optimizer.step(params, loss)) {
        task.onStepApplied();
        if (average.isPresent()) {
          average.get().update(params.values()); // no capturing lambda in the step loop
        }
        lossSum += loss;
        lossCount++;
      } else {
        skipped++;
      }
      step++;
      position += count;
      int stepEpoch = epoch;
      boolean epochEnd = position >= examples;
      if (epochEnd) {
        // The next epoch's order first, so that listeners see a state a checkpoint can resume.
        epoch++;
        position = 0;
        epochRngState = orderRng.state();
        shuffle();
      }
      elapsed = elapsedNow();
      double run = elapsed - elapsedBefore;
      double perSecond = run > 0 ? (step - startStep) * (double) config.batchSize() / run : 0;
      double eta = step > startStep ? run / (step - startStep) * (planned - step) : Double.NaN;
      if (budgetSeconds > 0) {
        eta = Math.min(eta, Math.max(0, budgetSeconds - elapsed));
      }
      TrainingListener.Progress progress =
          new TrainingListener.Progress(
              step, planned, stepEpoch, loss, rate, perSecond, elapsed, eta, skipped);
      listener.onStep(progress);
      outOfTime = budgetSeconds > 0 && elapsed >= budgetSeconds;
      int every = config.validation().everySteps();
      boolean validate = epochEnd || (every > 0 && step % every == 0);
      if (validate || (outOfTime && lossCount > 0)) {
        stoppedEarly = validate(listener, stepEpoch);
      }
      if (epochEnd || outOfTime || stoppedEarly) {
        listener.onEpochEnd(progress);
      }
    }
    float[] kept = bestValues != null ? bestValues : averageIfAny();
    if (kept != null) {
      lastValues = params.values().clone();
      System.arraycopy(kept, 0, params.values(), 0, kept.length);
      task.onWeightsReplaced();
    }
    elapsedBefore = elapsed;
    return new TrainingResult(
        step, epoch, skipped, stoppedEarly, outOfTime, Optional.ofNullable(best), history, elapsed);
  }

  private void putBackLastWeights() {
    if (lastValues != null) {
      System.arraycopy(lastValues, 0, params.values(), 0, lastValues.length);
      lastValues = null;
      task.onWeightsReplaced();
    }
  }

  /** The weights' average once a step was averaged; null without averaging or before a step. */
  private float[] averageIfAny() {
    return average.filter(a -> !a.isEmpty()).map(WeightAverage::values).orElse(null);
  }

  /**
   * The task's validation metrics of the weights the run keeps: the raw weights, or, with
   * averaging, the average, swapped into the model for the pass and out again after it.
   */
  private Map<String, Double> validateKeptWeights() {
    float[] averaged = averageIfAny();
    if (averaged == null) {
      return task.validate();
    }
    float[] values = params.values();
    System.arraycopy(values, 0, trained, 0, values.length);
    System.arraycopy(averaged, 0, values, 0, values.length);
    task.onWeightsReplaced();
    try {
      return task.validate();
    } finally {
      System.arraycopy(trained, 0, values, 0, values.length);
      task.onWeightsReplaced();
    }
  }

  /** Runs a validation; returns true if early stopping should end the run. */
  private boolean validate(TrainingListener listener, int stepEpoch) {
    Map<String, Double> metrics = validateKeptWeights();
    double trainLoss = lossCount > 0 ? lossSum / lossCount : Double.NaN;
    lossSum = 0;
    lossCount = 0;
    if (metrics.isEmpty()) {
      history.add(new Evaluation(step, stepEpoch, trainLoss, metrics, false, elapsed));
      listener.onEvaluation(history.get(history.size() - 1));
      return false;
    }
    TrainerConfig.Validation plan = config.validation();
    Double value = metrics.get(plan.metric());
    if (value == null) {
      throw new IllegalArgumentException(
          "validation metric must be one of the task's "
              + metrics.keySet()
              + ", got \""
              + plan.metric()
              + "\"");
    }
    boolean isBest = plan.isBetter(value, bestMetric);
    Evaluation evaluation = new Evaluation(step, stepEpoch, trainLoss, metrics, isBest, elapsed);
    history.add(evaluation);
    if (isBest) {
      bestMetric = value;
      best = evaluation;
      float[] averaged = averageIfAny();
      bestValues = (averaged != null ? averaged : params.values()).clone();
      sinceBest = 0;
    } else {
      sinceBest++;
    }
    listener.onEvaluation(evaluation);
    return plan.patience() > 0 && sinceBest >= plan.patience();
  }

  /**
   * Returns the optimizer the run steps, e.g. to read its learning rate.
   *
   * @return the optimizer built from the config
   */
  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * Returns the steps done so far, applied or skipped, across resumes; during a task's {@link
   * TrainingTask#trainBatch} the number of steps before the one being computed.
   *
   * @return the step count
   */
  public long step() {
    return step;
  }

  /**
   * Writes the whole training state, atomically, so that {@link #restore} continues this run
   * exactly. Call it between steps: from a listener, or after {@link #fit} returns (the file then
   * holds the weights training reached and the best ones beside them, while the model keeps the
   * best).
   *
   * @param path the checkpoint file
   * @param metadata what the model needs to rebuild itself (its config, vocabulary, …)
   * @throws IOException if the file cannot be written; an existing file is then left intact
   */
  public void writeCheckpoint(Path path, Map<String, String> metadata) throws IOException {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("trainer.step", step);
    counters.put("trainer.epoch", (long) epoch);
    counters.put("trainer.position", (long) position);
    counters.put("trainer.skipped", skipped);
    counters.put("trainer.since_best", (long) sinceBest);
    counters.put("trainer.best_step", best == null ? -1L : best.step());
    counters.put("trainer.best_metric", Double.doubleToRawLongBits(bestMetric));
    counters.put("trainer.loss_sum", Double.doubleToRawLongBits(lossSum));
    counters.put("trainer.loss_count", lossCount);
    counters.put("trainer.elapsed_nanos", (long) (elapsed * 1e9));
    average.ifPresent(a -> counters.put("trainer.averaged_steps", a.steps()));
    Map<String, Long> rngs = new LinkedHashMap<>();
    rngs.put("trainer.order", epochRngState);
    task.generators().forEach((name, rng) -> rngs.put("task." + name, rng.state()));
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    if (bestValues != null) {
      tensors.put(ModelFile.KEPT_WEIGHTS, Tensor.wrap(bestValues.clone(), bestValues.length));
    }
    average.ifPresent(
        a ->
            tensors.put(
                "trainer.weight_average", Tensor.wrap(a.values().clone(), a.values().length)));
    task.carriedState().forEach((name, tensor) -> tensors.put("task." + name, tensor.copy()));
    TrainingState state = new TrainingState(counters, rngs, tensors);
    if (lastValues == null) {
      TrainingCheckpoint.write(path, params, optimizer, metadata, state);
      return;
    }
    // After fit the model holds the best weights; the checkpoint holds where training stood.
    float[] shown = params.values().clone();
    System.arraycopy(lastValues, 0, params.values(), 0, lastValues.length);
    try {
      TrainingCheckpoint.write(path, params, optimizer, metadata, state);
    } finally {
      System.arraycopy(shown, 0, params.values(), 0, shown.length);
    }
  }

  /**
   * Puts a checkpoint's state into this trainer, its model and its task's generators, so that
   * {@link #fit} continues where the checkpointed run stood. The config may differ from the saved
   * run's only in what does not change the math of the steps already taken (for example more
   * epochs); the caller decides what it allows.
   *
   * @param checkpoint a checkpoint written by {@link #writeCheckpoint}
   * @throws IOException if it does not fit this model, optimizer or task
   */
  public void restore(TrainingCheckpoint checkpoint) throws IOException {
    Objects.requireNonNull(checkpoint, "checkpoint");
    TrainingState state = checkpoint.state();
    checkpoint.restore(params, optimizer);
    lastValues = null;
    step = state.counter("trainer.step");
    epoch = (int) state.counter("trainer.epoch");
    position = (int) state.counter("trainer.position");
    skipped = state.counter("trainer.skipped");
    sinceBest = (int) state.counter("trainer.since_best");
    bestMetric = Double.longBitsToDouble(state.counter("trainer.best_metric"));
    lossSum = Double.longBitsToDouble(state.counter("trainer.loss_sum"));
    lossCount = state.counter("trainer.loss_count");
    elapsedBefore = state.counter("trainer.elapsed_nanos") / 1e9;
    elapsed = elapsedBefore;
    epochRngState = state.rngState("trainer.order");
    if (average.isPresent()) {
      average
          .get()
          .restore(
              state.tensor("trainer.weight_average", params.count()).data(),
              state.counter("trainer.averaged_steps"));
    }
    for (Map.Entry<String, Rng> generator : task.generators().entrySet()) {
      generator.getValue().setState(state.rngState("task." + generator.getKey()));
    }
    for (Map.Entry<String, Tensor> carried : task.carriedState().entrySet()) {
      Tensor into = carried.getValue();
      float[] saved = state.tensor("task." + carried.getKey(), into.shape()).data();
      System.arraycopy(saved, 0, into.data(), 0, saved.length);
    }
    if (state.tensors().containsKey(ModelFile.KEPT_WEIGHTS)) {
      bestValues = state.tensor(ModelFile.KEPT_WEIGHTS, params.count()).data().clone();
      long bestStep = state.counter("trainer.best_step");
      best =
          new Evaluation(
              bestStep,
              -1,
              Double.NaN,
              Map.of(config.validation().metric(), bestMetric),
              true,
              Double.NaN);
    }
    shuffle();
  }
}
