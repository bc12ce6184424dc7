package io.github.lstm4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.text.CharVocabulary;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EmbeddedCorpusTest {

  @Test
  void shakespeareIsCharRnnsTinyShakespeareDecompressed() throws Exception {
    String corpus = EmbeddedCorpus.SHAKESPEARE.load();

    assertThat(corpus).hasSize(1_115_394).startsWith("First Citizen:\nBefore we proceed");
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(corpus.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(java.util.HexFormat.of().formatHex(digest))
        .isEqualTo("86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed");
    assertThat(CharVocabulary.of(corpus).size()).isEqualTo(65);
  }

  @Test
  void theCorpusHoldsTheProjectSourcesOfEveryLibraryModule() {
    String corpus = EmbeddedCorpus.LSTM4J_SOURCES.load();

    assertThat(corpus)
        .isNotEmpty()
        .contains("package io.github.lstm4j")
        .contains("// file: lstm-core/src/main/java/io/github/lstm4j/core/Checks.java\n")
        .contains("// file: lstm-text/src/main/java/io/github/lstm4j/text/CharVocabulary.java\n")
        .contains(
            "// file: lstm-examples/src/main/java/io/github/lstm4j/examples/EmbeddedCorpus.java\n"
                + "package io.github.lstm4j.examples;\n")
        .doesNotContain("\r")
        .endsWith("\n");
    assertThat(corpus.lines().distinct().count()).isGreaterThan(100);
  }

  @Test
  void filesAppearOnceEachInSortedPathOrder() {
    List<String> headers =
        EmbeddedCorpus.LSTM4J_SOURCES
            .load()
            .lines()
            .filter(line -> line.startsWith("// file: "))
            .collect(Collectors.toList());

    assertThat(headers).hasSizeGreaterThan(5).doesNotHaveDuplicates().isSorted();
    assertThat(headers).allMatch(header -> header.endsWith(".java"));
  }

  @Test
  void aCharacterVocabularyCanBeLearnedFromIt() {
    String corpus = EmbeddedCorpus.LSTM4J_SOURCES.load();

    CharVocabulary vocabulary = CharVocabulary.of(corpus);

    assertThat(vocabulary.size()).isGreaterThan(60);
    assertThat(vocabulary.decode(vocabulary.encode(corpus))).isEqualTo(corpus);
  }
}
