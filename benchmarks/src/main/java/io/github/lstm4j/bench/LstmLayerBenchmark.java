package io.github.lstm4j.bench;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One LSTM layer at W1's shapes (H=256, T=100, B=32) with a training cache, without head, loss or
 * optimizer: {@code forward} alone, and {@code forwardBackward} (zeroGrad + forward + full BPTT
 * with a fixed ∂L/∂output). {@code input=tokens} is W1's first layer (65 token ids: the input
 * product is a column lookup); {@code input=dense} is its second layer (256 dense features: one
 * (T·B)×256 by 256×1024 product).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LstmLayerBenchmark -p threads=1
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class LstmLayerBenchmark extends ThreadedBenchmark {
  private static final int HIDDEN = 256; // H
  private static final int SEQ_LEN = 100; // T
  private static final int BATCH = 32; // B

  /** {@code tokens}: 65 token ids (W1 layer 0); {@code dense}: 256 features (W1 layer 1). */
  @Param({"tokens", "dense"})
  public String input;

  private Parameters params;
  private Lstm lstm;
  private LstmCache cache;
  private int[] tokenIds; // (T, B) for input=tokens
  private Tensor features; // (T, B, 256) for input=dense
  private Tensor dOutput; // (T, B, H) a fixed ∂L/∂output

  /** Builds the layer, its input and the output gradient from fixed seeds. */
  @Override
  void build() {
    boolean tokens = input.equals("tokens");
    int inputSize = tokens ? 65 : HIDDEN;
    params = new Parameters();
    lstm = new Lstm(LstmConfig.of(inputSize, HIDDEN), params, new Rng(1));
    cache = lstm.newTrainingCache(SEQ_LEN, BATCH, new Rng(2));
    Rng data = new Rng(3);
    if (tokens) {
      tokenIds = new int[SEQ_LEN * BATCH];
      for (int r = 0; r < tokenIds.length; r++) {
        tokenIds[r] = data.nextInt(inputSize);
      }
    } else {
      features = uniform(data, 1f, SEQ_LEN, BATCH, inputSize);
    }
    dOutput = uniform(data, 1e-3f, SEQ_LEN, BATCH, HIDDEN);
  }

  /** Values uniform in [−scale, scale). */
  private static Tensor uniform(Rng rng, float scale, int... shape) {
    Tensor t = Tensor.zeros(shape);
    float[] x = t.data();
    for (int i = 0; i < x.length; i++) {
      x[i] = scale * (2 * rng.nextFloat() - 1);
    }
    return t;
  }

  private Tensor runForward() {
    return tokenIds != null
        ? lstm.forward(ctx, tokenIds, cache)
        : lstm.forward(ctx, features, cache);
  }

  /**
   * Forward over T steps.
   *
   * @return the output (T, B, H), owned by the cache
   */
  @Benchmark
  public Tensor forward() {
    return runForward();
  }

  /**
   * zeroGrad, forward, and backpropagation through all T steps.
   *
   * @return the gradient array
   */
  @Benchmark
  public float[] forwardBackward() {
    params.zeroGrad();
    runForward();
    lstm.backward(ctx, dOutput, cache);
    return params.grads();
  }
}
