package io.github.lstm4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.kernel.GemmKernels.Form;
import io.github.lstm4j.core.testing.TestData;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API back end's products give exactly the bits of the plain kernels, on every block of
 * C a thread may be handed, including the shapes at the edges of the Vector API kernels' blocking
 * (tile 4×16, depth 256, rows 96, columns 512, A·Bᵀ computed as Cᵀ up to 128 rows). Skipped, by
 * name, where the vector back end cannot run (see {@link VectorBackendUnderTest}).
 */
class VectorGemmKernelsTest {
  private static final int[] ROWS = {1, 2, 3, 4, 5, 17, 97, 130};
  private static final int[] COLUMNS = {1, 7, 16, 17, 33, 515};
  private static final int[] DEPTHS = {1, 5, 255, 257};

  /** C[i0:i1, j0:j1] by {@code backend}, the rest of C left as the starting values. */
  private static float[] blocked(
      KernelBackend backend,
      Form form,
      boolean accumulate,
      float[] a,
      float[] b,
      float[] c0,
      int m,
      int n,
      int k,
      int[] block) {
    float[] c = c0.clone();
    GemmProduct p = GemmProduct.of(form, m, n, k).a(a, 1).b(b, 2);
    p = accumulate ? p.addInto(c, 3) : p.into(c, 3);
    backend.gemmBlocked(p, block[0], block[1], block[2], block[3]);
    return c;
  }

  @Test
  void everyFormAndBlockGivesThePlainKernelsBits() {
    KernelBackend vector = VectorBackendUnderTest.orSkip();
    SplittableRandom random = new SplittableRandom(7);
    for (int m : ROWS) {
      for (int n : COLUMNS) {
        for (int k : DEPTHS) {
          if ((long) m * n * k > 4_000_000) {
            continue;
          }
          assertEveryBlockGivesThePlainBits(vector, Form.values(), random, m, n, k);
        }
      }
    }
  }

  @Test
  void productsWhoseOpBRowsHoldWholePanelsGiveThePlainKernelsBits() {
    KernelBackend vector = VectorBackendUnderTest.orSkip();
    // A contiguous op(B) whose blocks hold whole panels (a multiple of 32 columns, at either width)
    // is packed along its rows, in groups of panels: the weight gradients ∂L/∂gatesᵀ·X (TN, run as
    // Cᵀ = Xᵀ·∂L/∂gates over 4H columns) and NN products with such a B; one to several depth
    // blocks.
    SplittableRandom random = new SplittableRandom(13);
    int[][] shapes = {{256, 64, 600}, {256, 1, 300}, {64, 3, 5}, {544, 130, 257}, {40, 64, 300}};
    for (int[] shape : shapes) {
      assertEveryBlockGivesThePlainBits(
          vector, new Form[] {Form.TN, Form.NN}, random, shape[0], shape[1], shape[2]);
    }
  }

  @Test
  void transposedProductsOverSeveralScratchBlocksGiveThePlainKernelsBits() {
    KernelBackend vector = VectorBackendUnderTest.orSkip();
    // Aᵀ·B with more rows than columns and a deep k runs as Cᵀ = Bᵀ·A in scratch blocks of 128
    // columns by 512 rows; these shapes need several blocks both ways and edge tiles in each.
    SplittableRandom random = new SplittableRandom(11);
    assertEveryBlockGivesThePlainBits(vector, new Form[] {Form.TN}, random, 530, 150, 300);
  }

  /**
   * Seeded A, B and C₀ of an m×n×k product; for each form, with and without accumulation, the whole
   * product, a block of rows and a block of columns (as two threads get them) must give the plain
   * kernels' bits.
   */
  private static void assertEveryBlockGivesThePlainBits(
      KernelBackend vector, Form[] forms, SplittableRandom random, int m, int n, int k) {
    float[] a = TestData.uniform(random, 1 + m * k);
    float[] b = TestData.uniform(random, 2 + k * n);
    float[] c0 = TestData.uniform(random, 3 + m * n);
    int[][] blocks = {{0, m, 0, n}, {m / 2, m, 0, n}, {0, m, n / 3, n}};
    for (Form form : forms) {
      for (boolean accumulate : new boolean[] {false, true}) {
        for (int[] block : blocks) {
          float[] expected =
              blocked(KernelSelection.PLAIN, form, accumulate, a, b, c0, m, n, k, block);
          float[] actual = blocked(vector, form, accumulate, a, b, c0, m, n, k, block);
          assertThat(actual)
              .as(
                  "%s accumulate=%b m=%d n=%d k=%d block=%s",
                  form, accumulate, m, n, k, Arrays.toString(block))
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void dotProductsGiveTheVectorKernelsBits() {
    // Every back end runs A·Bᵀ with one row of A as GemmKernels.dots; the vector back end's own
    // A·Bᵀ (computed as Cᵀ = B·Aᵀ) must give the same bits for that row.
    KernelBackend vector = VectorBackendUnderTest.orSkip();
    SplittableRandom random = new SplittableRandom(8);
    for (int n : COLUMNS) {
      for (int k : DEPTHS) {
        float[] a = TestData.uniform(random, 1 + k);
        float[] b = TestData.uniform(random, 2 + k * n);
        float[] c0 = TestData.uniform(random, 3 + n);
        for (boolean accumulate : new boolean[] {false, true}) {
          float[] expected = c0.clone();
          GemmProduct p = GemmProduct.of(Form.NT, 1, n, k).a(a, 1).b(b, 2);
          GemmKernels.dots(accumulate ? p.addInto(expected, 3) : p.into(expected, 3), 0, 1, 0, n);
          float[] actual =
              blocked(vector, Form.NT, accumulate, a, b, c0, 1, n, k, new int[] {0, 1, 0, n});
          assertThat(actual).as("n=%d k=%d accumulate=%b", n, k, accumulate).isEqualTo(expected);
        }
      }
    }
  }
}
