package io.github.lstm4j.bench;

import org.openjdk.jmh.annotations.Benchmark;

/**
 * W4: one batch of 1000 images per invocation with W2's model, forward only with an inference
 * cache: the LSTM over 28 rows, the head on h_T, argmax. The median of the 20 single-shot samples
 * is the WORKLOADS figure; images/s = 1000 / median.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MnistInference -p threads=1,2 -rf json
 * </pre>
 */
public class MnistInference extends WorkloadBenchmark {
  @Override
  Workload workloadToRun() {
    return Workload.W4;
  }

  /**
   * One batch.
   *
   * @return the mean winning logit
   */
  @Benchmark
  public double batch() {
    return runStep();
  }
}
