package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordVocabularyTest {

  @Test
  void wordsPunctuationAndNewlinesAreTokensAndOtherWhitespaceIsDropped() {
    assertThat(WordVocabulary.tokenize("Don't stop,\tplease!\r\nO’er  42x\u00A0é😀"))
        .containsExactly("Don't", "stop", ",", "please", "!", "\n", "O’er", "42x", "é", "😀");
    assertThat(WordVocabulary.tokenize(" \t ")).isEmpty();
  }

  @Test
  void combiningMarksStayInsideTheirWord() {
    assertThat(WordVocabulary.tokenize("cafe\u0301 au lait"))
        .containsExactly("cafe\u0301", "au", "lait");
  }

  @Test
  void idsRankTokensByCountWithTiesInOrderOfFirstOccurrence() {
    WordVocabulary vocabulary = WordVocabulary.of("b a b c a d", 3);

    assertThat(vocabulary.tokens()).containsExactly("<unk>", "b", "a", "c");
    assertThat(vocabulary.size()).isEqualTo(4);
    assertThat(vocabulary.id("a")).isEqualTo(2);
    assertThat(vocabulary.token(WordVocabulary.UNKNOWN_ID)).isEqualTo(WordVocabulary.UNKNOWN);
  }

  @Test
  void aWordOutsideTheVocabularyEncodesAsUnknown() {
    WordVocabulary vocabulary = WordVocabulary.of("b a b c a d", 3);

    assertThat(vocabulary.encode("b d zebra c")).containsExactly(1, 0, 0, 3);
    assertThat(vocabulary.decode(1, 0, 3)).isEqualTo("b <unk> c");
  }

  @Test
  void decodingPutsSpacesOnlyWhereTheyReadNaturally() {
    String text = "Hello, world!\nHow (are) you? [Fine]; thanks: a {b}.\n";
    WordVocabulary vocabulary = WordVocabulary.of(text, 100);

    assertThat(vocabulary.decode(vocabulary.encode(text))).isEqualTo(text);
    assertThat(vocabulary.decode(vocabulary.encode("Hello,   world\t!")))
        .isEqualTo("Hello, world!");
  }

  @Test
  void maxWordsKeepsAllTokensWhenTheCorpusHasFewer() {
    WordVocabulary vocabulary = WordVocabulary.of("to be or not to be", 1000);

    assertThat(vocabulary.tokens()).containsExactly("<unk>", "to", "be", "or", "not");
    assertThat(vocabulary).hasToString("WordVocabulary(5 tokens)");
  }

  @Test
  void jsonRoundTripKeepsNonAsciiQuoteAndNewlineTokensAsAsciiText() {
    WordVocabulary vocabulary = WordVocabulary.of("\"é😀\" \\ x\nx \u007F", 10);

    String json = vocabulary.toJson();

    assertThat(json)
        .isEqualTo(
            "{\"type\":\"word\",\"tokens\":[\"<unk>\",\"\\\"\",\"x\",\"\\u00e9\",\"\\ud83d\\ude00\","
                + "\"\\\\\",\"\\n\",\"\\u007f\"]}");
    assertThat(Vocabulary.fromJson(json)).isEqualTo(vocabulary).hasSameHashCodeAs(vocabulary);
  }

  @Test
  void anUnpairedSurrogateIsRejectedWhenAVocabularyIsBuilt() {
    assertThat(WordVocabulary.tokenize("x \uD800")).containsExactly("x", "\uD800");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WordVocabulary.of("x \uD800", 10))
        .withMessage(
            "text must be well-formed UTF-16, got an unpaired surrogate U+D800 at index 2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WordVocabulary.ofTokens(List.of("<unk>", "x", "\uDC00")))
        .withMessage(
            "tokens[2] must be well-formed UTF-16, got an unpaired surrogate U+DC00 at index 0");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> Vocabulary.fromJson("{\"type\":\"word\",\"tokens\":[\"<unk>\",\"\\ud800\"]}"))
        .withMessage(
            "json is not a vocabulary: invalid JSON at offset 34: unpaired surrogate U+D800");
  }

  @Test
  void tokensRebuildTheVocabularyOnlyIfTheyAreDistinctSingleTokensAfterUnk() {
    assertThat(WordVocabulary.ofTokens(List.of("<unk>", "a", ",")).encode("a , b"))
        .containsExactly(1, 2, 0);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WordVocabulary.ofTokens(List.of("a", "<unk>")))
        .withMessage("tokens must start with \"<unk>\", got [a, <unk>]");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WordVocabulary.ofTokens(List.of()))
        .withMessage("tokens must start with \"<unk>\", got []");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WordVocabulary.ofTokens(List.of("<unk>", "a", "b", "a")))
        .withMessage("tokens must be distinct, got \"a\" at indices 1 and 3");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WordVocabulary.ofTokens(List.of("<unk>", "a b")))
        .withMessage("tokens[1] must be a single token of WordVocabulary.tokenize, got \"a b\"");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WordVocabulary.ofTokens(List.of("<unk>", "<unk>")))
        .withMessage("tokens[1] must be a single token of WordVocabulary.tokenize, got \"<unk>\"");
  }

  @Test
  void badCorporaAndSizesAreRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WordVocabulary.of("", 10))
        .withMessage("text must not be empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WordVocabulary.of("  \t", 10))
        .withMessage("text must contain at least one token, got 3 whitespace characters");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WordVocabulary.of("a", 0))
        .withMessage("maxWords must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WordVocabulary.of("a", 1).token(2))
        .withMessage("id must be in [0, 2), got 2");
  }
}
