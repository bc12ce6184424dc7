package io.github.lstm4j.core.compute;

import io.github.lstm4j.core.Checks;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed pool of threads that splits work over output indices, deterministically.
 *
 * <p>{@link #parallelFor} cuts {@code [0, n)} into {@link #threads()} contiguous chunks and runs
 * each on its own thread, the caller's thread included. Kernels give every output element to
 * exactly one chunk and sum it in an order that does not depend on the chunking, so results are
 * bit-identical for any thread count.
 *
 * <p>The pool allocates nothing per call: workers spin briefly, then park, waiting for the next
 * task. One context runs one parallel operation at a time; a thread that calls while the pool is
 * busy runs its whole range itself (same result, no waiting), so a context may be shared by any
 * number of threads. Close the context to stop its workers.
 *
 * <pre>{@code
 * try (ComputeContext ctx = ComputeContext.of(2)) {
 *   ctx.parallelFor(rows, (from, to) -> { ... });
 * }
 * }</pre>
 */
public final class ComputeContext implements AutoCloseable {
  private static final int SPINS_BEFORE_PARK = 20_000;

  private final int threads;
  private final Worker[] workers; // threads - 1 helpers; chunk 0 runs on the caller
  private final ReentrantLock busy = new ReentrantLock();
  private final AtomicInteger pending = new AtomicInteger();
  private volatile Thread caller;
  private volatile boolean closed;

  // The current task; written by the caller before the epoch bump that publishes it.
  private RangeTask task;
  private int taskSize;
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
   * Runs {@code task} over {@code [0, n)} split into at most {@link #threads()} contiguous chunks,
   * and returns when all are done. Runs on the caller's thread alone when {@code n < 2}, when this
   * context has one thread, or when another thread is using the pool.
   *
   * @param n the number of indices, {@code >= 0}
   * @param task the work; must not call back into this context
   * @throws RuntimeException or Error whatever a chunk threw, rethrown on the caller's thread
   */
  public void parallelFor(int n, RangeTask task) {
    if (threads == 1 || n < 2 || closed || !busy.tryLock()) {
      task.run(0, n);
      return;
    }
    try {
      int chunks = Math.min(threads, n);
      this.task = task;
      this.taskSize = n;
      this.failure = null;
      this.caller = Thread.currentThread();
      pending.set(chunks - 1);
      for (int w = 0; w < chunks - 1; w++) {
        workers[w].assign(chunks);
      }
      Throwable mine = null;
      try {
        task.run(0, chunkStart(n, chunks, 1));
      } catch (RuntimeException | Error e) {
        mine = e;
      }
      awaitWorkers();
      this.task = null;
      Throwable failed = mine != null ? mine : failure;
      if (failed instanceof RuntimeException) {
        throw (RuntimeException) failed;
      }
      if (failed instanceof Error) {
        throw (Error) failed;
      }
    } finally {
      busy.unlock();
    }
  }

  private void awaitWorkers() {
    int spins = 0;
    while (pending.get() != 0) {
      if (++spins < SPINS_BEFORE_PARK) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(this, 50_000L);
      }
    }
  }

  /** Stops the worker threads. Later calls run on the caller's thread. */
  @Override
  public void close() {
    closed = true;
    for (Worker w : workers) {
      w.wake();
    }
  }

  @Override
  public String toString() {
    return "ComputeContext(threads=" + threads + ")";
  }

  /** One pool thread; it runs chunk {@link #chunk} of every task it is assigned. */
  private final class Worker extends Thread {
    private final int chunk;
    private volatile int epoch;
    private volatile int chunks;
    private int seen;

    Worker(int chunk) {
      super("lstm4j-compute-" + chunk);
      this.chunk = chunk;
      setDaemon(true);
    }

    void assign(int chunkCount) {
      this.chunks = chunkCount;
      epoch++; // volatile write publishes task, taskSize and chunks
      LockSupport.unpark(this);
    }

    void wake() {
      LockSupport.unpark(this);
    }

    @Override
    public void run() {
      while (!closed) {
        int spins = 0;
        while (epoch == seen && !closed) {
          if (++spins < SPINS_BEFORE_PARK) {
            Thread.onSpinWait();
          } else {
            LockSupport.park(this);
          }
        }
        if (closed) {
          return;
        }
        seen = epoch;
        int n = taskSize;
        int c = chunks;
        try {
          task.run(chunkStart(n, c, chunk), chunkStart(n, c, chunk + 1));
        } catch (RuntimeException | Error e) {
          failure = e;
        }
        if (pending.decrementAndGet() == 0) {
          LockSupport.unpark(caller);
        }
      }
    }
  }
}
