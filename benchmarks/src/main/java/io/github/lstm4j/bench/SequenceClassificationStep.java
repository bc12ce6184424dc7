package io.github.lstm4j.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * W5 and W5p: one training step of the variable-length bidirectional classifier per invocation
 * (Embedding, LSTM over each row's valid steps, last-valid-step readout, head, cross-entropy, BPTT,
 * Adam). sequences/s = 64 / median.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SequenceClassificationStep -p threads=1,2 -rf json
 * </pre>
 */
public class SequenceClassificationStep extends WorkloadBenchmark {
  /** W5: the reference lengths; W5p: the same batch with every length T. */
  @Param({"W5", "W5p"})
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
