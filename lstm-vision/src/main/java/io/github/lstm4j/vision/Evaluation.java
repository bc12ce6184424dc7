package io.github.lstm4j.vision;

import io.github.lstm4j.core.Checks;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * How well a classifier did on a labelled set: the confusion matrix, and the accuracy and per-class
 * precision and recall derived from it.
 *
 * <pre>
 * confusionMatrix[i][j] = number of images of true class i predicted as class j
 * accuracy     = Σ_i m[i][i] / Σ_ij m[i][j]
 * precision[j] = m[j][j] / Σ_i m[i][j]    (NaN when class j was never predicted)
 * recall[i]    = m[i][i] / Σ_j m[i][j]    (NaN when class i never occurs)
 * </pre>
 *
 * <pre>{@code
 * Evaluation e = model.evaluate(ctx, test);
 * System.out.printf(Locale.ROOT, "accuracy %.4f%n%s", e.accuracy(), e.confusionMatrixText());
 * }</pre>
 *
 * @param confusionMatrix (numClasses, numClasses) counts, rows = true class, columns = predicted
 */
public record Evaluation(int[][] confusionMatrix) {
  private static final String CORNER = "true\\pred";

  /**
   * Copies and checks the matrix.
   *
   * @param confusionMatrix see the record description
   * @throws IllegalArgumentException if the matrix is not square, has a negative entry, or counts
   *     no image at all
   */
  public Evaluation {
    Objects.requireNonNull(confusionMatrix, "confusionMatrix");
    int n = confusionMatrix.length;
    Checks.positive("confusionMatrix.length", n);
    int[][] copy = new int[n][];
    long total = 0;
    for (int i = 0; i < n; i++) {
      int[] row = Objects.requireNonNull(confusionMatrix[i], "confusionMatrix[" + i + "]");
      Checks.argument(
          row.length == n,
          "confusionMatrix[" + i + "] must have length numClasses = " + n + ", got " + row.length);
      for (int j = 0; j < n; j++) {
        Checks.nonNegative("confusionMatrix[" + i + "][" + j + "]", row[j]);
        total += row[j];
      }
      copy[i] = row.clone();
    }
    Checks.argument(total > 0, "confusionMatrix must count at least one image, got 0");
    confusionMatrix = copy;
  }

  /**
   * Counts true and predicted labels into a confusion matrix.
   *
   * @param labels the true class of each image, each in [0, numClasses)
   * @param predictions the predicted class of each image, each in [0, numClasses); as many as
   *     {@code labels}, at least one
   * @param numClasses the number of classes, {@code > 0}
   * @return the evaluation
   * @throws IllegalArgumentException if the lengths differ, are 0, or a class is out of range
   */
  public static Evaluation of(int[] labels, int[] predictions, int numClasses) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(predictions, "predictions");
    Checks.positive("numClasses", numClasses);
    Checks.argument(
        predictions.length == labels.length,
        "predictions must have length labels.length = "
            + labels.length
            + ", got "
            + predictions.length);
    Checks.positive("labels.length", labels.length);
    int[][] matrix = new int[numClasses][numClasses];
    for (int i = 0; i < labels.length; i++) {
      Checks.index("labels[" + i + "]", labels[i], numClasses);
      Checks.index("predictions[" + i + "]", predictions[i], numClasses);
      matrix[labels[i]][predictions[i]]++;
    }
    return new Evaluation(matrix);
  }

  /**
   * Returns a copy of the confusion matrix.
   *
   * @return (numClasses, numClasses) counts, rows = true class, columns = predicted class
   */
  @Override
  public int[][] confusionMatrix() {
    int[][] copy = new int[confusionMatrix.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = confusionMatrix[i].clone();
    }
    return copy;
  }

  /**
   * Returns the number of classes.
   *
   * @return the matrix size
   */
  public int numClasses() {
    return confusionMatrix.length;
  }

  /**
   * Returns the number of images counted.
   *
   * @return the sum of all entries
   */
  public int count() {
    int total = 0;
    for (int[] row : confusionMatrix) {
      for (int v : row) {
        total += v;
      }
    }
    return total;
  }

  /**
   * Returns the number of correctly classified images.
   *
   * @return the trace of the matrix
   */
  public int correct() {
    int total = 0;
    for (int i = 0; i < confusionMatrix.length; i++) {
      total += confusionMatrix[i][i];
    }
    return total;
  }

  /**
   * Returns the share of images classified correctly.
   *
   * @return {@code correct() / count()}, in [0, 1]
   */
  public double accuracy() {
    return (double) correct() / count();
  }

  /**
   * Returns each class's precision: of the images predicted as the class, the share that are.
   *
   * @return (numClasses) values in [0, 1], NaN for a class that was never predicted
   */
  public double[] precision() {
    int n = confusionMatrix.length;
    double[] precision = new double[n];
    for (int j = 0; j < n; j++) {
      int predicted = 0;
      for (int[] row : confusionMatrix) {
        predicted += row[j];
      }
      precision[j] = predicted == 0 ? Double.NaN : (double) confusionMatrix[j][j] / predicted;
    }
    return precision;
  }

  /**
   * Returns each class's recall: of the images of the class, the share predicted as it.
   *
   * @return (numClasses) values in [0, 1], NaN for a class that does not occur
   */
  public double[] recall() {
    int[] support = support();
    double[] recall = new double[support.length];
    for (int i = 0; i < support.length; i++) {
      recall[i] = support[i] == 0 ? Double.NaN : (double) confusionMatrix[i][i] / support[i];
    }
    return recall;
  }

  /**
   * Returns how many images of each true class were counted.
   *
   * @return (numClasses) row sums
   */
  public int[] support() {
    int[] support = new int[confusionMatrix.length];
    for (int i = 0; i < support.length; i++) {
      for (int v : confusionMatrix[i]) {
        support[i] += v;
      }
    }
    return support;
  }

  /**
   * Renders the confusion matrix as an aligned table, rows = true class, columns = predicted class,
   * one line per class after a header line, each line ending in {@code '\n'}:
   *
   * <pre>
   * true\pred  0  1
   *         0  5  1
   *         1  0  4
   * </pre>
   *
   * @return the table
   */
  public String confusionMatrixText() {
    int n = confusionMatrix.length;
    int largest = n - 1;
    for (int[] row : confusionMatrix) {
      for (int v : row) {
        largest = Math.max(largest, v);
      }
    }
    String cell = "%" + (Integer.toString(largest).length() + 2) + "d";
    String rowLabel = "%" + CORNER.length() + "d";
    StringBuilder text = new StringBuilder(CORNER);
    for (int j = 0; j < n; j++) {
      text.append(String.format(Locale.ROOT, cell, j));
    }
    text.append('\n');
    for (int i = 0; i < n; i++) {
      text.append(String.format(Locale.ROOT, rowLabel, i));
      for (int j = 0; j < n; j++) {
        text.append(String.format(Locale.ROOT, cell, confusionMatrix[i][j]));
      }
      text.append('\n');
    }
    return text.toString();
  }

  /**
   * Renders precision, recall and support of every class as an aligned table, one line per class
   * after a header line, each line ending in {@code '\n'}; an undefined value shows as {@code n/a}:
   *
   * <pre>
   * class  precision  recall  support
   *     0     1.0000  0.8333        6
   *     1     0.8000  1.0000        4
   * </pre>
   *
   * @return the table
   */
  public String perClassText() {
    double[] precision = precision();
    double[] recall = recall();
    int[] support = support();
    StringBuilder text = new StringBuilder("class  precision  recall  support\n");
    for (int i = 0; i < support.length; i++) {
      text.append(
          String.format(
              Locale.ROOT,
              "%5d  %9s  %6s  %7d\n",
              i,
              ratio(precision[i]),
              ratio(recall[i]),
              support[i]));
    }
    return text.toString();
  }

  private static String ratio(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
  }

  /**
   * Compares the matrices entry by entry.
   *
   * @param o the other object
   * @return true for an evaluation with an equal confusion matrix
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Evaluation e && Arrays.deepEquals(e.confusionMatrix, confusionMatrix);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(confusionMatrix);
  }

  /**
   * Summarises the evaluation.
   *
   * @return e.g. {@code "Evaluation(accuracy=0.9912, correct=9912, count=10000, numClasses=10)"}
   */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "Evaluation(accuracy=%.4f, correct=%d, count=%d, numClasses=%d)",
        accuracy(),
        correct(),
        count(),
        numClasses());
  }
}
