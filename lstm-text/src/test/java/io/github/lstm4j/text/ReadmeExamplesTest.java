package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's "generate text" snippet, compiled and run, and checked to be the one README.md
 * shows.
 */
class ReadmeExamplesTest {

  @Test
  void textSnippetTrainsGeneratesAndScores() throws IOException {
    String text = "ROMEO: To be, or not to be, that is the question.\n".repeat(100);
    String heldOutText = "To be, or not to be.\n";
    // README-TEXT-BEGIN
    CharLstmConfig config = CharLstmConfig.defaults().withHiddenSize(128).withEpochs(2);
    try (CharLstm model = CharLstm.fit(text, config, TrainingListener.NONE)) {
      String sample =
          model.generate("ROMEO:", 200, SamplingConfig.defaults().withTemperature(0.8), 42L);
      TextEvaluation score = model.evaluate(heldOutText); // nats and bits per character
      // README-TEXT-END
      assertThat(sample.codePointCount(0, sample.length())).isEqualTo(200);
      assertThat(sample.chars()).allMatch(c -> text.indexOf(c) >= 0);
      assertThat(score.bitsPerToken()).isPositive().isFinite();
    }
    assertThat(snippet(readmeTestSource(), "// README-TEXT-BEGIN", "// README-TEXT-END"))
        .isEqualTo(
            snippet(
                Files.readAllLines(Path.of("../README.md")),
                "<!-- README-TEXT-BEGIN -->",
                "<!-- README-TEXT-END -->"));
  }

  private static List<String> readmeTestSource() throws IOException {
    return Files.readAllLines(
        Path.of("src/test/java/io/github/lstm4j/text/ReadmeExamplesTest.java"));
  }

  /**
   * The code strictly between two markers without code fences and white space (so that line
   * wrapping does not matter) and without lines that only close a block (the test keeps its block
   * open for its own assertions).
   */
  static String snippet(List<String> lines, String begin, String end) {
    int from = -1;
    int to = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.equals(begin)) {
        from = i;
      } else if (line.equals(end)) {
        to = i;
      }
    }
    assertThat(from).as("marker %s", begin).isNotNegative();
    assertThat(to).as("marker %s", end).isGreaterThan(from);
    return lines.subList(from + 1, to).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("```") && !l.equals("}"))
        .collect(Collectors.joining())
        .replaceAll("\\s+", "");
  }
}
