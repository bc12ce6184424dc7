package io.github.lstm4j.bench;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated on the heap so far by all live threads of this JVM (the caller and the compute
 * pool's workers), from HotSpot's per-thread allocation counters: the JMH-free form of {@code -prof
 * gc}'s {@code gc.alloc.rate.norm}. Unlike JMH's figure it does not include the harness's own
 * per-iteration allocation (about 5.7 kB per iteration with JMH 1.37, which single-shot mode
 * reports as B/op).
 */
final class AllocatedBytes {
  private AllocatedBytes() {}

  /**
   * Returns the sum of every live thread's allocated-bytes counter.
   *
   * @return bytes, or -1 if the JVM has no such counters
   */
  static long total() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        && threads.isThreadAllocatedMemorySupported()
        && threads.isThreadAllocatedMemoryEnabled()) {
      long sum = 0;
      for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
        sum += Math.max(0, bytes); // -1 for a thread that ended meanwhile
      }
      return sum;
    }
    return -1;
  }
}
