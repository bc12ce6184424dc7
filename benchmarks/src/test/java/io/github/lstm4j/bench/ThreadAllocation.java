package io.github.lstm4j.bench;

import java.lang.management.ManagementFactory;
import java.util.function.DoubleSupplier;

/** Heap bytes the calling thread allocates in steps after a warm-up, from HotSpot's counter. */
final class ThreadAllocation {
  /** Measurement windows; the least of them is the steady state. */
  private static final int WINDOWS = 3;

  private ThreadAllocation() {}

  /**
   * Runs {@code warmup} steps, then measures {@code steps} more in each of three windows and
   * returns the least. A step that allocates does so in every window; the JIT allocates only once,
   * when it deoptimises a method and rebuilds on the heap the objects that escape analysis had
   * removed (seen here as one 72-byte window out of many on an idle machine).
   *
   * @throws AssertionError if the sum of the steps' results is not finite
   */
  static long leastBytesAllocatedBy(DoubleSupplier step, int warmup, int steps) {
    long least = Long.MAX_VALUE;
    for (int window = 0; window < WINDOWS; window++) {
      least = Math.min(least, bytesAllocatedBy(step, window == 0 ? warmup : 0, steps));
    }
    return least;
  }

  private static long bytesAllocatedBy(DoubleSupplier step, int warmup, int steps) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double result = 0;
    for (int s = 0; s < warmup; s++) {
      result += step.getAsDouble();
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    long probe = threads.getCurrentThreadAllocatedBytes() - before; // the counter's own cost
    before = threads.getCurrentThreadAllocatedBytes();
    for (int s = 0; s < steps; s++) {
      result += step.getAsDouble();
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before - probe;
    if (!Double.isFinite(result)) {
      throw new AssertionError("the steps' results must be finite, got a sum of " + result);
    }
    return allocated;
  }
}
