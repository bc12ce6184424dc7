package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;
import java.util.List;
import java.util.Objects;

/**
 * How {@link CharLstm#beamSearch} decodes: the beam width, the length penalty and the tokens that
 * end a hypothesis.
 *
 * <p>A hypothesis {@code y_1 … y_L} after the prime scores {@code Σ log p(y_i | prime, y_<i) /
 * L^lengthPenalty} (Hugging Face's convention). Lengths differ only when stop tokens end some
 * hypotheses early: {@code lengthPenalty = 0} ranks by total log-probability, which favours short
 * hypotheses; 1 ranks by mean log-probability per token; larger values favour long ones.
 *
 * <pre>{@code
 * BeamSearchConfig config = BeamSearchConfig.of(5).withLengthPenalty(0.6).withStopTokens("\n");
 * }</pre>
 *
 * @param width how many hypotheses are kept at each step, {@code > 0}; 1 is greedy decoding
 * @param lengthPenalty the exponent α of the length normalisation, finite and {@code >= 0}
 * @param stopTokens tokens (each one vocabulary token) that end a hypothesis; may be empty
 */
public record BeamSearchConfig(int width, double lengthPenalty, List<String> stopTokens) {

  /**
   * Validates the values and copies the stop tokens.
   *
   * @param width {@code > 0}
   * @param lengthPenalty finite and {@code >= 0}
   * @param stopTokens no null element
   * @throws IllegalArgumentException if a value is out of range, naming it
   */
  public BeamSearchConfig {
    Checks.positive("width", width);
    Checks.nonNegativeFinite("lengthPenalty", lengthPenalty);
    stopTokens = List.copyOf(Objects.requireNonNull(stopTokens, "stopTokens"));
  }

  /**
   * A beam of the given width, length penalty 1, no stop tokens.
   *
   * @param width {@code > 0}
   * @return the config
   */
  public static BeamSearchConfig of(int width) {
    return new BeamSearchConfig(width, 1.0, List.of());
  }

  /**
   * Returns a copy with another length penalty.
   *
   * @param lengthPenalty finite and {@code >= 0}
   * @return the new config
   */
  public BeamSearchConfig withLengthPenalty(double lengthPenalty) {
    return new BeamSearchConfig(width, lengthPenalty, stopTokens);
  }

  /**
   * Returns a copy with other stop tokens.
   *
   * @param tokens tokens that end a hypothesis, such as {@code "\n"}
   * @return the new config
   */
  public BeamSearchConfig withStopTokens(String... tokens) {
    return new BeamSearchConfig(width, lengthPenalty, List.of(tokens));
  }
}
