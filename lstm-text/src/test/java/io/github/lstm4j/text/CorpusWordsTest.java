package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CorpusWordsTest {
  private static final String CORPUS =
      "To be, or not to be: that is the question.\nROMEO:\nO Romeo, Romeo! ne'er";

  @Test
  void keepsRunsOfAtLeastThreeLettersExactly() {
    CorpusWords words = CorpusWords.of(CORPUS);

    // not, that, the, question, ROMEO, Romeo; "To", "be", "is", "ne", "er" are too short.
    assertThat(words.size()).isEqualTo(6);
    assertThat(words.contains("question")).isTrue();
    assertThat(words.contains("ROMEO")).isTrue();
    assertThat(words.contains("romeo")).isFalse();
    assertThat(words.contains("ne'er")).isFalse();
  }

  @Test
  void hitRateCountsEachOccurrenceCaseIncluded() {
    CorpusWords words = CorpusWords.of(CORPUS);

    // Words of >= 3 letters: The (miss: only "the"), question, not, thee (miss), Romeo, ROMEO,
    // wherefore (miss), art (miss), not; "is" is too short, "12" is not letters: 5 of 9.
    double hit = words.hitRate("The question is not thee, Romeo; ROMEO12wherefore art not");

    assertThat(hit).isEqualTo(5.0 / 9);
  }

  @Test
  void aSampleWithoutLongWordsHasNoRate() {
    CorpusWords words = CorpusWords.of(CORPUS);

    assertThat(words.hitRate("to be, or no: 42!")).isNaN();
    assertThat(words.hitRate("")).isNaN();
  }

  @Test
  void lettersAreCodePoints() {
    // U+1D49C U+1D4B7 U+1D4B8 (mathematical script letters) are 3 letters in 6 chars.
    String script = "\uD835\uDC9C\uD835\uDCB7\uD835\uDCB8";
    CorpusWords words = CorpusWords.of(script + " \uD835\uDC9C\uD835\uDCB7 ab");

    assertThat(words.size()).isEqualTo(1);
    assertThat(words.hitRate("x" + script + "-" + script)).isEqualTo(0.5);
  }
}
