package io.github.lstm4j.examples;

import io.github.lstm4j.text.LabeledText;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A UTF-8 file of {@code text<TAB>label} lines, the input of {@code classify}: the label is what
 * follows the last tab (so a text may hold tabs), a trailing {@code \r} is dropped, blank lines are
 * skipped. Every problem is an {@link IOException} naming the file, the line and the value: {@code
 * "train.tsv:12: no tab between text and label in \"hello\""}.
 *
 * @param path the file
 * @param examples the examples, in file order
 * @param lines (N) the 1-based line number of each example
 */
record LabeledTsv(Path path, List<LabeledText> examples, int[] lines) {
  private static final int QUOTED_CHARS = 40;

  /** Reads and checks a file; an empty file (no example) is an error. */
  static LabeledTsv read(Path path) throws IOException {
    List<LabeledText> examples = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new java.io.InputStreamReader(
                Files.newInputStream(path),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
      int number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (line.endsWith("\r")) {
          line = line.substring(0, line.length() - 1);
        }
        if (line.isBlank()) {
          continue;
        }
        int tab = line.lastIndexOf('\t');
        if (tab < 0) {
          throw new IOException(
              path + ":" + number + ": no tab between text and label in " + quote(line));
        }
        String text = line.substring(0, tab);
        String label = line.substring(tab + 1).strip();
        if (text.isEmpty()) {
          throw new IOException(
              path + ":" + number + ": empty text before the tab in " + quote(line));
        }
        if (label.isEmpty()) {
          throw new IOException(
              path + ":" + number + ": empty label after the tab in " + quote(line));
        }
        examples.add(new LabeledText(text, label));
        lines.add(number);
      }
    } catch (CharacterCodingException e) {
      throw new IOException(path + ": not UTF-8 text (" + e.getMessage() + ")", e);
    }
    if (examples.isEmpty()) {
      throw new IOException(path + ": no examples (the file is empty or blank)");
    }
    return new LabeledTsv(
        path, List.copyOf(examples), lines.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The examples at {@code indices}, in that order, with their line numbers. */
  LabeledTsv subset(int[] indices) {
    List<LabeledText> picked = new ArrayList<>(indices.length);
    int[] pickedLines = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      picked.add(examples.get(indices[i]));
      pickedLines[i] = lines[indices[i]];
    }
    return new LabeledTsv(path, List.copyOf(picked), pickedLines);
  }

  /** Checks that every label is one of {@code classes}, naming the first line that is not. */
  void requireLabelsIn(Collection<String> classes, String trainingName) throws IOException {
    for (int i = 0; i < examples.size(); i++) {
      String label = examples.get(i).label();
      if (!classes.contains(label)) {
        throw new IOException(
            path
                + ":"
                + lines[i]
                + ": label "
                + quote(label)
                + " does not occur in "
                + trainingName
                + " (classes: "
                + String.join(", ", classes)
                + ")");
      }
    }
  }

  static String quote(String value) {
    String shown =
        value.length() <= QUOTED_CHARS ? value : value.substring(0, QUOTED_CHARS - 3) + "...";
    return "\"" + shown.replace("\t", "\\t") + "\"";
  }
}
