package io.github.lstm4j.bench;

import org.openjdk.jmh.annotations.Benchmark;

/**
 * W2: one MNIST row-LSTM training step per invocation (zeroGrad, forward over T=28 rows of 28
 * features, 1×128, head and softmax cross-entropy on h_T, BPTT from ∂L/∂h_T, Adam). The median of
 * the 20 single-shot samples ({@code -rf json}: {@code primaryMetric.scorePercentiles["50.0"]}) is
 * the WORKLOADS figure; images/s = 128 / median.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MnistTrainStep -p threads=1,2 -rf json
 * </pre>
 */
public class MnistTrainStep extends WorkloadBenchmark {
  @Override
  Workload workloadToRun() {
    return Workload.W2;
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
