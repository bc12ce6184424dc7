package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;
import java.util.Objects;

/**
 * A corpus cut in two: the first part to train on, the last part to measure loss on.
 *
 * <p>The cut is a token boundary (for a {@link CharVocabulary}, a code point boundary, so a
 * surrogate pair is never split): validation is the last {@code round(validationFraction · N)} ids,
 * the training part the ids before them. The parts do not overlap and are not shuffled; the
 * validation text is text the model never saw, not a random sample.
 *
 * <pre>{@code
 * TrainValidationSplit split = TrainValidationSplit.of(ids, 100); // last 10% for validation
 * TokenBatches train = TokenBatches.of(split.train(), 32, 100);
 * }</pre>
 *
 * @param train the first part
 * @param validation the last part
 */
public record TrainValidationSplit(TokenSequence train, TokenSequence validation) {

  /** The part of the text kept for validation by {@link #of(TokenSequence, int)}: 10%. */
  public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

  /**
   * Checks that neither part is null.
   *
   * @param train the first part
   * @param validation the last part
   */
  public TrainValidationSplit {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(validation, "validation");
  }

  /**
   * Keeps the last 10% of the ids for validation.
   *
   * @param ids the whole corpus
   * @param seqLen the training window length {@code T}; both parts need at least {@code T + 1} ids
   * @return the split
   * @throws IllegalArgumentException if a part would have fewer than {@code seqLen + 1} ids
   */
  public static TrainValidationSplit of(TokenSequence ids, int seqLen) {
    return of(ids, DEFAULT_VALIDATION_FRACTION, seqLen);
  }

  /**
   * Keeps the last {@code validationFraction} of the ids for validation.
   *
   * @param ids the whole corpus
   * @param validationFraction the share of ids for validation, in {@code (0, 1)}
   * @param seqLen the training window length {@code T}, {@code > 0}; both parts need at least
   *     {@code T + 1} ids (one window of inputs plus its last target)
   * @return the split
   * @throws IllegalArgumentException if {@code validationFraction} is outside {@code (0, 1)},
   *     {@code seqLen <= 0}, or a part would have fewer than {@code seqLen + 1} ids
   */
  public static TrainValidationSplit of(TokenSequence ids, double validationFraction, int seqLen) {
    Objects.requireNonNull(ids, "ids");
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "validationFraction must be in (0, 1), got " + Checks.format(validationFraction));
    }
    Checks.positive("seqLen", seqLen);
    int n = ids.length();
    int validationLength = (int) Math.round(validationFraction * n);
    int trainLength = n - validationLength;
    requireWindow("training", trainLength, n, validationFraction, seqLen);
    requireWindow("validation", validationLength, n, validationFraction, seqLen);
    return new TrainValidationSplit(
        ids.subSequence(0, trainLength), ids.subSequence(trainLength, n));
  }

  private static void requireWindow(
      String part, int partLength, int n, double validationFraction, int seqLen) {
    long needed = (long) seqLen + 1;
    if (partLength < needed) {
      throw new IllegalArgumentException(
          part
              + " text must have at least seqLen + 1 = "
              + needed
              + " tokens, got "
              + partLength
              + " (text of "
              + n
              + " tokens, validationFraction "
              + Checks.format(validationFraction)
              + ")");
    }
  }
}
