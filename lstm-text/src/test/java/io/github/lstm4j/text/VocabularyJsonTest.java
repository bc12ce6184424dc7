package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VocabularyJsonTest {

  @Test
  void readerAcceptsWhitespaceAndStandardEscapes() {
    Vocabulary vocabulary =
        Vocabulary.fromJson(
            " {\n \"type\" : \"word\" ,\t\"tokens\" : [ \"<unk>\" , \"\\n\" , \"\\u00E9\" , \"\\/\" ] } ");

    assertThat(vocabulary).isEqualTo(WordVocabulary.ofTokens(List.of("<unk>", "\n", "é", "/")));
    assertThat(Vocabulary.fromJson("{\"codePoints\":[97],\"type\":\"char\"}"))
        .isEqualTo(CharVocabulary.of("a"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "[1]                                        | json is not a vocabulary: JSON text must be an object, got [1]",
        "{\"type\":\"char\",\"codePoints\":[97]} x   | json is not a vocabulary: invalid JSON at offset 34: unexpected content after the value",
        "{\"type\":\"char\",\"codePoints\":[97.5]}   | json \"codePoints\" must hold integers, got 97.5 at index 0",
        "{\"type\":\"word\",\"tokens\":[\"<unk>]}    | json is not a vocabulary: invalid JSON at offset 33: unterminated string",
        "{\"type\":\"word\",\"tokens\":[\"\\q\"]}     | json is not a vocabulary: invalid JSON at offset 26: invalid escape",
        "{\"type\":\"char\",\"type\":\"char\"}       | json is not a vocabulary: invalid JSON at offset 15: duplicate key \"type\"",
        "{\"type\":\"bpe\",\"merges\":[]}             | json \"type\" must be \"char\" or \"word\", got \"bpe\"",
        "{\"codePoints\":[97]}                      | json \"type\" must be \"char\" or \"word\", got null",
        "{\"type\":\"char\",\"codePoints\":[97],\"x\":1} | json keys must be [type, codePoints], got [type, codePoints, x]",
        "{\"type\":\"char\",\"codePoints\":[\"a\"]}  | json \"codePoints\" must hold integers, got a at index 0",
        "{\"type\":\"char\",\"codePoints\":[4294967393]} | json \"codePoints\" must hold integers, got 4294967393 at index 0",
        "{\"type\":\"word\",\"tokens\":\"<unk>\"}    | json \"tokens\" must be an array, got <unk>",
        "{\"type\":\"word\",\"tokens\":[1]}           | json \"tokens\" must hold strings, got 1 at index 0",
      })
  void malformedJsonIsRejectedNamingWhatIsWrong(String json, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Vocabulary.fromJson(json))
        .withMessage(message);
  }

  @Test
  void jsonOfAnInvalidVocabularyFailsWithTheVocabularyMessage() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Vocabulary.fromJson("{\"type\":\"char\",\"codePoints\":[98,97]}"))
        .withMessage("codePoints must be strictly ascending, got U+0061 at index 1 after U+0062");
  }
}
