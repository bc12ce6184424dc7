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
 * W4: one batch of 1000 images per invocation with W2's model, forward only with an inference
 * cache: the LSTM over 28 rows, the head on h_T, argmax. The median of the 20 single-shot samples
 * is the WORKLOADS figure; images/s = 1000 / median.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MnistInference -p threads=1,2 -rf json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(
    value = 1,
    jvmArgsAppend = {BenchmarkJvm.MIN_HEAP, BenchmarkJvm.MAX_HEAP, BenchmarkJvm.GC})
public class MnistInference {
  /** Threads of the {@link ComputeContext}. */
  @Param({"1", "2"})
  public int threads;

  private ComputeContext ctx;
  private WorkloadModel model;
  private double lastResult = Double.NaN;

  /** Builds W2's model and 1000 seeded images. */
  @Setup(Level.Trial)
  public void setUp() {
    ctx = ComputeContext.of(threads);
    model = WorkloadModel.create(Workload.W4, ctx);
  }

  /**
   * One batch.
   *
   * @return the mean winning logit
   */
  @Benchmark
  public double batch() {
    lastResult = model.step();
    return lastResult;
  }

  /** Releases the threads; fails the run if the logits were not finite. */
  @TearDown(Level.Trial)
  public void tearDown() {
    ctx.close();
    model.requireFinite(lastResult);
  }
}
