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
 * W1 and W1b: one char-LM training step per invocation (zeroGrad, forward over T=100 token ids,
 * head and softmax cross-entropy on every step, full BPTT, Adam). The median of the 20 single-shot
 * samples ({@code -rf json}: {@code primaryMetric.scorePercentiles["50.0"]}) is the WORKLOADS
 * figure; chars/s = B·T / median.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CharLmTrainStep -p workload=W1 -p threads=1,2 -rf json
 * </pre>
 *
 * <p>One {@code workload} parameter instead of hiddenSize × batchSize, whose cross product would
 * contain shapes that are no anchor workload.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(
    value = 1,
    jvmArgsAppend = {BenchmarkJvm.MIN_HEAP, BenchmarkJvm.MAX_HEAP, BenchmarkJvm.GC})
public class CharLmTrainStep {
  /** W1 (2×256, B=32) or W1b (2×512, B=64). */
  @Param({"W1", "W1b"})
  public String workload;

  /** Threads of the {@link ComputeContext}. */
  @Param({"1", "2"})
  public int threads;

  private ComputeContext ctx;
  private WorkloadModel model;
  private double lastLoss = Double.NaN;

  /** Builds the model, data and buffers from fixed seeds. */
  @Setup(Level.Trial)
  public void setUp() {
    ctx = ComputeContext.of(threads);
    model = WorkloadModel.create(Workload.valueOf(workload), ctx);
  }

  /**
   * One training step.
   *
   * @return the step's mean loss
   */
  @Benchmark
  public double step() {
    lastLoss = model.step();
    return lastLoss;
  }

  /** Releases the threads; fails the run if the last loss is not finite. */
  @TearDown(Level.Trial)
  public void tearDown() {
    ctx.close();
    model.requireFinite(lastLoss);
  }
}
