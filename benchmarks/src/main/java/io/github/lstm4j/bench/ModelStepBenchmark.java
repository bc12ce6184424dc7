package io.github.lstm4j.bench;

import org.openjdk.jmh.annotations.Benchmark;

/**
 * One step of a {@link WorkloadModel} per invocation: the benchmark {@link WorkloadStep} and {@link
 * GenerationStep} share, each naming its {@link Workload} and its timing. The model is built per
 * trial from fixed seeds; the tear-down fails the run if the last step's result is not finite.
 */
public abstract class ModelStepBenchmark extends ThreadedBenchmark {
  private WorkloadModel model;
  private double lastResult = Double.NaN;

  /** For the benchmarks' states, which JMH instantiates. */
  protected ModelStepBenchmark() {}

  /** The workload whose model the trial builds. */
  abstract Workload workload();

  @Override
  final void build() {
    model = WorkloadModel.create(workload(), ctx);
  }

  /**
   * Runs one step and keeps its result for the tear-down check.
   *
   * @return what {@link WorkloadModel#step()} returned: a training step's mean loss, W3's logit of
   *     the sampled character, or W4's mean winning logit
   */
  @Benchmark
  public double step() {
    lastResult = model.step();
    return lastResult;
  }

  @Override
  final void check() {
    model.requireFinite(lastResult);
  }
}
