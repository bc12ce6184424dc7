package io.github.lstm4j.bench;

/**
 * The JVM flags every benchmark fork runs with (annotation values must be constants, hence one
 * constant per flag). A fixed heap keeps the multi-hundred-megabyte W1b caches from triggering heap
 * resizing while timing; the steps themselves allocate nothing.
 */
final class BenchmarkJvm {
  /** Initial heap = a fixed floor, so the heap is not grown while timing. */
  static final String MIN_HEAP = "-Xms2g";

  /** Maximum heap: room for W1b's caches and gradients. */
  static final String MAX_HEAP = "-Xmx8g";

  /** The collector. */
  static final String GC = "-XX:+UseParallelGC";

  private BenchmarkJvm() {}
}
