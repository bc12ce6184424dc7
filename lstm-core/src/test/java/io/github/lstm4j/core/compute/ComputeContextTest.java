package io.github.lstm4j.core.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ComputeContextTest {

  /** Runs one parallelFor and returns how often each index was visited. */
  private static int[] visitCounts(ComputeContext ctx, int n) {
    AtomicIntegerArray counts = new AtomicIntegerArray(n);
    ctx.parallelFor(
        n,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            counts.incrementAndGet(i);
          }
        });
    int[] result = new int[n];
    for (int i = 0; i < n; i++) {
      result[i] = counts.get(i);
    }
    return result;
  }

  private static int[] ones(int n) {
    int[] x = new int[n];
    Arrays.fill(x, 1);
    return x;
  }

  @Test
  void everyIndexIsVisitedExactlyOnceForAnyThreadCountAndSize() {
    for (int threads = 1; threads <= 4; threads++) {
      try (ComputeContext ctx = ComputeContext.of(threads)) {
        for (int n : new int[] {0, 1, 2, 3, 4, 5, 7, 64, 1001}) {
          for (int repeat = 0; repeat < 3; repeat++) {
            assertThat(visitCounts(ctx, n)).as("threads=%d n=%d", threads, n).isEqualTo(ones(n));
          }
        }
      }
    }
  }

  @Test
  void backToBackOperationsOfDifferentSizesNeverRunAChunkTwice() {
    // A worker still claiming in the previous operation once read the new operation's chunk count
    // and claimed a chunk past the old one's end: it then ran that chunk of the new task, which a
    // second thread ran too. Many short operations of changing sizes give that window its chances.
    try (ComputeContext ctx = ComputeContext.of(4)) {
      for (int op = 0; op < 100_000; op++) {
        int n = 2 + op % 4;
        assertThat(visitCounts(ctx, n)).as("operation %d, n=%d", op, n).isEqualTo(ones(n));
      }
    }
  }

  @Test
  void chunksAreTheContiguousRangesOfChunkStartAndTheCallerRunsChunkZero() {
    try (ComputeContext ctx = ComputeContext.of(3)) {
      List<int[]> ranges = new CopyOnWriteArrayList<>();
      AtomicReference<Thread> chunkZeroThread = new AtomicReference<>();
      ctx.parallelFor(
          10,
          (from, to) -> {
            ranges.add(new int[] {from, to});
            if (from == 0) {
              chunkZeroThread.set(Thread.currentThread());
            }
          });
      assertThat(ranges)
          .extracting(r -> r[0] + ".." + r[1])
          .containsExactlyInAnyOrder("0..3", "3..6", "6..10");
      assertThat(chunkZeroThread.get()).isSameAs(Thread.currentThread());
      for (int c = 0; c < 3; c++) {
        assertThat(ComputeContext.chunkStart(10, 3, c + 1) - ComputeContext.chunkStart(10, 3, c))
            .isBetween(3, 4);
      }
    }
  }

  @Test
  void fewerIndicesThanThreadsUseOneChunkPerIndex() {
    try (ComputeContext ctx = ComputeContext.of(4)) {
      List<int[]> ranges = new CopyOnWriteArrayList<>();
      ctx.parallelFor(2, (from, to) -> ranges.add(new int[] {from, to}));
      assertThat(ranges)
          .extracting(r -> r[0] + ".." + r[1])
          .containsExactlyInAnyOrder("0..1", "1..2");
    }
  }

  @Test
  void anExceptionInAWorkerChunkIsRethrownOnTheCallerAndThePoolStillWorks() {
    try (ComputeContext ctx = ComputeContext.of(2)) {
      IllegalStateException boom = new IllegalStateException("boom");
      assertThatThrownBy(
              () ->
                  ctx.parallelFor(
                      100,
                      (from, to) -> {
                        if (to == 100) {
                          throw boom;
                        }
                      }))
          .isSameAs(boom);
      assertThat(visitCounts(ctx, 100)).containsOnly(1);
    }
  }

  @Test
  void theLowestFailingChunksExceptionIsRethrown() {
    try (ComputeContext ctx = ComputeContext.of(3)) {
      for (int repeat = 0; repeat < 20; repeat++) {
        assertThatThrownBy(
                () ->
                    ctx.parallelFor(
                        3,
                        (from, to) -> {
                          if (from > 0) {
                            throw new IllegalStateException("chunk starting at " + from);
                          }
                        }))
            .hasMessage("chunk starting at 1");
      }
    }
  }

  @Test
  void anExceptionOnTheCallersChunkIsRethrownAfterTheWorkersFinish() {
    try (ComputeContext ctx = ComputeContext.of(2)) {
      AtomicIntegerArray done = new AtomicIntegerArray(1);
      AssertionError failure = new AssertionError("caller chunk");
      assertThatThrownBy(
              () ->
                  ctx.parallelFor(
                      2,
                      (from, to) -> {
                        if (from == 0) {
                          throw failure;
                        }
                        sleep(50);
                        done.set(0, 1);
                      }))
          .isSameAs(failure);
      assertThat(done.get(0)).as("worker chunk finished before parallelFor returned").isEqualTo(1);
      assertThat(visitCounts(ctx, 10)).containsOnly(1);
    }
  }

  @Test
  void aTaskCallingBackIntoItsContextRunsTheInnerLoopOnItsOwnThread() {
    try (ComputeContext ctx = ComputeContext.of(2)) {
      List<String> inner = new CopyOnWriteArrayList<>();
      ctx.parallelFor(
          2,
          (from, to) -> {
            Thread outer = Thread.currentThread();
            ctx.parallelFor(
                8,
                (f, t) ->
                    inner.add(f + ".." + t + (Thread.currentThread() == outer ? "" : " moved")));
          });
      assertThat(inner).containsExactly("0..8", "0..8");
    }
  }

  @Test
  void manyThreadsSharingOneContextEachGetCompleteResults() throws InterruptedException {
    try (ComputeContext ctx = ComputeContext.of(2)) {
      int callers = 4;
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < callers; t++) {
        int n = 50 + t;
        Thread thread =
            new Thread(
                () -> {
                  try {
                    start.await();
                    for (int repeat = 0; repeat < 300; repeat++) {
                      assertThat(visitCounts(ctx, n)).isEqualTo(ones(n));
                    }
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                });
        thread.start();
        threads.add(thread);
      }
      start.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(failures).isEmpty();
      assertThat(visitCounts(ctx, 1000)).containsOnly(1);
    }
  }

  @Test
  void afterCloseTheWorkersStopAndCallsRunOnTheCaller() throws InterruptedException {
    ComputeContext ctx = ComputeContext.of(3);
    Set<Thread> workers = ConcurrentHashMap.newKeySet();
    Thread caller = Thread.currentThread();
    CountDownLatch allStarted = new CountDownLatch(3);
    ctx.parallelFor(
        3,
        (from, to) -> {
          allStarted.countDown();
          await(allStarted); // the caller blocks in chunk 0, so the workers must run 1 and 2
          if (Thread.currentThread() != caller) {
            workers.add(Thread.currentThread());
          }
        });
    assertThat(workers).hasSize(2);
    ctx.close();
    ctx.close();
    for (Thread w : workers) {
      w.join(5_000);
      assertThat(w.isAlive()).as("%s alive after close", w.getName()).isFalse();
    }
    List<String> ranges = new CopyOnWriteArrayList<>();
    ctx.parallelFor(
        10,
        (from, to) ->
            ranges.add(from + ".." + to + (Thread.currentThread() == caller ? "" : " moved")));
    assertThat(ranges).containsExactly("0..10");
  }

  @Test
  void closeWaitsForAnOperationRunningOnAnotherThread() throws InterruptedException {
    ComputeContext ctx = ComputeContext.of(2);
    CountDownLatch running = new CountDownLatch(1);
    AtomicIntegerArray counts = new AtomicIntegerArray(2);
    Thread user =
        new Thread(
            () ->
                ctx.parallelFor(
                    2,
                    (from, to) -> {
                      running.countDown();
                      sleep(100);
                      counts.incrementAndGet(from);
                    }));
    user.start();
    running.await();
    ctx.close();
    user.join();
    assertThat(counts.get(0)).isEqualTo(1);
    assertThat(counts.get(1)).isEqualTo(1);
  }

  @Test
  void aThreadCountOutsideOneToMaxThreadsIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ComputeContext.of(0))
        .withMessage("threads must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ComputeContext.of(ComputeContext.MAX_THREADS + 1))
        .withMessage("threads must be at most 4096, got 4097");
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
