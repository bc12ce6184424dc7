package io.github.lstm4j.bench;

import io.github.lstm4j.core.compute.ComputeContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH state the single-shot workload benchmarks share: one {@link WorkloadModel} per trial, on
 * a {@link ComputeContext} of {@link #threads} threads; one {@link WorkloadModel#step()} per
 * invocation, timed as WORKLOADS asks (the median of 20 single-shot samples after 5 warm-up ones);
 * and a tear-down that fails the run if the last step's result is not finite.
 *
 * <p>A subclass names its {@link #workloadToRun()} and declares the {@code @Benchmark} method,
 * which returns {@link #runStep()}. JMH reads the annotations, the {@code @Param} field and the
 * set-up and tear-down methods here through the subclass, as in its inheritance sample.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(
    value = 1,
    jvmArgsAppend = {BenchmarkJvm.MIN_HEAP, BenchmarkJvm.MAX_HEAP, BenchmarkJvm.GC})
public abstract class WorkloadBenchmark {
  /** Threads of the {@link ComputeContext}. */
  @Param({"1", "2"})
  public int threads;

  private ComputeContext ctx;
  private WorkloadModel model;
  private double lastResult = Double.NaN;

  /**
   * Names the workload to build; called once per trial, after JMH has set the parameters.
   *
   * @return the workload
   */
  abstract Workload workloadToRun();

  /** Builds the workload's model, data and buffers from fixed seeds. */
  @Setup(Level.Trial)
  public void setUp() {
    ctx = ComputeContext.of(threads);
    model = WorkloadModel.create(workloadToRun(), ctx);
  }

  /**
   * Runs one step and keeps its result for the tear-down check.
   *
   * @return what {@link WorkloadModel#step()} returned
   */
  final double runStep() {
    lastResult = model.step();
    return lastResult;
  }

  /** Releases the threads; fails the run if the last step's result is not finite. */
  @TearDown(Level.Trial)
  public void tearDown() {
    ctx.close();
    model.requireFinite(lastResult);
  }
}
