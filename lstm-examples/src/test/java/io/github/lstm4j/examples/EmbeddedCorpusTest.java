package io.github.lstm4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.text.CharVocabulary;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EmbeddedCorpusTest {

  @Test
  void theCorpusHoldsTheProjectSourcesOfEveryLibraryModule() {
    String corpus = EmbeddedCorpus.load();

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
        EmbeddedCorpus.load()
            .lines()
            .filter(line -> line.startsWith("// file: "))
            .collect(Collectors.toList());

    assertThat(headers).hasSizeGreaterThan(5).doesNotHaveDuplicates().isSorted();
    assertThat(headers).allMatch(header -> header.endsWith(".java"));
  }

  @Test
  void aCharacterVocabularyCanBeLearnedFromIt() {
    String corpus = EmbeddedCorpus.load();

    CharVocabulary vocabulary = CharVocabulary.of(corpus);

    assertThat(vocabulary.size()).isGreaterThan(60);
    assertThat(vocabulary.decode(vocabulary.encode(corpus))).isEqualTo(corpus);
  }
}
