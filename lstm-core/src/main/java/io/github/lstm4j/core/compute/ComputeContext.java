package io.github.lstm4j.core.compute;

import io.github.lstm4j.core.Checks;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of threads that splits work over output indices, deterministically.
 *
 * <p>{@link #parallelFor} cuts {@code [0, n)} into {@code min(threads(), n)} contiguous chunks (see
 * {@link #chunkStart}) that depend only on {@code n} and the thread count. Which thread runs which
 * chunk is not fixed: the caller runs chunk 0, then takes any chunk that no worker has claimed yet,
 * so an operation never waits for a worker that the operating system has not scheduled. Kernels
 * give every output element to exactly one chunk and sum it in an order that does not depend on the
 * chunking, so results are bit-identical for any thread count.
 *
 * <p>It is not a general executor: one context runs one parallel operation at a time, and a thread
 * that calls while the pool is busy (another thread's operation, or a task calling back into its
 * own context) runs its whole range itself, with the same result and without waiting. A context may
 * therefore be shared by any number of threads.
 *
 * <p>A call allocates nothing. Between operations the workers spin for about half a millisecond (so
 * that the back-to-back operations of a training step are handed over in well under a microsecond),
 * then park until the next one. Close the context to stop its workers.
 *
 * <pre>{@code
 * try (ComputeContext ctx = ComputeContext.of(2)) {
 *   ctx.parallelFor(rows, (from, to) -> { ... });
 * }
 * }</pre>
 */
public final class ComputeContext implements AutoCloseable {
  /** Busy-wait rounds (each one {@link Thread#onSpinWait}, about 30 ns) before parking. */
  private static final int SPINS_BEFORE_PARK = 1 << 14;

  /** How long the caller parks at most while waiting for workers, as a guard against lost wakes. */
  private static final long CALLER_PARK_NANOS = 100_000L;

  /** The most threads a context runs: chunk numbers are 16-bit fields of {@link #claims}. */
  public static final int MAX_THREADS = 4096;

  private final int threads;
  private final Worker[] workers;
  private final AtomicBoolean busy = new AtomicBoolean();

  // The current operation, written by the caller (holding busy) before `claims` publishes it.
  private RangeTask task;
  private int taskSize;
  private int taskChunks;
  private int operation; // number of the current operation; written by callers holding busy only

  /**
   * (operation << 32) | (chunks << 16) | next unclaimed chunk: claiming a chunk is one
   * compare-and-set. The chunk count rides in the same word, not only in {@link #taskChunks}: a
   * worker that read the word of one operation and the field after the caller had written the next
   * operation's larger count could claim a chunk past the old operation's end, and its
   * compare-and-set succeeded in the moment before the new word was published; it then ran a chunk
   * of the new task that another thread ran too.
   */
  private final AtomicLong claims = new AtomicLong();

  /** Chunks of the current operation not finished yet. */
  private final AtomicInteger unfinished = new AtomicInteger();

  private final Object failureLock = new Object();
  private Throwable failure; // of the lowest failed chunk; guarded by failureLock
  private int failedChunk; // guarded by failureLock

  private volatile boolean closed;
  private volatile Thread caller;
  private volatile boolean callerParked;

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
   * @param threads the thread count, from 1 to {@value #MAX_THREADS}
   * @return a new context; close it when done
   * @throws IllegalArgumentException if {@code threads} is outside that range
   */
  public static ComputeContext of(int threads) {
    if (threads > MAX_THREADS) {
      throw new IllegalArgumentException(
          "threads must be at most " + MAX_THREADS + ", got " + threads);
    }
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
   * Runs {@code task} over {@code [0, n)} split into {@code chunks = min(threads(), n)} contiguous
   * chunks, chunk {@code c} covering {@code [chunkStart(n, chunks, c), chunkStart(n, chunks, c +
   * 1))}, and returns when all are done. Runs {@code task.run(0, n)} on the caller's thread alone
   * when {@code n < 2}, when this context has one thread or is closed, or when the pool is busy
   * with another operation.
   *
   * @param n the number of indices, {@code >= 0}
   * @param task the work; chunk 0 runs on the calling thread, the others on any thread
   * @throws RuntimeException or Error the exception of the lowest-numbered chunk that threw,
   *     rethrown on the caller's thread once all chunks have finished
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
    this.caller = Thread.currentThread();
    long op = Integer.toUnsignedLong(++operation); // wraps after 2^32 operations, harmlessly

    unfinished.set(chunks);
    // volatile write: publishes the fields above; chunk 0 is ours
    claims.set(op << 32 | (long) chunks << 16 | 1);
    for (Worker w : workers) {
      w.wake();
    }
    runChunk(0);
    for (int c; (c = claim(op)) >= 0; ) {
      runChunk(c);
    }
    awaitChunks();
    this.task = null;
    Throwable failed;
    synchronized (failureLock) {
      failed = failure;
      failure = null;
    }
    if (failed != null) {
      rethrow(failed);
    }
  }

  /** Claims the next chunk of operation {@code op}; returns -1 when none is left. */
  private int claim(long op) {
    while (true) {
      long s = claims.get();
      int chunks = (int) (s >>> 16) & 0xFFFF;
      int next = (int) s & 0xFFFF;
      if (s >>> 32 != op || next >= chunks) {
        return -1;
      }
      if (claims.compareAndSet(s, s + 1)) {
        return next;
      }
    }
  }

  /** Runs one claimed chunk; any thread. */
  private void runChunk(int chunk) {
    int n = taskSize;
    int chunks = taskChunks;
    try {
      task.run(chunkStart(n, chunks, chunk), chunkStart(n, chunks, chunk + 1));
    } catch (Throwable e) { // rethrown by the caller once every chunk has finished
      synchronized (failureLock) {
        if (failure == null || chunk < failedChunk) {
          failure = e;
          failedChunk = chunk;
        }
      }
    }
    if (unfinished.decrementAndGet() == 0 && callerParked) {
      LockSupport.unpark(caller);
    }
  }

  private void awaitChunks() {
    int spins = 0;
    while (unfinished.get() != 0) {
      if (spins < SPINS_BEFORE_PARK) {
        spins++;
        Thread.onSpinWait();
      } else {
        callerParked = true;
        if (unfinished.get() != 0) {
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

  /** A pool thread: claims and runs chunks of each operation until none is left. */
  private final class Worker extends Thread {
    private volatile boolean parked;

    Worker(int number) {
      super("lstm4j-compute-" + number);
      setDaemon(true);
    }

    /** Caller side, after publishing an operation: unparks this worker if it is parked. */
    void wake() {
      // Dekker-style hand-shake with awaitOperation(): either the worker sees the new operation
      // before parking, or the caller sees its parked flag.
      if (parked) {
        LockSupport.unpark(this);
      }
    }

    @Override
    public void run() {
      long seen = 0; // the last operation this worker looked at
      while (true) {
        long op = awaitOperation(seen);
        if (op < 0) {
          return;
        }
        seen = op;
        for (int c; (c = claim(op)) >= 0; ) {
          runChunk(c);
        }
      }
    }

    /** Waits for an operation newer than {@code seen}; returns -1 once the context is closed. */
    private long awaitOperation(long seen) {
      int spins = 0;
      while (true) {
        long op = claims.get() >>> 32;
        if (op != seen) {
          return op;
        }
        if (closed) {
          return -1;
        }
        if (spins < SPINS_BEFORE_PARK) {
          spins++;
          Thread.onSpinWait();
        } else {
          parked = true;
          if (claims.get() >>> 32 == seen && !closed) {
            LockSupport.park(this);
            Thread.interrupted(); // nobody should interrupt a pool thread; do not spin if they do
          }
          parked = false;
        }
      }
    }
  }
}
