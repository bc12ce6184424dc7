package io.github.lstm4j.core.kernel;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.compute.RangeTask;

/**
 * A layer's bias added to a batch of rows, and its gradient summed over them, split across a {@link
 * ComputeContext}: {@link Pointwise#addBiasToRows} and {@link Pointwise#sumRowsInto} for the sizes
 * where one thread alone would hold up the others.
 *
 * <p>With two threads, these two passes over (T·B, 4H) would otherwise be the largest work left on
 * one thread in a training step, while the other thread waits. Adding the bias splits over rows;
 * the bias gradient splits over columns, each thread summing its columns over all rows in ascending
 * order. Every element sees the same additions in the same order as on one thread, so the bits do
 * not depend on the thread count.
 *
 * <pre>{@code
 * BiasRows.add(ctx, w, biasOff, gates, 0, rows, fourH); // gates[r, :] += b
 * }</pre>
 */
public final class BiasRows {
  /** Below this many elements a call runs on the caller's thread alone. */
  static final long PARALLEL_THRESHOLD = 65_536;

  /** Columns of the gradient are handed to threads in groups of this many (one cache line). */
  static final int COLUMN_UNIT = 16;

  private static final ThreadLocal<AddTask> ADD_TASKS = ThreadLocal.withInitial(AddTask::new);

  private static final ThreadLocal<SumTask> SUM_TASKS = ThreadLocal.withInitial(SumTask::new);

  private BiasRows() {}

  /**
   * x[r, :] += bias for every row r of x (rows × cols).
   *
   * @param ctx the threads to run on
   * @param bias the bias values (cols)
   * @param biasOff where the bias starts
   * @param x the matrix to add to
   * @param xOff where x starts
   * @param rows rows of x
   * @param cols columns of x
   */
  public static void add(
      ComputeContext ctx, float[] bias, int biasOff, float[] x, int xOff, int rows, int cols) {
    if (ctx.threads() == 1 || (long) rows * cols < PARALLEL_THRESHOLD) {
      Pointwise.addBiasToRows(bias, biasOff, x, xOff, rows, cols);
      return;
    }
    run(ctx, rows, ADD_TASKS.get().set(bias, biasOff, x, xOff, rows, cols));
  }

  /**
   * dst[j] += Σ_r x[r, j], summing rows in ascending order: the bias gradient.
   *
   * @param ctx the threads to run on
   * @param x the matrix (rows × cols)
   * @param xOff where x starts
   * @param rows rows of x
   * @param cols columns of x
   * @param dst the accumulator (cols)
   * @param dstOff where the accumulator starts
   */
  public static void sumGradient(
      ComputeContext ctx, float[] x, int xOff, int rows, int cols, float[] dst, int dstOff) {
    if (ctx.threads() == 1 || (long) rows * cols < PARALLEL_THRESHOLD) {
      Pointwise.sumRowsInto(x, xOff, rows, cols, dst, dstOff);
      return;
    }
    run(
        ctx,
        (cols + COLUMN_UNIT - 1) / COLUMN_UNIT,
        SUM_TASKS.get().set(dst, dstOff, x, xOff, rows, cols));
  }

  private static void run(ComputeContext ctx, int units, RowsTask t) {
    try {
      ctx.parallelFor(units, t);
    } finally {
      t.set(null, 0, null, 0, 0, 0);
    }
  }

  /**
   * A pass over the rows of x (rows × cols) with a vector v (cols): the bias added to each row, or
   * the gradient they sum to. Reused per calling thread, so a call allocates nothing.
   */
  private abstract static class RowsTask implements RangeTask {
    float[] v; // (cols)
    int vOff;
    float[] x; // (rows, cols)
    int xOff;
    int rows;
    int cols;

    RowsTask set(float[] v, int vOff, float[] x, int xOff, int rows, int cols) {
      this.v = v;
      this.vOff = vOff;
      this.x = x;
      this.xOff = xOff;
      this.rows = rows;
      this.cols = cols;
      return this;
    }
  }

  /** Adding the bias v, split over rows of x. */
  private static final class AddTask extends RowsTask {
    @Override
    public void run(int from, int to) {
      Pointwise.addBiasToRows(v, vOff, x, xOff + from * cols, to - from, cols);
    }
  }

  /** Summing the rows of x into v, split over groups of {@link #COLUMN_UNIT} columns. */
  private static final class SumTask extends RowsTask {
    @Override
    public void run(int from, int to) {
      int j0 = from * COLUMN_UNIT;
      int j1 = Math.min(cols, to * COLUMN_UNIT);
      Pointwise.sumRowsInto(x, xOff + j0, rows, cols, j1 - j0, v, vOff + j0);
    }
  }
}
