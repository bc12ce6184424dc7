package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class EvaluationTest {
  // Ten images of three classes; class 2 is never predicted right, class 1 is never wrong.
  private static final int[] LABELS = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
  private static final int[] PREDICTIONS = {0, 0, 0, 1, 1, 1, 1, 0, 0, 1};

  private final Evaluation evaluation = Evaluation.of(LABELS, PREDICTIONS, 3);

  @Test
  void countsTrueClassesInRowsAndPredictionsInColumns() {
    assertThat(evaluation.confusionMatrix())
        .isDeepEqualTo(new int[][] {{3, 1, 0}, {0, 3, 0}, {2, 1, 0}});
    assertThat(evaluation.count()).isEqualTo(10);
    assertThat(evaluation.correct()).isEqualTo(6);
    assertThat(evaluation.accuracy()).isEqualTo(0.6);
    assertThat(evaluation.support()).containsExactly(4, 3, 3);
  }

  @Test
  void precisionDividesByPredictionsAndIsNaNForAClassNeverPredicted() {
    // Column sums: 5 predicted 0 (3 right), 5 predicted 1 (3 right), none predicted 2.
    assertThat(evaluation.precision()).containsExactly(0.6, 0.6, Double.NaN);
  }

  @Test
  void recallDividesByTrueCounts() {
    assertThat(evaluation.recall()).containsExactly(0.75, 1.0, 0.0);
  }

  @Test
  void recallIsNaNForAClassThatNeverOccurs() {
    Evaluation missing = Evaluation.of(new int[] {0, 1}, new int[] {0, 2}, 3);

    assertThat(missing.recall()).containsExactly(1.0, 0.0, Double.NaN);
  }

  @Test
  void confusionMatrixTextIsAnAlignedTable() {
    assertThat(evaluation.confusionMatrixText())
        .isEqualTo(
            "true\\pred  0  1  2\n"
                + "        0  3  1  0\n"
                + "        1  0  3  0\n"
                + "        2  2  1  0\n");
  }

  @Test
  void confusionMatrixTextWidensColumnsForLargeCounts() {
    Evaluation large = new Evaluation(new int[][] {{1135, 2}, {0, 980}});

    assertThat(large.confusionMatrixText())
        .isEqualTo(
            "true\\pred     0     1\n" + "        0  1135     2\n" + "        1     0   980\n");
  }

  @Test
  void perClassTextShowsPrecisionRecallAndSupport() {
    assertThat(evaluation.perClassText())
        .isEqualTo(
            "class  precision  recall  support\n"
                + "    0     0.6000  0.7500        4\n"
                + "    1     0.6000  1.0000        3\n"
                + "    2        n/a  0.0000        3\n");
  }

  @Test
  void theMatrixIsCopiedInAndOut() {
    int[][] matrix = {{1, 0}, {0, 1}};
    Evaluation e = new Evaluation(matrix);

    matrix[0][0] = 99;
    e.confusionMatrix()[1][1] = 99;

    assertThat(e.confusionMatrix()).isDeepEqualTo(new int[][] {{1, 0}, {0, 1}});
    assertThat(e).isEqualTo(new Evaluation(new int[][] {{1, 0}, {0, 1}}));
    assertThat(e.toString())
        .isEqualTo("Evaluation(accuracy=1.0000, correct=2, count=2, numClasses=2)");
  }

  @Test
  void mismatchedLengthsAreRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Evaluation.of(new int[] {0, 1}, new int[] {0}, 2))
        .withMessage("predictions must have length labels.length = 2, got 1");
  }

  @Test
  void aClassOutOfRangeIsRejectedWithItsIndex() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Evaluation.of(new int[] {0, 1}, new int[] {0, 2}, 2))
        .withMessage("predictions[1] must be in [0, 2), got 2");
  }

  @Test
  void aNonSquareOrEmptyMatrixIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Evaluation(new int[][] {{1, 0}, {0}}))
        .withMessage("confusionMatrix[1] must have length numClasses = 2, got 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Evaluation(new int[][] {{0, 0}, {0, 0}}))
        .withMessage("confusionMatrix must count at least one image, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Evaluation(new int[][] {{1, -1}, {0, 0}}))
        .withMessage("confusionMatrix[0][1] must be >= 0, got -1");
  }
}
