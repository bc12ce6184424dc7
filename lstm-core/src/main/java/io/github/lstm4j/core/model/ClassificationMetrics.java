package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.nn.Softmax;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The scores of a classifier (or tagger) on labelled data: accuracy, per-class precision, recall
 * and F1, macro-F1, the confusion matrix and the mean log loss. Immutable.
 *
 * <pre>
 * precision_c = TP_c / (TP_c + FP_c)     recall_c = TP_c / (TP_c + FN_c)     (0 when 0/0)
 * F1_c = 2·P·R / (P + R)                 (0 when P + R = 0)
 * macro-F1 = mean of F1_c over the classes that occur as actual or predicted class
 * log loss = −(1/N)·Σ ln p(actual), with p clamped to at least 1e-30
 * </pre>
 *
 * <p>These are scikit-learn's {@code precision_recall_fscore_support(zero_division=0)} and {@code
 * f1_score(average="macro")} definitions. {@link #toString} is a table for people:
 *
 * <pre>{@code
 * ClassificationMetrics m = classifier.evaluate(ctx, test);
 * System.out.println(m.accuracy() + " " + m.macroF1());
 * System.out.println(m); // per-class table and confusion matrix
 * }</pre>
 */
public final class ClassificationMetrics {
  private static final double MIN_PROBABILITY = 1e-30;

  private final List<String> classNames;
  private final long[][] confusion; // [actual][predicted]
  private final double logLoss;
  private final long count;

  private ClassificationMetrics(List<String> classNames, long[][] confusion, double logLoss) {
    this.classNames = classNames;
    this.confusion = confusion;
    this.logLoss = logLoss;
    long n = 0;
    for (long[] row : confusion) {
      for (long v : row) {
        n += v;
      }
    }
    this.count = n;
  }

  /**
   * Builds metrics from a confusion matrix (without a log loss, which is then NaN).
   *
   * @param classNames the C class names
   * @param confusion (C, C) counts, {@code confusion[actual][predicted]}, each {@code >= 0}
   * @return the metrics
   * @throws IllegalArgumentException if the matrix is not C × C or holds a negative count
   */
  public static ClassificationMetrics of(List<String> classNames, long[][] confusion) {
    Objects.requireNonNull(classNames, "classNames");
    Objects.requireNonNull(confusion, "confusion");
    int classes = classNames.size();
    Checks.argument(
        confusion.length == classes,
        "confusion must have " + classes + " rows (one per class), got " + confusion.length);
    long[][] copy = new long[classes][];
    for (int a = 0; a < classes; a++) {
      Checks.argument(
          confusion[a].length == classes,
          "confusion[" + a + "] must have " + classes + " columns, got " + confusion[a].length);
      for (int p = 0; p < classes; p++) {
        Checks.argument(
            confusion[a][p] >= 0,
            "confusion[" + a + "][" + p + "] must be >= 0, got " + confusion[a][p]);
      }
      copy[a] = confusion[a].clone();
    }
    return new ClassificationMetrics(List.copyOf(classNames), copy, Double.NaN);
  }

  /** Accumulates predictions one at a time. */
  static final class Counter {
    private final List<String> classNames;
    private final long[][] confusion;
    private double lossSum;
    private long n;

    Counter(List<String> classNames) {
      this.classNames = classNames;
      this.confusion = new long[classNames.size()][classNames.size()];
    }

    /** Counts one example: its actual class and the C probabilities at {@code probs[offset…]}. */
    void add(int actual, float[] probs, int offset) {
      int predicted = Softmax.argmax(probs, offset, classNames.size());
      confusion[actual][predicted]++;
      lossSum -= Math.log(Math.max(MIN_PROBABILITY, probs[offset + actual]));
      n++;
    }

    ClassificationMetrics metrics() {
      return new ClassificationMetrics(classNames, confusion, n == 0 ? Double.NaN : lossSum / n);
    }
  }

  /**
   * Returns the class names.
   *
   * @return the C names, class id = index
   */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * Returns the number of examples scored.
   *
   * @return N
   */
  public long count() {
    return count;
  }

  /**
   * Returns the confusion matrix.
   *
   * @return a copy, {@code [actual][predicted]}
   */
  public long[][] confusion() {
    long[][] copy = new long[confusion.length][];
    for (int a = 0; a < confusion.length; a++) {
      copy[a] = confusion[a].clone();
    }
    return copy;
  }

  /**
   * Returns the share of examples whose top class is the actual one.
   *
   * @return in [0, 1]; NaN without examples
   */
  public double accuracy() {
    long correct = 0;
    for (int c = 0; c < confusion.length; c++) {
      correct += confusion[c][c];
    }
    return count == 0 ? Double.NaN : correct / (double) count;
  }

  /**
   * Returns the mean negative log-probability of the actual class.
   *
   * @return in nats; NaN without examples or for metrics built from a confusion matrix
   */
  public double logLoss() {
    return logLoss;
  }

  /**
   * Returns how many examples belong to a class.
   *
   * @param c the class id
   * @return TP + FN
   */
  public long support(int c) {
    Checks.index("c", c, confusion.length);
    long sum = 0;
    for (long v : confusion[c]) {
      sum += v;
    }
    return sum;
  }

  private long predictedCount(int c) {
    long sum = 0;
    for (long[] row : confusion) {
      sum += row[c];
    }
    return sum;
  }

  /**
   * Returns the precision of a class.
   *
   * @param c the class id
   * @return TP / (TP + FP), 0 if the class is never predicted
   */
  public double precision(int c) {
    long predicted = predictedCount(Checks.index("c", c, confusion.length));
    return predicted == 0 ? 0 : confusion[c][c] / (double) predicted;
  }

  /**
   * Returns the recall of a class.
   *
   * @param c the class id
   * @return TP / (TP + FN), 0 if the class has no example
   */
  public double recall(int c) {
    long support = support(c);
    return support == 0 ? 0 : confusion[c][c] / (double) support;
  }

  /**
   * Returns the F1 score of a class.
   *
   * @param c the class id
   * @return the harmonic mean of precision and recall, 0 if both are 0
   */
  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /**
   * Returns the mean F1 over the classes that occur as actual or predicted class.
   *
   * @return in [0, 1]; NaN without examples
   */
  public double macroF1() {
    double sum = 0;
    int classes = 0;
    for (int c = 0; c < confusion.length; c++) {
      if (support(c) > 0 || predictedCount(c) > 0) {
        sum += f1(c);
        classes++;
      }
    }
    return classes == 0 ? Double.NaN : sum / classes;
  }

  /**
   * Returns a table: accuracy and macro-F1, then precision, recall, F1 and support per class, then
   * the confusion matrix (rows = actual, columns = predicted).
   *
   * @return the table, lines separated by {@code \n}
   */
  @Override
  public String toString() {
    int width = 5;
    for (String name : classNames) {
      width = Math.max(width, name.length());
    }
    for (long[] row : confusion) {
      for (long v : row) {
        width = Math.max(width, Long.toString(v).length());
      }
    }
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "accuracy %.4f  macro-F1 %.4f  (%d examples)%n",
            accuracy(),
            macroF1(),
            count));
    String nameColumn = "%-" + width + "s";
    s.append(
        String.format(Locale.ROOT, nameColumn + "  precision  recall  f1      support%n", "class"));
    for (int c = 0; c < confusion.length; c++) {
      s.append(
          String.format(
              Locale.ROOT,
              nameColumn + "  %.4f     %.4f  %.4f  %d%n",
              classNames.get(c),
              precision(c),
              recall(c),
              f1(c),
              support(c)));
    }
    s.append("confusion (rows: actual, columns: predicted)\n");
    String cell = " %" + width + "s";
    s.append(String.format(Locale.ROOT, nameColumn, ""));
    for (String name : classNames) {
      s.append(String.format(Locale.ROOT, cell, name));
    }
    s.append('\n');
    for (int a = 0; a < confusion.length; a++) {
      s.append(String.format(Locale.ROOT, nameColumn, classNames.get(a)));
      for (long v : confusion[a]) {
        s.append(String.format(Locale.ROOT, cell, v));
      }
      s.append('\n');
    }
    return s.toString().replace(System.lineSeparator(), "\n");
  }
}
