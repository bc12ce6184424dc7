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
 * W3: one generated character per invocation with W1b's model (2×512, vocab 65, batch 1): {@code
 * FrozenLstm.step} on the previous character (the LSTM frozen once, at set-up, as {@code CharLstm}
 * does), the head, softmax and a seeded sample. The state is carried in this {@code @State} from
 * invocation to invocation, as in a real generation stream.
 *
 * <p>A step takes a few hundred microseconds, so this is a throughput-style average over 1-second
 * iterations (thousands of characters per sample) rather than single shots; chars/s = 1 / score.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar GenerationStep -p threads=1,2 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {BenchmarkJvm.MIN_HEAP, BenchmarkJvm.MAX_HEAP, BenchmarkJvm.GC})
public class GenerationStep {
  /** Threads of the {@link ComputeContext}. */
  @Param({"1", "2"})
  public int threads;

  private ComputeContext ctx;
  private WorkloadModel model;
  private double lastLogit = Double.NaN;

  /** Builds W1b's model from fixed seeds, a zero state and the sampler. */
  @Setup(Level.Trial)
  public void setUp() {
    ctx = ComputeContext.of(threads);
    model = WorkloadModel.create(Workload.W3, ctx);
  }

  /**
   * One character.
   *
   * @return the logit of the sampled character
   */
  @Benchmark
  public double step() {
    lastLogit = model.step();
    return lastLogit;
  }

  /** Releases the threads; fails the run if the last logit is not finite. */
  @TearDown(Level.Trial)
  public void tearDown() {
    ctx.close();
    model.requireFinite(lastLogit);
  }
}
