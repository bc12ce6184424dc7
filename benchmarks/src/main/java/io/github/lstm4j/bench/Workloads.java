package io.github.lstm4j.bench;

import io.github.lstm4j.core.compute.ComputeContext;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleSupplier;

/**
 * Runs the anchor workloads W1 … W6 the way {@code pytorch_lstm.py} does and prints one line per
 * (workload, threads) in that script's format, so both can be read by the same tools:
 *
 * <pre>
 * W1 threads=2 chars_per_s=15234.5 ms_per_step=210.100 gflops=79.47 ms_min=... other_load=0.03 bytes_per_step=0.0
 * </pre>
 *
 * <p>The first four fields are the reference script's: throughput = items per step / median step
 * time over the timed steps. The rest are details: GFLOP/s by the script's FLOP model ({@link
 * Workload#stepFlops()}) at the median, the fastest and slowest timed step, the mean, and the share
 * of the machine other processes used meanwhile ({@link MachineLoad}). Lines starting with {@code
 * #} are comments (JVM, CPUs, FLOP model).
 *
 * <pre>
 * java -Xms2g -Xmx8g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar \
 *     io.github.lstm4j.bench.Workloads [--workloads W1,W1b,W2,W3,W4] [--threads 1,2] \
 *     [--warmup N] [--steps N]
 * </pre>
 *
 * <p>Warm-up and timed step counts default to the reference script's per-workload values (a W3 step
 * is one character, a W4 step one batch), except W3's longer warm-up (see {@link Workload#W3});
 * {@code --warmup}/{@code --steps} override them for every workload. Each (workload, threads) gets
 * a fresh model and thread pool; all run in this one JVM, one after another.
 */
public final class Workloads {
  private static final String USAGE =
      "usage: Workloads [--workloads W1,W1b,W2,W3,W4,W5,W5p,W6] [--threads 1,2] [--warmup N] [--steps N]"
          + " [--engine lstm4j|ort]";

  /** What runs the steps. */
  enum Engine {
    /** lstm4j itself. */
    LSTM4J,
    /** ONNX Runtime on the exported model ({@link OnnxRuntimeWorkload}; W3 and W4 only). */
    ORT
  }

  private Workloads() {}

  /**
   * Runs the workloads named on the command line.
   *
   * @param args see the class description
   */
  public static void main(String[] args) {
    List<Workload> workloads = List.of(Workload.values());
    int[] threads = {1, 2};
    int warmup = -1; // -1: the workload's default
    int steps = -1;
    Engine engine = Engine.LSTM4J;
    try {
      for (int a = 0; a < args.length; a++) {
        String option = args[a];
        if (option.equals("-h") || option.equals("--help")) {
          System.out.println(USAGE);
          return;
        }
        if (a + 1 >= args.length) {
          throw new IllegalArgumentException(option + " needs a value");
        }
        String value = args[++a];
        switch (option) {
          case "--workloads" -> workloads = parseWorkloads(value);
          case "--threads" -> threads = parseCounts("--threads", value, 1);
          case "--warmup" -> warmup = parseCounts("--warmup", value, 0)[0];
          case "--steps" -> steps = parseCounts("--steps", value, 1)[0];
          case "--engine" -> engine = parseEngine(value);
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    printHeader(engine);
    for (Workload w : workloads) {
      for (int n : threads) {
        int wu = warmup >= 0 ? warmup : w.defaultWarmup();
        int st = steps > 0 ? steps : w.defaultSteps();
        System.out.println(
            engine == Engine.ORT ? runInOnnxRuntime(w, n, wu, st) : run(w, n, wu, st));
      }
    }
  }

  /** Builds the workload on {@code threads} threads, runs it and formats its line. */
  static String run(Workload workload, int threads, int warmup, int steps) {
    try (ComputeContext ctx = ComputeContext.of(threads)) {
      WorkloadModel model = WorkloadModel.create(workload, ctx);
      return time(workload, threads, warmup, steps, model::step, model::requireFinite);
    }
  }

  /**
   * Exports the workload's model, runs it in ONNX Runtime on {@code threads} intra-op threads and
   * formats its line.
   */
  static String runInOnnxRuntime(Workload workload, int threads, int warmup, int steps) {
    try (OnnxRuntimeWorkload ort = OnnxRuntimeWorkload.create(workload, threads)) {
      return time(workload, threads, warmup, steps, ort::step, ort::requireFinite);
    }
  }

  /** Runs warm-up and timed steps and formats the line; {@code check} sees the last result. */
  private static String time(
      Workload workload,
      int threads,
      int warmup,
      int steps,
      DoubleSupplier step,
      DoubleConsumer check) {
    System.gc(); // set-up garbage, not the steps', should not be collected while timing
    double result = Double.NaN;
    for (int s = 0; s < warmup; s++) {
      result = step.getAsDouble();
    }
    long[] nanos = new long[steps];
    MachineLoad load = MachineLoad.start();
    long first = AllocatedBytes.total();
    long allocatedBefore = AllocatedBytes.total();
    long readingCost = allocatedBefore - first; // a reading's own arrays
    for (int s = 0; s < steps; s++) {
      long t0 = System.nanoTime();
      result = step.getAsDouble();
      nanos[s] = System.nanoTime() - t0;
    }
    long allocated = AllocatedBytes.total() - allocatedBefore - readingCost;
    double otherLoad = load.otherProcessesShare();
    check.accept(result);
    double bytesPerStep =
        allocatedBefore < 0 ? Double.NaN : Math.max(0, allocated) / (double) steps;
    return format(workload, threads, nanos, otherLoad, bytesPerStep);
  }

  static String format(
      Workload workload, int threads, long[] nanos, double otherLoad, double bytesPerStep) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double medianSeconds = median(sorted) / 1e9;
    double mean = Arrays.stream(sorted).average().orElse(Double.NaN) / 1e9;
    return String.format(
        Locale.ROOT,
        "%s threads=%d %s_per_s=%.1f ms_per_step=%.3f gflops=%.2f ms_min=%.3f ms_mean=%.3f"
            + " ms_max=%.3f steps=%d other_load=%.2f bytes_per_step=%.1f",
        workload,
        threads,
        workload.unit(),
        workload.itemsPerStep() / medianSeconds,
        medianSeconds * 1e3,
        workload.stepFlops() / medianSeconds / 1e9,
        sorted[0] / 1e6,
        mean * 1e3,
        sorted[sorted.length - 1] / 1e6,
        sorted.length,
        otherLoad,
        bytesPerStep);
  }

  /** The median of sorted values: the middle one, or the mean of the two middle ones. */
  static double median(long[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  static List<Workload> parseWorkloads(String list) {
    List<Workload> out = new ArrayList<>();
    for (String name : list.split(",")) {
      try {
        out.add(Workload.valueOf(name.trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--workloads must be a comma-separated subset of "
                + Arrays.toString(Workload.values())
                + ", got '"
                + name
                + "'",
            e);
      }
    }
    return out;
  }

  static int[] parseCounts(String option, String list, int min) {
    String[] parts = list.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        out[i] = Integer.MIN_VALUE;
      }
      if (out[i] < min) {
        throw new IllegalArgumentException(
            option + " must be integers >= " + min + ", got '" + parts[i] + "'");
      }
    }
    return out;
  }

  static Engine parseEngine(String value) {
    return switch (value) {
      case "lstm4j" -> Engine.LSTM4J;
      case "ort" -> Engine.ORT;
      default ->
          throw new IllegalArgumentException("--engine must be lstm4j or ort, got '" + value + "'");
    };
  }

  private static void printHeader(Engine engine) {
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "# lstm4j workloads: java %s (%s), %d cpus, max heap %d MiB, jvm args %s%n",
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        rt.availableProcessors(),
        rt.maxMemory() >> 20,
        ManagementFactory.getRuntimeMXBean().getInputArguments());
    if (engine == Engine.ORT) {
      System.out.println(
          "# engine: ONNX Runtime "
              + OnnxRuntimeWorkload.version()
              + " (Java API, CPU), model written by OnnxExport (opset "
              + io.github.lstm4j.core.io.OnnxExport.OPSET_VERSION
              + "), all graph optimizations, denormals as zero, intra-op threads = threads");
    }
    System.out.println(
        "# FLOP model (pytorch_lstm.py): forward per time step per sample per layer = 2*4H*(I+H);"
            + " head 2*H*V where applied; training = 3 x forward");
  }
}
