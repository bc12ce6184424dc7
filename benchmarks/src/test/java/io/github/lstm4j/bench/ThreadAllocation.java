package io.github.lstm4j.bench;

import java.lang.management.ManagementFactory;
import java.util.function.DoubleSupplier;

/** Heap bytes the calling thread allocates in steps after a warm-up, from HotSpot's counter. */
final class ThreadAllocation {
  private ThreadAllocation() {}

  /**
   * Runs {@code warmup} steps, then returns what {@code steps} more allocate on this thread.
   *
   * @throws AssertionError if the sum of the steps' results is not finite
   */
  static long bytesAllocatedBy(DoubleSupplier step, int warmup, int steps) {
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
