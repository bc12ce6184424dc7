package io.github.lstm4j.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The code between two markers of a file, to check that README.md still shows a tested snippet. */
public final class ReadmeSnippets {
  private ReadmeSnippets() {}

  /**
   * The code strictly between two markers without code fences and white space (so that line
   * wrapping does not matter).
   */
  public static String snippet(Path file, String begin, String end) throws IOException {
    List<String> lines = Files.readAllLines(file);
    int from = indexOf(lines, begin);
    int to = indexOf(lines, end);
    return lines.subList(from + 1, to).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("```"))
        .collect(Collectors.joining())
        .replaceAll("\\s+", "");
  }

  private static int indexOf(List<String> lines, String marker) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(marker)) {
        return i;
      }
    }
    throw new AssertionError("marker " + marker + " not found");
  }
}
