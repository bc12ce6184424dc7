package io.github.lstm4j.bench;

import io.github.lstm4j.core.compute.ComputeContext;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A benchmark state that runs on a {@link ComputeContext} of {@link #threads} threads, one pool per
 * trial: the pool is opened before the subclass builds its model ({@link #build}) and closed after
 * the trial, before the subclass checks its last result ({@link #check}). One set-up and one
 * tear-down method, so the order of the two halves is fixed (JMH does not order several {@code
 * Setup} methods of one state).
 */
public abstract class ThreadedBenchmark extends ForkedBenchmark {
  /** Threads of the {@link ComputeContext}. */
  @Param({"1", "2"})
  public int threads;

  /** The trial's pool, open from {@link #build} to the tear-down. */
  ComputeContext ctx;

  /** For the benchmarks' states, which JMH instantiates. */
  protected ThreadedBenchmark() {}

  /** Opens the pool, then builds the subclass's model and data. */
  @Setup(Level.Trial)
  public final void setUp() {
    ctx = ComputeContext.of(threads);
    build();
  }

  /** Builds the model, data and buffers from fixed seeds, on {@link #ctx}. */
  abstract void build();

  /** Releases the threads, then runs the subclass's check. */
  @TearDown(Level.Trial)
  public final void tearDown() {
    ctx.close();
    check();
  }

  /** Fails the run if the trial's last result is wrong; accepts every result unless overridden. */
  void check() {}
}
