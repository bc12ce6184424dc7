package io.github.lstm4j.text;

import java.util.Objects;

/**
 * One example of a {@link TextClassifier}: a text and the name of its class.
 *
 * <pre>{@code
 * LabeledText example = new LabeledText("bonjour", "fr");
 * }</pre>
 *
 * @param text at least one character
 * @param label the class name, non-empty
 */
public record LabeledText(String text, String label) {
  /**
   * Checks the fields.
   *
   * @param text see the record description
   * @param label see the record description
   */
  public LabeledText {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(label, "label");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("text must have at least 1 character, got \"\"");
    }
    if (label.isEmpty()) {
      throw new IllegalArgumentException("label must be a non-empty class name, got \"\"");
    }
  }
}
