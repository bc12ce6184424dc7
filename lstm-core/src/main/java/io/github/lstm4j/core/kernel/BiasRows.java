package io.github.lstm4j.core.kernel;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.compute.RangeTask;

/**
 * A layer's bias added to a batch of rows, and its gradient summed over them, split across a {@link
 * ComputeContext}: {@link Pointwise#addBiasToRows} and {@link Pointwise#sumRowsInto} for the sizes
 * where one thread alone would hold up the others.
 *
 * <p>With two threads, these two passes over (T·B, 4H) were the largest work left on one thread in
 * a training step: 8% of the calling thread's time in W2, while the other thread waited. Adding the
 * bias splits over rows; the bias gradient splits over columns, each thread summing its columns
 * over all rows in ascending order. Every element sees the same additions in the same order as on
 * one thread, so the bits do not depend on the thread count.
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

  private static final ThreadLocal<RowsTask> TASKS = ThreadLocal.withInitial(RowsTask::new);

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
    run(ctx, false, bias, biasOff, x, xOff, rows, cols, rows);
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
    run(ctx, true, dst, dstOff, x, xOff, rows, cols, (cols + COLUMN_UNIT - 1) / COLUMN_UNIT);
  }

  private static void run(
      ComputeContext ctx,
      boolean sum,
      float[] vector,
      int vectorOff,
      float[] x,
      int xOff,
      int rows,
      int cols,
      int units) {
    RowsTask t = TASKS.get();
    t.sum = sum;
    t.vector = vector;
    t.vectorOff = vectorOff;
    t.x = x;
    t.xOff = xOff;
    t.rows = rows;
    t.cols = cols;
    try {
      ctx.parallelFor(units, t);
    } finally {
      t.vector = null;
      t.x = null;
    }
  }

  /**
   * One call, reused per calling thread so that a call allocates nothing. Its units are rows of x
   * when adding, groups of {@link #COLUMN_UNIT} columns when summing.
   */
  private static final class RowsTask implements RangeTask {
    boolean sum;
    float[] vector; // the bias (cols) when adding, the accumulator (cols) when summing
    int vectorOff;
    float[] x; // (rows, cols)
    int xOff;
    int rows;
    int cols;

    @Override
    public void run(int from, int to) {
      if (!sum) {
        Pointwise.addBiasToRows(vector, vectorOff, x, xOff + from * cols, to - from, cols);
        return;
      }
      int j0 = from * COLUMN_UNIT;
      int j1 = Math.min(cols, to * COLUMN_UNIT);
      Pointwise.sumRowsInto(x, xOff + j0, rows, cols, j1 - j0, vector, vectorOff + j0);
    }
  }
}
