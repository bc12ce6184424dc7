package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** {@link Vocabulary#encodeCompact} gives the ids of {@link Vocabulary#encode}, in 16 bits. */
class VocabularyEncodeCompactTest {

  private static int[] widen(short[] ids) {
    int[] wide = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      wide[i] = ids[i] & 0xFFFF;
    }
    return wide;
  }

  @Test
  void charactersGiveTheIdsOfEncodeIncludingSupplementaryCodePoints() {
    String text = "héllo \uD83D\uDE00 world";
    CharVocabulary vocabulary = CharVocabulary.of(text);
    assertThat(widen(vocabulary.encodeCompact(text))).containsExactly(vocabulary.encode(text));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> vocabulary.encodeCompact("hex"))
        .withMessageContaining("is not in the vocabulary");
  }

  @Test
  void wordsGiveTheIdsOfEncode() {
    String text = "the cat sat on the mat\nthe end";
    Vocabulary vocabulary = WordVocabulary.of(text, 100);
    assertThat(widen(vocabulary.encodeCompact(text))).containsExactly(vocabulary.encode(text));
  }
}
