package io.github.lstm4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.testing.TestData;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link BiasRows}: split over 2 and 3 threads, adding the bias and summing its gradient give the
 * bits of the one-thread loops in {@link Pointwise}, inside a larger array (offsets), for shapes
 * below and above the parallel threshold and with a column count that is no multiple of the column
 * unit; rows and columns outside the band are left alone.
 */
class BiasRowsTest {
  private static final int[][] SHAPES = { // {rows, cols}
    {1, 1}, {7, 33}, {300, 217}, {3584, 512}, {65, 1031}
  };
  private static final int OFFSET = 5;

  private static ComputeContext two;
  private static ComputeContext three;

  @BeforeAll
  static void startContexts() {
    two = ComputeContext.of(2);
    three = ComputeContext.of(3);
  }

  @AfterAll
  static void closeContexts() {
    two.close();
    three.close();
  }

  /**
   * The first index where the raw bits differ, or -1 (AssertJ's own diff of long arrays is slow).
   */
  private static int firstDifference(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
        return i;
      }
    }
    return -1;
  }

  /** Runs {@code op} on a copy of {@code start} on 2 and on 3 threads; expects these bits. */
  private static void assertEveryContextGives(
      String shape, float[] expected, float[] start, BiConsumer<ComputeContext, float[]> op) {
    for (ComputeContext ctx : new ComputeContext[] {two, three}) {
      float[] actual = start.clone();
      op.accept(ctx, actual);
      assertThat(firstDifference(actual, expected))
          .as("first differing index, %s on %s", shape, ctx)
          .isEqualTo(-1);
    }
  }

  @Test
  void addingTheBiasOnManyThreadsGivesTheOneThreadBits() {
    SplittableRandom random = new SplittableRandom(3);
    for (int[] shape : SHAPES) {
      int rows = shape[0];
      int cols = shape[1];
      float[] bias = TestData.uniform(random, OFFSET + cols);
      float[] x = TestData.uniform(random, OFFSET + rows * cols + OFFSET);
      float[] expected = x.clone();
      Pointwise.addBiasToRows(bias, OFFSET, expected, OFFSET, rows, cols);
      assertEveryContextGives(
          rows + "×" + cols,
          expected,
          x,
          (ctx, actual) -> BiasRows.add(ctx, bias, OFFSET, actual, OFFSET, rows, cols));
    }
  }

  @Test
  void theVectorBiasAddGivesThePlainBits() {
    KernelBackend vector = VectorBackendUnderTest.orSkip();
    SplittableRandom random = new SplittableRandom(5);
    for (int[] shape : SHAPES) {
      int rows = shape[0];
      int cols = shape[1];
      float[] bias = TestData.uniform(random, OFFSET + cols);
      float[] x = TestData.uniform(random, OFFSET + rows * cols + OFFSET);
      float[] expected = x.clone();
      KernelSelection.PLAIN.addBiasToRows(bias, OFFSET, expected, OFFSET, rows, cols);
      float[] actual = x.clone();
      vector.addBiasToRows(bias, OFFSET, actual, OFFSET, rows, cols);
      assertThat(actual).as("%d×%d", rows, cols).isEqualTo(expected);
      assertThat(actual[0]).as("before x").isEqualTo(x[0]);
      assertThat(actual[actual.length - 1]).as("after x").isEqualTo(x[x.length - 1]);
    }
  }

  @Test
  void summingTheGradientOnManyThreadsGivesTheOneThreadBits() {
    SplittableRandom random = new SplittableRandom(4);
    for (int[] shape : SHAPES) {
      int rows = shape[0];
      int cols = shape[1];
      float[] x = TestData.uniform(random, OFFSET + rows * cols);
      float[] dst = TestData.uniform(random, OFFSET + cols + OFFSET);
      float[] expected = dst.clone();
      Pointwise.sumRowsInto(x, OFFSET, rows, cols, expected, OFFSET);
      assertEveryContextGives(
          rows + "×" + cols,
          expected,
          dst,
          (ctx, actual) -> BiasRows.sumGradient(ctx, x, OFFSET, rows, cols, actual, OFFSET));
    }
  }

  @Test
  void theOneThreadSumAddsEveryRowInOrder() {
    float[] x = {1e8f, 1f, -1e8f, 2f, 1f, 3f}; // (3, 2): column 0 is 1 only if row 2 comes last
    float[] dst = {0f, 10f};
    Pointwise.sumRowsInto(x, 0, 3, 2, dst, 0);
    assertThat(dst).containsExactly(((0f + 1e8f) + -1e8f) + 1f, 10f + 1f + 2f + 3f);
  }
}
