package io.github.lstm4j.bench;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.compute.RangeTask;
import io.github.lstm4j.core.kernel.Gemm;
import io.github.lstm4j.core.kernel.PackedOperand;
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
 * Kernel-level benchmark: each {@link Gemm} variant at the shapes the LSTM workloads use, plus the
 * hand-off cost of an empty {@link ComputeContext#parallelFor}.
 *
 * <p>{@code product} names the variant and the shape as {@code variant-m×n×k} (C is m×n, k the
 * shared dimension): the input projection X·W_ihᵀ over T·B = 3200 rows ({@code
 * multTransB-3200x1024x256}, and its A·B form), the recurrent step h·W_hhᵀ at B = 32, H = 256 and B
 * = 64, H = 512 ({@code multAddTransB}, W_hh stored (4H×H)), a row-LSTM classifier step ({@code
 * 128x512x156}), the weight gradient dW += dGatesᵀ·X ({@code multAddTransA-1024x256x3200}), the
 * input gradient dX = dGates·W ({@code mult-3200x256x1024}) and generation at batch 1 ({@code
 * multAddTransB-1x2048x512}). {@code multAddPacked} is the recurrent step as a layer runs it: W_hhᵀ
 * packed once per forward pass into a {@link PackedOperand} (the packing, shared by T steps, is not
 * timed).
 *
 * <p>Run after {@code mvn -B -q -pl benchmarks -am package -DskipTests}:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar GemmBenchmark -p threads=1,2
 * java -jar benchmarks/target/benchmarks.jar GemmBenchmark.product -p threads=1 -prof gc
 * </pre>
 *
 * <p>The score is microseconds per product; GFLOP/s = 2·m·n·k / (score · 1000). {@code -prof gc}
 * shows only JMH's own few bytes per op: a product allocates nothing after its thread's first call.
 * Scores are wall-clock times, so run on an otherwise idle machine: when other processes compete
 * for the cores, a worker descheduled in the middle of its chunk holds up the whole product, and
 * two threads can come out slower than one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBenchmark {
  private static final RangeTask NO_WORK = (from, to) -> {};

  /** The thread pool, one per trial. */
  @State(Scope.Benchmark)
  public static class Context {
    /** Threads of the {@link ComputeContext}, the caller's included. */
    @Param({"1", "2"})
    public int threads;

    ComputeContext ctx;

    /** Starts the pool. */
    @Setup(Level.Trial)
    public void start() {
      ctx = ComputeContext.of(threads);
    }

    /** Stops the pool. */
    @TearDown(Level.Trial)
    public void stop() {
      ctx.close();
    }
  }

  /** One product's operands, seeded. */
  @State(Scope.Benchmark)
  public static class Product {
    /** {@code variant-m×n×k}. */
    @Param({
      "multTransB-3200x1024x256",
      "mult-3200x1024x256",
      "multAddTransB-32x1024x256",
      "multAddTransB-64x2048x512",
      "multAddPacked-32x1024x256",
      "multAddPacked-64x2048x512",
      "multTransB-128x512x156",
      "multAddTransA-1024x256x3200",
      "mult-3200x256x1024",
      "multAddTransB-1x2048x512"
    })
    public String product;

    String variant;
    int m;
    int n;
    int k;
    float[] a; // (m, k), or (k, m) for multAddTransA
    float[] b; // (k, n), or (n, k) for multAddTransB and multTransB
    float[] c; // (m, n)
    PackedOperand packed; // op(B) = Bᵀ of b stored (n, k), for multAddPacked

    /** Parses {@link #product} and fills A, B and C with uniform values in [-1, 1). */
    @Setup(Level.Trial)
    public void fill() {
      String[] parts = product.split("-");
      String[] sizes = parts[1].split("x");
      variant = parts[0];
      m = Integer.parseInt(sizes[0]);
      n = Integer.parseInt(sizes[1]);
      k = Integer.parseInt(sizes[2]);
      SplittableRandom random = new SplittableRandom(42);
      a = uniform(m * k, random);
      b = uniform(k * n, random);
      c = uniform(m * n, random);
      if (variant.equals("multAddPacked")) {
        packed = PackedOperand.forShape(k, n);
        packed.packTransposed(b, 0);
      }
    }

    private static float[] uniform(int size, SplittableRandom random) {
      float[] x = new float[size];
      for (int i = 0; i < size; i++) {
        x[i] = (float) (random.nextDouble() * 2 - 1);
      }
      return x;
    }
  }

  /**
   * One product.
   *
   * @param context the pool
   * @param p the operands
   * @return C, so that the product is not dead code
   */
  @Benchmark
  public float[] product(Context context, Product p) {
    ComputeContext ctx = context.ctx;
    switch (p.variant) {
      case "mult":
        Gemm.mult(ctx, p.a, 0, p.b, 0, p.c, 0, p.m, p.n, p.k);
        break;
      case "multTransB":
        Gemm.multTransB(ctx, p.a, 0, p.b, 0, p.c, 0, p.m, p.n, p.k);
        break;
      case "multAddTransB":
        Gemm.multAddTransB(ctx, p.a, 0, p.b, 0, p.c, 0, p.m, p.n, p.k);
        break;
      case "multAddPacked":
        Gemm.multAdd(ctx, p.a, 0, p.packed, p.c, 0, p.m);
        break;
      case "multAddTransA":
        Gemm.multAddTransA(ctx, p.a, 0, p.b, 0, p.c, 0, p.m, p.n, p.k);
        break;
      default:
        throw new IllegalArgumentException("unknown variant " + p.variant);
    }
    return p.c;
  }

  /**
   * An empty {@code parallelFor} with one chunk per thread: the cost of handing work to the pool
   * and waiting for it, back to back (workers spinning).
   *
   * @param context the pool
   * @return the thread count
   */
  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public int emptyParallelFor(Context context) {
    context.ctx.parallelFor(context.threads, NO_WORK);
    return context.threads;
  }
}
