package io.github.lstm4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaddingTest {
  @Test
  void tokensArePaddedTimeMajorWithTheNamedPadId() {
    PaddedTokens batch = Padding.tokens(List.of(new int[] {3, 1, 4}, new int[] {1, 5}), 9);
    assertThat(batch.seqLen()).isEqualTo(3);
    assertThat(batch.batchSize()).isEqualTo(2);
    assertThat(batch.ids()).containsExactly(3, 1, 1, 5, 4, 9);
    assertThat(batch.lengths()).containsExactly(3, 2);
    assertThat(Padding.tokens(List.of(new int[] {2}), 3, -1).ids()).containsExactly(2, -1, -1);
  }

  @Test
  void denseSequencesArePaddedTimeMajorWithTheNamedPadValue() {
    float[][] a = {{1, 2}, {3, 4}};
    float[][] b = {{5, 6}};
    PaddedSequences batch = Padding.sequences(List.of(a, b), 3, -7f);
    assertThat(batch.values().shape()).containsExactly(3, 2, 2);
    assertThat(batch.values().data()).containsExactly(1, 2, 5, 6, 3, 4, -7, -7, -7, -7, -7, -7);
    assertThat(batch.lengths()).containsExactly(2, 1);
    assertThat(Padding.sequences(List.of(a, b), 0f).seqLen()).isEqualTo(2);
  }

  @Test
  void badRowsAreNamed() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Padding.tokens(List.of(new int[] {1}, new int[0]), 0))
        .withMessage("sequences[1] must not be empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Padding.tokens(List.of(new int[] {1, 2, 3}), 2, 0))
        .withMessage("sequences[0] must have at most seqLen=2 steps, got 3");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Padding.tokens(List.of(), 0))
        .withMessage("sequences must hold at least one sequence, got none");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                Padding.sequences(List.of(new float[][] {{1, 2}}, new float[][] {{1, 2}, {3}}), 0f))
        .withMessage("sequences[1][1] must have 2 features like sequences[0][0], got 1");
  }
}
