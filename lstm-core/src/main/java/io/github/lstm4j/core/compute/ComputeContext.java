package io.github.lstm4j.core.compute;

import io.github.lstm4j.core.Checks;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of threads that splits work over output indices, deterministically.
 *
 * <p>{@link #parallelFor} cuts {@code [0, n)} into at most {@link #threads()} contiguous chunks
 * (see {@link #chunkStart}) and runs each on its own thread, the caller's thread included. Kernels
 * give every output element to exactly one chunk and sum it in an order that does not depend on the
 * chunking, so results are bit-identical for any thread count.
 *
 * <p>It is not a general executor: one context runs one parallel operation at a time, and a thread
 * that calls while the pool is busy (another thread's operation, or a task calling back into its
 * own context) runs its whole range itself, with the same result and without waiting. A context may
 * therefore be shared by any number of threads.
 *
 * <p>A call allocates nothing. Between operations the workers spin for a short while (so that the
 * back-to-back operations of a training step are handed over in well under a microsecond), then
 * park until the next one. Close the context to stop its workers.
 *
 * <pre>{@code
 * try (ComputeContext ctx = ComputeContext.of(2)) {
 *   ctx.parallelFor(rows, (from, to) -> { ... });
 * }
 * }</pre>
 */
public final class ComputeContext implements AutoCloseable {
  /** Busy-wait rounds (each one {@link Thread#onSpinWait}) before a waiting thread parks. */
  private static final int SPINS_BEFORE_PARK = 1 << 14;

  /** How long the caller parks at most while waiting for workers, as a guard against lost wakes. */
  private static final long CALLER_PARK_NANOS = 100_000L;

  private final int threads;
  private final Worker[] workers; // threads - 1 helpers; chunk 0 runs on the caller
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicInteger pending = new AtomicInteger();
  private volatile boolean closed;
  private volatile Thread caller;
  private volatile boolean callerParked;

  // The current operation; written by the caller before the epoch increment that publishes it.
  private RangeTask task;
  private int taskSize;
  private int taskChunks;
  private volatile Throwable failure;

  private ComputeContext(int threads) {
    this.threads = threads;
    this.workers = new Worker[threads - 1];
    for (int w = 0; w < workers.length; w++) {
      workers[w] = new Worker(w + 1);
      workers[w].start();
    }
  }

  /**
   * Creates a context with the given number of threads (the caller's thread counts as one).
   *
   * @param threads the thread count, {@code >= 1}
   * @return a new context; close it when done
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public static ComputeContext of(int threads) {
    return new ComputeContext(Checks.positive("threads", threads));
  }

  /**
   * Creates a context that runs everything on the caller's thread. It owns no threads.
   *
   * @return a new single-threaded context
   */
  public static ComputeContext singleThreaded() {
    return new ComputeContext(1);
  }

  /**
   * Returns the number of threads, the caller's included.
   *
   * @return the thread count given at creation
   */
  public int threads() {
    return threads;
  }

  /**
   * Returns the start of chunk {@code chunk} when {@code n} indices are split into {@code chunks}
   * contiguous chunks of near-equal size. Chunk {@code c} covers {@code [start(c), start(c+1))}.
   *
   * @param n the number of indices
   * @param chunks the number of chunks
   * @param chunk the chunk index, {@code 0..chunks}
   * @return the first index of that chunk
   */
  public static int chunkStart(int n, int chunks, int chunk) {
    return (int) ((long) n * chunk / chunks);
  }

  /**
   * Runs {@code task} over {@code [0, n)} split into {@code min(threads(), n)} contiguous chunks
   * (chunk {@code c} covers {@code [chunkStart(n, chunks, c), chunkStart(n, chunks, c + 1))}) and
   * returns when all are done. Runs {@code task.run(0, n)} on the caller's thread alone when {@code
   * n < 2}, when this context has one thread or is closed, or when the pool is busy with another
   * operation.
   *
   * @param n the number of indices, {@code >= 0}
   * @param task the work; chunk 0 runs on the calling thread
   * @throws RuntimeException or Error whatever a chunk threw, rethrown on the caller's thread once
   *     all chunks have finished (the caller's own exception first)
   */
  public void parallelFor(int n, RangeTask task) {
    assert n >= 0 : n;
    if (threads == 1 || n < 2 || !busy.compareAndSet(false, true)) {
      task.run(0, n);
      return;
    }
    try {
      if (closed) {
        task.run(0, n);
        return;
      }
      runOnPool(n, task);
    } finally {
      busy.set(false);
    }
  }

  private void runOnPool(int n, RangeTask task) {
    int chunks = Math.min(threads, n);
    this.task = task;
    this.taskSize = n;
    this.taskChunks = chunks;
    this.failure = null;
    this.caller = Thread.currentThread();
    pending.set(chunks - 1);
    for (int w = 0; w < chunks - 1; w++) {
      workers[w].publish();
    }
    Throwable mine = null;
    try {
      task.run(0, chunkStart(n, chunks, 1));
    } catch (Throwable e) { // rethrown below, after the workers are done with the shared fields
      mine = e;
    }
    awaitWorkers();
    this.task = null;
    Throwable failed = mine != null ? mine : failure;
    if (failed != null) {
      rethrow(failed);
    }
  }

  private void awaitWorkers() {
    int spins = 0;
    while (pending.get() != 0) {
      if (spins < SPINS_BEFORE_PARK) {
        spins++;
        Thread.onSpinWait();
      } else {
        callerParked = true;
        if (pending.get() != 0) {
          LockSupport.parkNanos(this, CALLER_PARK_NANOS);
        }
        callerParked = false;
      }
    }
  }

  private static void rethrow(Throwable failed) {
    if (failed instanceof RuntimeException) {
      throw (RuntimeException) failed;
    }
    if (failed instanceof Error) {
      throw (Error) failed;
    }
    throw new UndeclaredThrowableException(failed);
  }

  /**
   * Stops the worker threads after any running operation has finished. Later calls of {@link
   * #parallelFor} run on the caller's thread. Closing twice is harmless. Must not be called from
   * inside a task of this context.
   */
  @Override
  public void close() {
    while (!busy.compareAndSet(false, true)) {
      Thread.onSpinWait();
    }
    try {
      closed = true;
      for (Worker w : workers) {
        LockSupport.unpark(w);
      }
    } finally {
      busy.set(false);
    }
  }

  @Override
  public String toString() {
    return "ComputeContext(threads=" + threads + ")";
  }

  /** One pool thread; it runs chunk {@link #chunk} of every operation it is given. */
  private final class Worker extends Thread {
    private final int chunk;
    private volatile int epoch; // written only by callers holding the busy flag, once per operation
    private volatile boolean parked;
    private int seen; // the last epoch this worker ran; read and written by this worker only

    Worker(int chunk) {
      super("lstm4j-compute-" + chunk);
      this.chunk = chunk;
      setDaemon(true);
    }

    /** Hands the current operation to this worker (caller side, under the busy flag). */
    void publish() {
      epoch = epoch + 1; // volatile write: publishes task, taskSize and taskChunks
      // Dekker-style hand-shake with run(): either the worker sees the new epoch before parking,
      // or we see its parked flag and wake it.
      if (parked) {
        LockSupport.unpark(this);
      }
    }

    @Override
    public void run() {
      while (awaitOperation()) {
        seen = epoch;
        int n = taskSize;
        int chunks = taskChunks;
        try {
          task.run(chunkStart(n, chunks, chunk), chunkStart(n, chunks, chunk + 1));
        } catch (Throwable e) { // handed to the caller, which rethrows it
          failure = e;
        }
        if (pending.decrementAndGet() == 0 && callerParked) {
          LockSupport.unpark(caller);
        }
      }
    }

    /** Waits for a new operation; returns false once the context is closed and none is left. */
    private boolean awaitOperation() {
      int spins = 0;
      while (epoch == seen) {
        if (closed) {
          return false;
        }
        if (spins < SPINS_BEFORE_PARK) {
          spins++;
          Thread.onSpinWait();
        } else {
          parked = true;
          if (epoch == seen && !closed) {
            LockSupport.park(this);
          }
          parked = false;
        }
      }
      return true;
    }
  }
}
