package io.github.lstm4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed scores of a small confusion matrix (scikit-learn gives the same numbers). */
class ClassificationMetricsTest {
  // actual a: 3 right, 1 as b;  actual b: 2 right, 2 as c;  actual c: 1 right, 1 as a; d: none.
  private static final long[][] CONFUSION = {
    {3, 1, 0, 0},
    {0, 2, 2, 0},
    {1, 0, 1, 0},
    {0, 0, 0, 0}
  };

  private final ClassificationMetrics m =
      ClassificationMetrics.of(List.of("a", "b", "c", "d"), CONFUSION);

  @Test
  void perClassScoresFollowTheirDefinitions() {
    assertThat(m.count()).isEqualTo(10);
    assertThat(m.accuracy()).isEqualTo(0.6);
    assertThat(m.precision(0)).isEqualTo(0.75); // 3 / (3 + 1)
    assertThat(m.recall(0)).isEqualTo(0.75); // 3 / 4
    assertThat(m.precision(1)).isCloseTo(2 / 3.0, within(1e-15));
    assertThat(m.recall(1)).isEqualTo(0.5);
    assertThat(m.f1(1)).isCloseTo(4 / 7.0, within(1e-15)); // 2·(2/3)·(1/2) / (7/6)
    assertThat(m.precision(2)).isCloseTo(1 / 3.0, within(1e-15));
    assertThat(m.f1(2)).isCloseTo(0.4, within(1e-15)); // P 1/3, R 1/2
    assertThat(m.precision(3)).isZero(); // never predicted: zero_division = 0
    assertThat(m.support(3)).isZero();
  }

  @Test
  void macroF1AveragesTheClassesThatOccur() {
    // d occurs neither as actual nor as predicted class, so it is left out: (0.75 + 4/7 + 0.4) / 3.
    assertThat(m.macroF1()).isCloseTo((0.75 + 4 / 7.0 + 0.4) / 3, within(1e-15));
  }

  @Test
  void theTableShowsScoresAndTheConfusionMatrix() {
    assertThat(m.toString())
        .startsWith("accuracy 0.6000  macro-F1 0.5738  (10 examples)\n")
        .contains("a      0.7500     0.7500  0.7500  4\n")
        .contains("confusion (rows: actual, columns: predicted)\n")
        .contains("\nb         0     2     2     0\n");
  }

  @Test
  void aMatrixOfTheWrongShapeIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ClassificationMetrics.of(List.of("a", "b"), new long[][] {{1, 2}}))
        .withMessage("confusion must have 2 rows (one per class), got 1");
  }
}
