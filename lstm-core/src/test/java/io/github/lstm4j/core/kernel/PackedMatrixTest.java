package io.github.lstm4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.testing.TestData;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A packed matrix's product gives exactly the bits of {@link Gemm#multAddTransB} on W as stored
 * (the dot products a batch-1 step ran before), on every chunk of whole panels, for reordered and
 * padded rows, and on both back ends, each built explicitly (the vector one skipped, by name, where
 * it cannot run), each also compared with the plain layout.
 */
class PackedMatrixTest {
  private static final int P = PackedMatrix.PANEL;
  private static final int[] COLUMNS = {1, 7, 32, 33, P, P + 1, 2 * P + 6};
  private static final int[] DEPTHS = {1, 3, 4, 5, 9, 130};
  private static final int ROWS = 3;

  private static ComputeContext ctx;

  @BeforeAll
  static void start() {
    ctx = ComputeContext.singleThreaded();
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  /** rows reversed, with a column of zeros (−1) after every third: order and padding both count. */
  private static int[] shuffledRows(int n) {
    int[] rows = new int[n + n / 3];
    int next = n - 1;
    for (int j = 0; j < rows.length; j++) {
      rows[j] = j % 4 == 3 ? -1 : next--;
    }
    return rows;
  }

  /** y (m rows of {@code columns}) as the oracle computes it: per row, Gemm on W as stored. */
  private static float[][] expected(
      float[] x,
      int xOff,
      int xStride,
      int m,
      float[] w,
      int wOff,
      int k,
      int[] rows,
      float[][] y0) {
    float[][] y = new float[m][];
    for (int i = 0; i < m; i++) {
      y[i] = y0[i].clone();
      for (int j = 0; j < rows.length; j++) {
        if (rows[j] >= 0) {
          Gemm.multAddTransB(ctx, x, xOff + i * xStride, w, wOff + rows[j] * k, y[i], j, 1, 1, k);
        }
      }
    }
    return y;
  }

  private static float[][] copy(float[][] rows) {
    float[][] copy = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      copy[i] = rows[i].clone();
    }
    return copy;
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "vector"})
  void everyChunkOfWholePanelsGivesTheBitsOfGemmOnWAsStored(String backend) {
    KernelBackend kernels = VectorBackendUnderTest.named(backend);
    SplittableRandom random = new SplittableRandom(11);
    for (int n : COLUMNS) {
      for (int k : DEPTHS) {
        for (int[] rows : new int[][] {identity(n), shuffledRows(n)}) {
          float[] w = TestData.uniform(random, 2 + n * k);
          int xStride = k + 1;
          float[] x = TestData.uniform(random, 1 + ROWS * xStride);
          PackedMatrix packed = PackedMatrix.pack(kernels, w, 2, k, rows);
          PackedMatrix plain = PackedMatrix.pack(KernelSelection.PLAIN, w, 2, k, rows);
          int columns = packed.columns();
          assertThat(columns).isEqualTo((rows.length + P - 1) / P * P);
          float[][] y0 = new float[ROWS][];
          for (int i = 0; i < ROWS; i++) {
            y0[i] = TestData.uniform(random, columns);
          }
          float[][] whole = expected(x, 1, xStride, ROWS, w, 2, k, rows, y0);
          // The whole product, and the first and last panels alone (two threads' chunks).
          int[][] chunks = {{0, columns}, {0, P}, {columns - P, columns}};
          for (int m = 1; m <= ROWS; m++) {
            for (int[] chunk : chunks) {
              float[][] actual = copy(y0);
              packed.multAdd(x, 1, xStride, m, actual, chunk[0], chunk[1]);
              float[][] fromPlain = copy(y0);
              plain.multAdd(x, 1, xStride, m, fromPlain, chunk[0], chunk[1]);
              for (int i = 0; i < ROWS; i++) {
                float[] want = y0[i].clone();
                if (i < m) {
                  // Columns past rows.length are zero weights: they keep y0 (+0·x is exact).
                  System.arraycopy(whole[i], chunk[0], want, chunk[0], chunk[1] - chunk[0]);
                }
                String what =
                    String.format(
                        Locale.ROOT,
                        "n=%d k=%d rows=%s m=%d chunk=%s row %d",
                        n,
                        k,
                        Arrays.toString(rows),
                        m,
                        Arrays.toString(chunk),
                        i);
                assertThat(actual[i]).as(what).isEqualTo(want);
                assertThat(fromPlain[i]).as("plain " + what).isEqualTo(want);
              }
            }
          }
        }
      }
    }
  }

  private static int[] identity(int n) {
    int[] rows = new int[n];
    Arrays.setAll(rows, j -> j);
    return rows;
  }

  @Test
  void aColumnIsTheProductWithAOneHotX() {
    SplittableRandom random = new SplittableRandom(12);
    int n = 40;
    int k = 6;
    float[] w = TestData.uniform(random, n * k);
    int[] rows = shuffledRows(n);
    PackedMatrix packed = PackedMatrix.pack(w, 0, k, rows);
    for (int p = 0; p < k; p++) {
      float[] oneHot = new float[k];
      oneHot[p] = 1f;
      float[][] product = new float[1][packed.columns()];
      packed.multAdd(oneHot, 0, k, 1, product, 0, packed.columns());
      float[] column = new float[packed.columns()];
      Arrays.fill(column, Float.NaN);
      packed.column(p, column, 0, packed.columns());
      assertThat(column).as("p=%d", p).isEqualTo(product[0]);
      for (int j = 0; j < rows.length; j++) {
        assertThat(column[j]).isEqualTo(rows[j] < 0 ? 0f : w[rows[j] * k + p]);
      }
    }
  }

  @Test
  void aChunkLeavesTheOtherColumnsUntouched() {
    SplittableRandom random = new SplittableRandom(13);
    int n = 3 * P;
    int k = 5;
    PackedMatrix packed = PackedMatrix.pack(TestData.uniform(random, n * k), 0, k, identity(n));
    float[] x = TestData.uniform(random, k);
    float[][] y = {new float[n]};
    Arrays.fill(y[0], Float.NaN);
    Arrays.fill(y[0], P, 2 * P, 0f);
    packed.multAdd(x, 0, k, 1, y, P, 2 * P);
    float[] column = new float[n];
    Arrays.fill(column, Float.NaN);
    packed.column(2, column, 2 * P, 3 * P);
    for (int j = 0; j < n; j++) {
      boolean inside = j >= P && j < 2 * P;
      assertThat(Float.isNaN(y[0][j])).as("product, column %d", j).isEqualTo(!inside);
      assertThat(Float.isNaN(column[j])).as("column, column %d", j).isEqualTo(j < 2 * P);
    }
  }
}
