package io.github.lstm4j.bench;

import io.github.lstm4j.core.compute.ComputeContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
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
 * One step of an anchor workload per invocation, timed as WORKLOADS asks: the median of 20
 * single-shot samples after 5 warm-up ones ({@code -rf json}: {@code
 * primaryMetric.scorePercentiles["50.0"]}); throughput = the workload's examples per step (B·T
 * characters for W1 and W1b, B images or sequences otherwise) / median. One {@link WorkloadModel}
 * per trial, on a {@link ComputeContext} of {@link #threads} threads, built from fixed seeds, and a
 * tear-down that fails the run if the last step's result is not finite. W3 (generation, a step of
 * microseconds) has its own benchmark, {@link GenerationStep}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar WorkloadStep -p workload=W1,W4 -p threads=1,2 -rf json
 * </pre>
 *
 * <p>One {@code workload} parameter instead of sizes, whose cross product would contain shapes that
 * are no anchor workload.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(
    value = 1,
    jvmArgsAppend = {BenchmarkJvm.MIN_HEAP, BenchmarkJvm.MAX_HEAP, BenchmarkJvm.GC})
public class WorkloadStep {
  /**
   * W1, W1b (char-LM training), W2 (MNIST training), W4 (MNIST inference, batch 1000), W5 and W5p
   * (variable-length classifier training, W5p with every length T), W6 (series regression
   * training); see {@link Workload}.
   */
  @Param({"W1", "W1b", "W2", "W4", "W5", "W5p", "W6"})
  public String workload;

  /** Threads of the {@link ComputeContext}. */
  @Param({"1", "2"})
  public int threads;

  private ComputeContext ctx;
  private WorkloadModel model;
  private double lastResult = Double.NaN;

  /** Builds the workload's model, data and buffers from fixed seeds. */
  @Setup(Level.Trial)
  public void setUp() {
    ctx = ComputeContext.of(threads);
    model = WorkloadModel.create(Workload.valueOf(workload), ctx);
  }

  /**
   * Runs one step and keeps its result for the tear-down check.
   *
   * @return what {@link WorkloadModel#step()} returned: a training step's mean loss, or W4's mean
   *     winning logit
   */
  @Benchmark
  public double step() {
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
