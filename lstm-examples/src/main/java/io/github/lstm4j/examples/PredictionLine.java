package io.github.lstm4j.examples;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The line {@code classify --predict} and {@code mnist --predict} print for one classified input:
 * the most probable class with its probability, then the K most probable classes with theirs.
 *
 * <pre>
 * "bonjour": fr (p=0.97), top 3: fr=0.968 it=0.015 es=0.009
 * digit.png: 7 (p=0.98), top 3: 7=0.981 1=0.012 9=0.004
 * </pre>
 *
 * <p>The list is in descending probability; classes of equal probability keep the lower class
 * first, as argmax does.
 */
final class PredictionLine {
  private PredictionLine() {}

  /**
   * Formats one prediction.
   *
   * @param input how the line names the input: a quoted text, a file name
   * @param classNames the name of each class, indexed like {@code p}
   * @param p the probability of each class
   * @param predicted the class the model predicts, named first
   * @param top how many classes to list, at most all of them
   * @return the line, without a line break
   */
  static String format(String input, List<String> classNames, float[] p, int predicted, int top) {
    Integer[] classes = new Integer[p.length];
    for (int j = 0; j < p.length; j++) {
      classes[j] = j;
    }
    // Stable sort: equal probabilities keep the lower class first, as argmax does.
    Arrays.sort(classes, Comparator.comparingDouble((Integer j) -> p[j]).reversed());
    int shown = Math.min(top, p.length);
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s: %s (p=%.2f), top %d:",
                input,
                classNames.get(predicted),
                p[predicted],
                shown));
    for (int k = 0; k < shown; k++) {
      line.append(
          String.format(Locale.ROOT, " %s=%.3f", classNames.get(classes[k]), p[classes[k]]));
    }
    return line.toString();
  }
}
