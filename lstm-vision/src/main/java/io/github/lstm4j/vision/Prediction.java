package io.github.lstm4j.vision;

import io.github.lstm4j.core.Checks;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The class a {@link RowLstmClassifier} assigns to one image, with the softmax probability of every
 * class.
 *
 * <pre>{@code
 * Prediction p = model.predict(image);
 * System.out.println(p.label() + " with probability " + p.probability());
 * }</pre>
 *
 * @param label the most probable class, in [0, probabilities.length)
 * @param probabilities (numClasses) softmax probabilities, summing to 1 up to rounding
 */
public record Prediction(int label, float[] probabilities) {
  /**
   * Copies the probabilities and checks that the label indexes them.
   *
   * @param label see the record description
   * @param probabilities see the record description
   * @throws IllegalArgumentException if {@code label} is not an index of {@code probabilities}
   */
  public Prediction {
    probabilities = Objects.requireNonNull(probabilities, "probabilities").clone();
    Checks.index("label", label, probabilities.length);
  }

  /**
   * Returns a copy of the probabilities.
   *
   * @return (numClasses) probabilities
   */
  @Override
  public float[] probabilities() {
    return probabilities.clone();
  }

  /**
   * Returns the probability of the predicted class.
   *
   * @return {@code probabilities()[label()]}
   */
  public float probability() {
    return probabilities[label];
  }

  /**
   * Compares the label and every probability.
   *
   * @param o the other object
   * @return true for a prediction with the same label and bit-identical probabilities
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Prediction p
        && p.label == label
        && Arrays.equals(p.probabilities, probabilities);
  }

  @Override
  public int hashCode() {
    return 31 * label + Arrays.hashCode(probabilities);
  }

  /**
   * Describes the prediction.
   *
   * @return e.g. {@code "Prediction(label=7, probability=0.9981)"}
   */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "Prediction(label=%d, probability=%.4f)", label, probabilities[label]);
  }
}
