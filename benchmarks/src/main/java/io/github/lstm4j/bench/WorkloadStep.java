package io.github.lstm4j.bench;

import io.github.lstm4j.core.compute.ComputeContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
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
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
public class WorkloadStep extends ModelStepBenchmark {
  /**
   * W1, W1b (char-LM training), W2 (MNIST training), W4 (MNIST inference, batch 1000), W5 and W5p
   * (variable-length classifier training, W5p with every length T), W6 (series regression
   * training); see {@link Workload}.
   */
  @Param({"W1", "W1b", "W2", "W4", "W5", "W5p", "W6"})
  public String workload;

  @Override
  Workload workload() {
    return Workload.valueOf(workload);
  }
}
