package io.github.lstm4j.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

/** Shapes, wrapping without copies, and the messages of bad shapes. */
class TensorTest {
  private static final String[] DIMS = {"seqLen", "batchSize", "inputSize"};

  @Test
  void zerosHasTheShapeAndSizeAndOnlyZeros() {
    Tensor t = Tensor.zeros(2, 3, 4);
    assertThat(t.shape()).containsExactly(2, 3, 4);
    assertThat(t.rank()).isEqualTo(3);
    assertThat(t.size()).isEqualTo(24);
    assertThat(t.dim(1)).isEqualTo(3);
    assertThat(t.data()).hasSize(24).containsOnly(0f);
    assertThat(t).hasToString("Tensor(2, 3, 4)");
  }

  @Test
  void aScalarHasRankZeroAndOneElement() {
    Tensor t = Tensor.zeros();
    assertThat(t.rank()).isZero();
    assertThat(t.size()).isEqualTo(1);
    assertThat(Tensor.shapeString(t.shape())).isEqualTo("()");
  }

  @Test
  void aZeroDimensionGivesAnEmptyTensor() {
    assertThat(Tensor.zeros(3, 0, 5).size()).isZero();
  }

  @Test
  void wrapSharesTheArrayAndCopiesTheShape() {
    float[] data = {1, 2, 3, 4, 5, 6};
    int[] shape = {2, 3};
    Tensor t = Tensor.wrap(data, shape);
    assertThat(t.data()).isSameAs(data);
    shape[0] = 7;
    assertThat(t.shape()).containsExactly(2, 3);
    t.shape()[1] = 9;
    assertThat(t.shape()).containsExactly(2, 3);
  }

  @Test
  void wrapRejectsALengthThatDoesNotMatchTheShape() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Tensor.wrap(new float[5], 2, 3))
        .withMessage("data must have length 6 for shape (2, 3), got 5");
    assertThatNullPointerException().isThrownBy(() -> Tensor.wrap(null, 1)).withMessage("data");
  }

  @Test
  void negativeDimensionsAreRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Tensor.zeros(2, -3))
        .withMessage("shape[1] must be >= 0, got -3");
  }

  @Test
  void shapesWithTooManyElementsAreRejectedBeforeAllocating() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Tensor.zeros(65_536, 65_536))
        .withMessage("shape (65536, 65536) has more than 2^31 - 9 elements");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Tensor.zeros(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE))
        .withMessage("shape (2147483647, 2147483647, 2147483647) has more than 2^31 - 9 elements");
  }

  @Test
  void dimRejectsAnAxisOutsideTheRank() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Tensor.zeros(2, 3).dim(2))
        .withMessage("axis must be in [0, 2), got 2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Tensor.zeros(2, 3).dim(-1))
        .withMessage("axis must be in [0, 2), got -1");
  }

  @Test
  void requireShapeReturnsTheTensorWhenItFits() {
    Tensor t = Tensor.zeros(4, 2, 3);
    assertThat(t.requireShape("input", DIMS, 4, 2, 3)).isSameAs(t);
    assertThat(t.requireShape("input", DIMS, 4, -1, 3)).isSameAs(t);
    assertThat(t.hasShape(4, 2, 3)).isTrue();
    assertThat(t.hasShape(4, 2)).isFalse();
  }

  @Test
  void requireShapeNamesTheTensorTheExpectedAndTheActualShape() {
    Tensor t = Tensor.zeros(4, 2, 5);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> t.requireShape("input", DIMS, 4, -1, 3))
        .withMessage("input must have shape (seqLen=4, batchSize, inputSize=3), got (4, 2, 5)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Tensor.zeros(8, 5).requireShape("input", DIMS, 4, 2, 5))
        .withMessage("input must have shape (seqLen=4, batchSize=2, inputSize=5), got (8, 5)");
  }

  @Test
  void copyIsDeep() {
    Tensor t = Tensor.wrap(new float[] {1, 2}, 2);
    Tensor c = t.copy();
    c.data()[0] = 9;
    assertThat(t.data()).containsExactly(1, 2);
    assertThat(c.shape()).containsExactly(2);
  }
}
