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
    AddTask t = ADD_TASKS.get();
    t.set(bias, biasOff, x, xOff, cols);
    try {
      ctx.parallelFor(rows, t);
    } finally {
      t.set(null, 0, null, 0, 0);
    }
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
    SumTask t = SUM_TASKS.get();
    t.set(x, xOff, rows, cols, dst, dstOff);
    try {
      ctx.parallelFor((cols + COLUMN_UNIT - 1) / COLUMN_UNIT, t);
    } finally {
      t.set(null, 0, 0, 0, null, 0);
    }
  }

  /**
   * Adding the bias, split over rows of x; reused per calling thread, so a call allocates nothing.
   */
  private static final class AddTask implements RangeTask {
    private float[] bias; // (cols)
    private int biasOff;
    private float[] x; // (rows, cols)
    private int xOff;
    private int cols;

    void set(float[] bias, int biasOff, float[] x, int xOff, int cols) {
      this.bias = bias;
      this.biasOff = biasOff;
      this.x = x;
      this.xOff = xOff;
      this.cols = cols;
    }

    @Override
    public void run(int from, int to) {
      Pointwise.addBiasToRows(bias, biasOff, x, xOff + from * cols, to - from, cols);
    }
  }

  /**
   * Summing the gradient, split over groups of {@link #COLUMN_UNIT} columns; reused per calling
   * thread, so a call allocates nothing.
   */
  private static final class SumTask implements RangeTask {
    private float[] x; // (rows, cols)
    private int xOff;
    private int rows;
    private int cols;
    private float[] dst; // (cols)
    private int dstOff;

    void set(float[] x, int xOff, int rows, int cols, float[] dst, int dstOff) {
      this.x = x;
      this.xOff = xOff;
      this.rows = rows;
      this.cols = cols;
      this.dst = dst;
      this.dstOff = dstOff;
    }

    @Override
    public void run(int from, int to) {
      int j0 = from * COLUMN_UNIT;
      int j1 = Math.min(cols, to * COLUMN_UNIT);
      Pointwise.sumRowsInto(x, xOff + j0, rows, cols, j1 - j0, dst, dstOff + j0);
    }
  }
}
