package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class CharVocabularyTest {

  /** 65 distinct printable ASCII characters, '!' (U+0021) to 'a' (U+0061). */
  private static final String SIXTY_FIVE_CHARACTERS = range('!', 'a');

  private static String range(char first, char last) {
    StringBuilder text = new StringBuilder();
    for (char c = first; c <= last; c++) {
      text.append(c);
    }
    return text.toString();
  }

  @Test
  void idsFollowTheAscendingOrderOfDistinctCodePoints() {
    CharVocabulary vocabulary = CharVocabulary.of("hello world");

    assertThat(vocabulary.size()).isEqualTo(8);
    assertThat(vocabulary.codePoints()).containsExactly(' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w');
    assertThat(vocabulary.encode("hello")).containsExactly(3, 2, 4, 4, 5);
    assertThat(vocabulary.decode(3, 2, 4, 4, 5)).isEqualTo("hello");
    assertThat(vocabulary.id('w')).isEqualTo(7);
    assertThat(vocabulary.codePoint(0)).isEqualTo(' ');
    assertThat(vocabulary.token(1)).isEqualTo("d");
  }

  @Test
  void anAstralCharacterIsOneTokenAndRoundTrips() {
    String text = "a😀b😀";
    CharVocabulary vocabulary = CharVocabulary.of(text);

    assertThat(vocabulary.codePoints()).containsExactly('a', 'b', 0x1F600);
    assertThat(vocabulary.encode(text)).containsExactly(0, 2, 1, 2);
    assertThat(vocabulary.token(2)).isEqualTo("😀");
    assertThat(vocabulary.decode(vocabulary.encode(text))).isEqualTo(text);
  }

  @Test
  void anUnpairedSurrogateIsACodePointOfItsOwn() {
    String text = "\uDC00x\uD800y";
    CharVocabulary vocabulary = CharVocabulary.of(text);

    assertThat(vocabulary.codePoints()).containsExactly('x', 'y', 0xD800, 0xDC00);
    assertThat(vocabulary.encode(text)).containsExactly(3, 0, 2, 1);
    assertThat(vocabulary.decode(vocabulary.encode(text))).isEqualTo(text);
  }

  @Test
  void anUnknownCharacterIsNamedWithItsCodePointAndTheVocabularySize() {
    CharVocabulary vocabulary = CharVocabulary.of(SIXTY_FIVE_CHARACTERS);
    assertThat(vocabulary.size()).isEqualTo(65);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> vocabulary.encode("AB\u00E9"))
        .withMessage(
            "character 'é' (U+00E9) is not in the vocabulary (65 characters); was the model"
                + " trained on a different text?");
  }

  @Test
  void unknownControlAstralAndSurrogateCharactersAreEscapedOrShown() {
    CharVocabulary vocabulary = CharVocabulary.of("ab");
    String suffix =
        " is not in the vocabulary (2 characters); was the model trained on a different" + " text?";

    assertThatIllegalArgumentException()
        .isThrownBy(() -> vocabulary.encode("a\nb"))
        .withMessage("character '\\n' (U+000A)" + suffix);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> vocabulary.encode("\u0001"))
        .withMessage("character '\\u0001' (U+0001)" + suffix);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> vocabulary.encode("😀"))
        .withMessage("character '😀' (U+1F600)" + suffix);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> vocabulary.encode("\uD800"))
        .withMessage("character '\\uD800' (U+D800)" + suffix);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CharVocabulary.of("a").id('b'))
        .withMessage(
            "character 'b' (U+0062) is not in the vocabulary (1 character); was the model trained"
                + " on a different text?");
  }

  @Test
  void anEmptyCorpusIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CharVocabulary.of(""))
        .withMessage("text must not be empty");
  }

  @Test
  void anIdOutsideTheVocabularyIsRejected() {
    CharVocabulary vocabulary = CharVocabulary.of("abc");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> vocabulary.decode(0, 3))
        .withMessage("id must be in [0, 3), got 3");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> vocabulary.codePoint(-1))
        .withMessage("id must be in [0, 3), got -1");
  }

  @Test
  void codePointsRebuildAnEqualVocabulary() {
    CharVocabulary vocabulary = CharVocabulary.of("b\na😀\uD800");

    CharVocabulary rebuilt = CharVocabulary.ofCodePoints(vocabulary.codePoints());

    assertThat(rebuilt).isEqualTo(vocabulary).hasSameHashCodeAs(vocabulary);
    assertThat(rebuilt.encode("a😀b")).containsExactly(vocabulary.encode("a😀b"));
    assertThat(vocabulary.contains('\n')).isTrue();
    assertThat(vocabulary.contains('c')).isFalse();
    assertThat(vocabulary).hasToString("CharVocabulary(5 characters)");
  }

  @Test
  void codePointsMustBeValidAndStrictlyAscending() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CharVocabulary.ofCodePoints('a', 'c', 'b'))
        .withMessage("codePoints must be strictly ascending, got U+0062 at index 2 after U+0063");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CharVocabulary.ofCodePoints('a', 'a'))
        .withMessage("codePoints must be strictly ascending, got U+0061 at index 1 after U+0061");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CharVocabulary.ofCodePoints('a', 0x110000))
        .withMessage(
            "codePoints[1] must be a code point in [0, 0x10FFFF], got 1114112; was the vocabulary"
                + " written by another program?");
    assertThatIllegalArgumentException()
        .isThrownBy(CharVocabulary::ofCodePoints)
        .withMessage("codePoints must not be empty");
  }

  @Test
  void jsonRoundTripKeepsEveryCodePointIncludingSurrogatesAsAsciiText() {
    CharVocabulary vocabulary = CharVocabulary.of("\n ab😀\uDC00\uD800");

    String json = vocabulary.toJson();

    assertThat(json)
        .isEqualTo("{\"type\":\"char\",\"codePoints\":[10,32,97,98,55296,56320,128512]}");
    assertThat(Vocabulary.fromJson(json)).isEqualTo(vocabulary);
  }
}
