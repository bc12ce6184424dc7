package io.github.lstm4j.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

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
public class CharLmTrainStep extends WorkloadBenchmark {
  /** W1 (2×256, B=32) or W1b (2×512, B=64). */
  @Param({"W1", "W1b"})
  public String workload;

  @Override
  Workload workloadToRun() {
    return Workload.valueOf(workload);
  }

  /**
   * One training step.
   *
   * @return the step's mean loss
   */
  @Benchmark
  public double step() {
    return runStep();
  }
}
