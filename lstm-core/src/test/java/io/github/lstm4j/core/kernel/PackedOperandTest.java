package io.github.lstm4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.testing.TestData;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PackedOperand}: a product with op(B) packed once gives exactly the bits of the same
 * product with B as stored ({@link Gemm#multAdd} and {@link Gemm#multAddTransB}), for both ways of
 * packing, 1 and 3 threads, the plain and the vector back end (built explicitly, the vector one
 * skipped, by name, where it cannot run), and shapes at the edges of the Vector API kernels'
 * blocking (tile 4×16, depth 256, rows 96, columns 512); repacking in place follows a changed B.
 */
class PackedOperandTest {
  private static final int[][] SHAPES = { // {m, n, k}
    {1, 16, 1},
    {3, 17, 5},
    {4, 64, 256},
    {32, 100, 257},
    {97, 33, 40},
    {130, 515, 30},
    {64, 1024, 9},
    {4, 100, 300}, // columns split across threads, two depth blocks: panel offsets qc·k + pc·16
    {4, 600, 300} // and two column blocks of 512
  };

  private static ComputeContext one;
  private static ComputeContext three;

  @BeforeAll
  static void startContexts() {
    one = ComputeContext.singleThreaded();
    three = ComputeContext.of(3);
  }

  @AfterAll
  static void closeContexts() {
    one.close();
    three.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "vector"})
  void packedProductsGiveTheBitsOfTheStoredOnes(String name) {
    KernelBackend backend = VectorBackendUnderTest.named(name);
    SplittableRandom random = new SplittableRandom(11);
    for (int[] shape : SHAPES) {
      int m = shape[0];
      int n = shape[1];
      int k = shape[2];
      float[] a = TestData.uniform(random, 2 + m * k);
      float[] bkn = TestData.uniform(random, 3 + k * n); // B stored (k, n): op(B) = B
      float[] bnk = TestData.uniform(random, 3 + n * k); // B stored (n, k): op(B) = Bᵀ
      float[] c0 = TestData.uniform(random, 1 + m * n);
      float[] viaB = c0.clone();
      float[] viaBt = c0.clone();
      Gemm.multAdd(one, a, 2, bkn, 3, viaB, 1, m, n, k);
      Gemm.multAddTransB(one, a, 2, bnk, 3, viaBt, 1, m, n, k);
      {
        PackedOperand packed = PackedOperand.forShape(backend, k, n);
        PackedOperand packedT = PackedOperand.forShape(backend, k, n);
        packed.pack(bkn, 3);
        packedT.packTransposed(bnk, 3);
        for (ComputeContext ctx : new ComputeContext[] {one, three}) {
          String where = String.format("m=%d n=%d k=%d threads=%d", m, n, k, ctx.threads());
          float[] c = c0.clone();
          Gemm.multAdd(ctx, a, 2, packed, c, 1, m);
          assertThat(c).as("B, " + where).isEqualTo(viaB);
          c = c0.clone();
          Gemm.multAdd(ctx, a, 2, packedT, c, 1, m);
          assertThat(c).as("Bᵀ, " + where).isEqualTo(viaBt);
          // mult overwrites: the same as accumulating into zeros
          float[] expected = c0.clone();
          Arrays.fill(expected, 1, 1 + m * n, 0f);
          Gemm.multAdd(ctx, a, 2, packed, expected, 1, m);
          float[] overwritten = c0.clone();
          Gemm.mult(ctx, a, 2, packed, overwritten, 1, m);
          assertThat(overwritten).as("mult, " + where).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void repackingInPlaceFollowsAChangedB() {
    SplittableRandom random = new SplittableRandom(12);
    int m = 8;
    int n = 40;
    int k = 30;
    float[] a = TestData.uniform(random, m * k);
    float[] b = TestData.uniform(random, n * k);
    PackedOperand packed = PackedOperand.forShape(k, n);
    packed.packTransposed(b, 0);
    b = TestData.uniform(random, n * k);
    packed.packTransposed(b, 0);
    float[] expected = new float[m * n];
    Gemm.multTransB(one, a, 0, b, 0, expected, 0, m, n, k);
    float[] actual = new float[m * n];
    Gemm.mult(three, a, 0, packed, actual, 0, m);
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void aShapeThatIsNotPositiveIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PackedOperand.forShape(0, 5))
        .withMessage("k and n must be > 0, got k=0 n=5");
  }
}
