package io.github.lstm4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much of the machine other processes used while a measurement ran: (busy CPU time of all CPUs
 * − this process's CPU time) / (wall time · CPUs), from Linux's {@code /proc/stat} and the JVM's
 * process CPU time. The machine is shared, and other load only slows a run down, so a figure taken
 * under load is a lower bound on throughput; this is the same probe as {@code pytorch_lstm.py}'s
 * "other procs" column.
 *
 * <p>NaN where {@code /proc/stat} or the process CPU time is unavailable (not Linux, or a JVM
 * without {@code com.sun.management}).
 */
final class MachineLoad {
  /** Linux reports {@code /proc/stat} in USER_HZ ticks, 100 per second on every common ABI. */
  private static final double TICKS_PER_SECOND = 100.0;

  private static final Path PROC_STAT = Path.of("/proc/stat");

  private final long wallStart;
  private final double busyStart; // s of busy CPU, all CPUs
  private final double ownStart; // s of this process's CPU

  private MachineLoad() {
    this.wallStart = System.nanoTime();
    this.busyStart = busySeconds();
    this.ownStart = ownSeconds();
  }

  /** Starts measuring now. */
  static MachineLoad start() {
    return new MachineLoad();
  }

  /**
   * Returns the share of the whole machine that other processes used since {@link #start()}.
   *
   * @return in [0, 1] (can slightly exceed 1 by tick rounding), or NaN if unknown
   */
  double otherProcessesShare() {
    double wall = (System.nanoTime() - wallStart) / 1e9;
    double busy = busySeconds() - busyStart;
    double own = ownSeconds() - ownStart;
    int cpus = Runtime.getRuntime().availableProcessors();
    return Math.max(0.0, busy - own) / (wall * cpus);
  }

  /** Σ user..steal − idle − iowait, over all CPUs, from the first line of /proc/stat. */
  private static double busySeconds() {
    try {
      String first = Files.readAllLines(PROC_STAT).get(0);
      String[] f = first.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i <= 8 && i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return (total - idle) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static double ownSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long nanos = os.getProcessCpuTime();
      return nanos < 0 ? Double.NaN : nanos / 1e9;
    }
    return Double.NaN;
  }
}
