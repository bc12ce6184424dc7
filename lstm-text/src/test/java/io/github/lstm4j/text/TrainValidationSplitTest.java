package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrainValidationSplitTest {

  private static TokenSequence countingIds(int n) {
    return TokenSequence.of(IntStream.range(0, n).toArray(), n);
  }

  @Test
  void theLastTenPercentBecomeValidationByDefault() {
    TrainValidationSplit split = TrainValidationSplit.of(countingIds(1000), 10);

    assertThat(split.train().toArray()).containsExactly(IntStream.range(0, 900).toArray());
    assertThat(split.validation().toArray()).containsExactly(IntStream.range(900, 1000).toArray());
  }

  @Test
  void thePartsOfAnEncodedTextConcatenateToTheText() {
    String text = "ab😀\n".repeat(25);
    CharVocabulary vocabulary = CharVocabulary.of(text);

    TrainValidationSplit split =
        TrainValidationSplit.of(TokenSequence.encode(text, vocabulary), 0.25, 4);

    assertThat(split.validation().length()).isEqualTo(25);
    String train = vocabulary.decode(split.train().toArray());
    String validation = vocabulary.decode(split.validation().toArray());
    assertThat(train + validation).isEqualTo(text);
  }

  @Test
  void eachPartMustHoldOneWindowPlusItsTarget() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TrainValidationSplit.of(countingIds(57), 100))
        .withMessage(
            "training text must have at least seqLen + 1 = 101 tokens, got 51 (text of 57 tokens,"
                + " validationFraction 0.1)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TrainValidationSplit.of(countingIds(300), 100))
        .withMessage(
            "validation text must have at least seqLen + 1 = 101 tokens, got 30 (text of 300"
                + " tokens, validationFraction 0.1)");
    assertThat(TrainValidationSplit.of(countingIds(20), 0.5, 9).validation().length())
        .isEqualTo(10);
  }

  @Test
  void fractionAndSeqLenAreValidated() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TrainValidationSplit.of(countingIds(100), 1, 2))
        .withMessage("validationFraction must be in (0, 1), got 1.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TrainValidationSplit.of(countingIds(100), Double.NaN, 2))
        .withMessage("validationFraction must be in (0, 1), got NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TrainValidationSplit.of(countingIds(100), 0, 2))
        .withMessage("validationFraction must be in (0, 1), got 0.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TrainValidationSplit.of(countingIds(100), 0))
        .withMessage("seqLen must be > 0, got 0");
  }
}
