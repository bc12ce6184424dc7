package io.github.lstm4j.core.compute;

/**
 * A piece of parallel work over a half-open range of indices, as split by {@link
 * ComputeContext#parallelFor}.
 *
 * <pre>{@code
 * ctx.parallelFor(rows, (from, to) -> { for (int r = from; r < to; r++) work(r); });
 * }</pre>
 */
@FunctionalInterface
public interface RangeTask {
  /**
   * Processes indices {@code from} (inclusive) to {@code to} (exclusive).
   *
   * @param from the first index
   * @param to one past the last index
   */
  void run(int from, int to);
}
