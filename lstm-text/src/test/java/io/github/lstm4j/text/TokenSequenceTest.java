package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class TokenSequenceTest {

  @Test
  void idsOfUpTo65536WordsTakeTwoBytesAndReadBackUnsigned() {
    TokenSequence ids = TokenSequence.of(new int[] {0, 32767, 32768, 65535}, 65536);

    assertThat(ids.bytesPerId()).isEqualTo(2);
    assertThat(ids.toArray()).containsExactly(0, 32767, 32768, 65535);
    assertThat(ids.id(3)).isEqualTo(65535);
  }

  @Test
  void idsOfLargerVocabulariesTakeFourBytes() {
    TokenSequence ids = TokenSequence.of(new int[] {65536, 1, 70000}, 70001);

    assertThat(ids.bytesPerId()).isEqualTo(4);
    assertThat(ids.toArray()).containsExactly(65536, 1, 70000);
  }

  @Test
  void encodingWithACharVocabularyMatchesVocabularyEncode() {
    String text = "a😀b\uD800ba";
    CharVocabulary vocabulary = CharVocabulary.of(text);

    TokenSequence ids = TokenSequence.encode(text, vocabulary);

    assertThat(ids.toArray()).containsExactly(vocabulary.encode(text));
    assertThat(ids.length()).isEqualTo(6);
    assertThat(ids.vocabSize()).isEqualTo(4);
  }

  @Test
  void encodingWithAWordVocabularyUsesItsIds() {
    WordVocabulary vocabulary = WordVocabulary.of("the cat, the hat", 10);

    assertThat(TokenSequence.encode("the dog", vocabulary).toArray()).containsExactly(1, 0);
  }

  @Test
  void encodingAnUnknownCharacterFailsWithTheVocabularyMessage() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TokenSequence.encode("abc", CharVocabulary.of("ab")))
        .withMessage(
            "character 'c' (U+0063) is not in the vocabulary (2 characters); was the model trained"
                + " on a different text?");
  }

  @Test
  void subSequenceCopiesARange() {
    TokenSequence ids = TokenSequence.of(new int[] {4, 3, 2, 1, 0}, 5);

    assertThat(ids.subSequence(1, 4).toArray()).containsExactly(3, 2, 1);
    assertThat(ids.subSequence(5, 5).length()).isZero();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ids.subSequence(3, 2))
        .withMessage("range must satisfy 0 <= from <= to <= length() = 5, got from 3, to 2");
  }

  @Test
  void outOfRangeIdsAndSizesAreRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TokenSequence.of(new int[] {0, 3}, 3))
        .withMessage("ids[1] must be in [0, 3), got 3");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TokenSequence.of(new int[] {-1}, 3))
        .withMessage("ids[0] must be in [0, 3), got -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TokenSequence.of(new int[0], 0))
        .withMessage("vocabSize must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TokenSequence.of(new int[] {1}, 2).id(1))
        .withMessage("index must be in [0, 1), got 1");
  }
}
