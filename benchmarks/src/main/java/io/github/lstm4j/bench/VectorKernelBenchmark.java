package io.github.lstm4j.bench;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.kernel.Gemm;
import java.util.SplittableRandom;
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
 * Plain-Java against Vector API matrix kernels, one {@link Gemm} product per invocation, at the
 * shapes the workloads run. Each path is its own fork: {@code plain} with {@code
 * -Dlstm4j.kernels=plain}, {@code vector} with {@code --add-modules jdk.incubator.vector
 * -Dlstm4j.kernels=vector} (which fails the fork rather than quietly measuring the plain kernels).
 * Pick the JDK with JMH's {@code -jvm}.
 *
 * <p>Shapes are {@code FORM:m:n:k} for C (m×n) = op(A)·op(B) over k: {@code NN} A·B, {@code TN}
 * Aᵀ·B, {@code NT} A·Bᵀ. GFLOP/s = 2·m·n·k / (time per operation in ns).
 *
 * <pre>
 * NT:3200:1024:256   W1 input projection X (T·B, I) · W_ihᵀ, i.e. 3200×256 · 256×1024
 * NT:64:2048:512     W1b recurrent h · W_hhᵀ, 64×512 · 512×2048 (a layer packs W_hhᵀ once per
 *                    forward instead: GemmBenchmark's multAddPacked)
 * NT:128:512:156     W2 gates [x h] · Wᵀ, 128×156 · 156×512
 * NT:32:1024:256     W1 recurrent h · W_hhᵀ, 32×256 · 256×1024
 * NN:32:256:1024     W1 backward dH = dGates · W_hh
 * TN:1024:256:3200   W1 weight gradient dW = dGatesᵀ · X
 * NT:1:2048:512      W3 generation, GEMV h (1×512) · W_hhᵀ (2048×512)
 * </pre>
 *
 * <p>{@code java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar
 * VectorKernelBenchmark -p threads=1,2 -rf json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class VectorKernelBenchmark {
  @Param({
    "NT:3200:1024:256",
    "NT:64:2048:512",
    "NT:128:512:156",
    "NT:32:1024:256",
    "NN:32:256:1024",
    "TN:1024:256:3200",
    "NT:1:2048:512"
  })
  public String shape;

  @Param({"1", "2"})
  public int threads;

  private ComputeContext ctx;
  private String form;
  private int m;
  private int n;
  private int k;
  private float[] a;
  private float[] b;
  private float[] c;

  /** Seeded operands in [-1, 1) and the thread pool. */
  @Setup(Level.Trial)
  public void setUp() {
    String[] parts = shape.split(":");
    form = parts[0];
    m = Integer.parseInt(parts[1]);
    n = Integer.parseInt(parts[2]);
    k = Integer.parseInt(parts[3]);
    SplittableRandom random = new SplittableRandom(42);
    a = random(random, m * k);
    b = random(random, k * n);
    c = new float[m * n];
    ctx = ComputeContext.of(threads);
  }

  /** Stops the pool's workers. */
  @TearDown(Level.Trial)
  public void tearDown() {
    ctx.close();
  }

  private static float[] random(SplittableRandom random, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return x;
  }

  private float product() {
    switch (form) {
      case "NN":
        Gemm.mult(ctx, a, 0, b, 0, c, 0, m, n, k);
        break;
      case "TN":
        Gemm.multTransA(ctx, a, 0, b, 0, c, 0, m, n, k);
        break;
      default:
        Gemm.multTransB(ctx, a, 0, b, 0, c, 0, m, n, k);
        break;
    }
    return c[c.length - 1];
  }

  /**
   * The plain-Java kernels.
   *
   * @return one element of C, so that the product is not dead code
   */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = "-Dlstm4j.kernels=plain")
  public float plain() {
    return product();
  }

  /**
   * The Vector API kernels.
   *
   * @return one element of C, so that the product is not dead code
   */
  @Benchmark
  @Fork(
      value = 1,
      jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dlstm4j.kernels=vector"})
  public float vector() {
    return product();
  }
}
