package io.github.lstm4j.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The JMH state every benchmark of the anchor workloads extends, for the JVM it forks: one fork
 * with a fixed heap and the parallel collector. A fixed heap keeps the multi-hundred-megabyte W1b
 * caches from triggering heap resizing while timing; the steps themselves allocate nothing. JMH
 * inherits {@code @State} and {@code @Fork} from here; each benchmark declares its own mode,
 * warm-up and measurement.
 */
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {ForkedBenchmark.MIN_HEAP, ForkedBenchmark.MAX_HEAP, ForkedBenchmark.GC})
public abstract class ForkedBenchmark {
  /** Initial heap = a fixed floor, so the heap is not grown while timing. */
  static final String MIN_HEAP = "-Xms2g";

  /** Maximum heap: room for W1b's caches and gradients. */
  static final String MAX_HEAP = "-Xmx8g";

  /** The collector. */
  static final String GC = "-XX:+UseParallelGC";

  /** For the benchmarks' states, which JMH instantiates. */
  protected ForkedBenchmark() {}
}
