package io.github.lstm4j.bench;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What lengths cost when every row runs all T steps: one forward and backward of W5p's LSTM
 * (bidirectional 1×256 over T = 200, B = 64, 128 features) without lengths and with lengths all
 * equal to T. Both compute the same bits; the difference is the length checks and the row order.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FullLengthsBenchmark -p threads=1,2 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
public class FullLengthsBenchmark extends ThreadedBenchmark {
  private Lstm lstm;
  private Parameters params;
  private LstmCache cache;
  private Tensor input; // (T, B, I)
  private Tensor dOutput; // (T, B, 2H)
  private int[] lengths; // (B) all T

  /** Builds the LSTM, the data and the cache from fixed seeds. */
  @Override
  void build() {
    WorkloadShape w = Workload.W5p.shape();
    params = new Parameters();
    lstm =
        new Lstm(
            LstmConfig.of(w.inputSize(), w.hiddenSize()).withBidirectional(true),
            params,
            new Rng(1));
    cache = lstm.newTrainingCache(w.seqLen(), w.batchSize(), new Rng(2));
    Rng data = new Rng(3);
    input = WorkloadModel.gaussian(data, w.seqLen(), w.batchSize(), w.inputSize());
    dOutput = WorkloadModel.gaussian(data, w.seqLen(), w.batchSize(), 2 * w.hiddenSize());
    lengths = new int[w.batchSize()];
    Arrays.fill(lengths, w.seqLen());
  }

  /**
   * Forward and backward without lengths.
   *
   * @return an output value, so that nothing is dead code
   */
  @Benchmark
  public float withoutLengths() {
    params.zeroGrad();
    Tensor out = lstm.forward(ctx, input, cache);
    lstm.backward(ctx, dOutput, cache);
    return out.data()[0];
  }

  /**
   * Forward and backward with every length equal to T.
   *
   * @return an output value, so that nothing is dead code
   */
  @Benchmark
  public float withLengthsAllT() {
    params.zeroGrad();
    Tensor out = lstm.forward(ctx, input, lengths, cache);
    lstm.backward(ctx, dOutput, cache);
    return out.data()[0];
  }
}
