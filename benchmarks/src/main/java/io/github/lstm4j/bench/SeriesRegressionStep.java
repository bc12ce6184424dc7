package io.github.lstm4j.bench;

import org.openjdk.jmh.annotations.Benchmark;

/**
 * W6: one time-series regression training step per invocation (2×64 LSTM over a window of 64, head
 * on the last step, mean squared error, BPTT, Adam). sequences/s = 256 / median.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SeriesRegressionStep -p threads=1,2 -rf json
 * </pre>
 */
public class SeriesRegressionStep extends WorkloadBenchmark {
  @Override
  Workload workloadToRun() {
    return Workload.W6;
  }

  /**
   * One training step.
   *
   * @return the step's mean squared error
   */
  @Benchmark
  public double step() {
    return runStep();
  }
}
