package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;

/**
 * How {@link Sampler} turns logits into the next token: temperature, top-k and top-p (nucleus).
 *
 * <p>The filters apply in the order of Hugging Face {@code generate}: the logits are divided by
 * {@code temperature}, then only the {@code topK} most likely ids stay, then only the smallest set
 * of the most likely remaining ids whose probability (renormalized over the top-k) sums to at least
 * {@code topP}; the token is drawn from what is left, renormalized. Temperature does not change
 * which ids top-k keeps but does change the nucleus.
 *
 * <p>Greedy decoding (argmax) is {@code topK = 1}, i.e. {@link #greedy()}; a temperature of 0 is
 * not allowed, because {@code logits / 0} is not a distribution.
 *
 * <pre>{@code
 * SamplingConfig config = SamplingConfig.defaults().withTemperature(0.8).withTopK(40);
 * }</pre>
 *
 * @param temperature the divisor of the logits, finite and {@code > 0}; below 1 sharpens, above 1
 *     flattens the distribution
 * @param topK how many of the most likely ids may be emitted, {@code >= 0}; 0 disables the filter,
 *     1 is greedy, values above {@code V} act as {@code V}
 * @param topP the nucleus mass, in {@code (0, 1]}; 1 disables the filter
 */
public record SamplingConfig(double temperature, int topK, double topP) {

  /**
   * Validates the three values.
   *
   * @param temperature finite and {@code > 0}
   * @param topK {@code >= 0}
   * @param topP in {@code (0, 1]}
   * @throws IllegalArgumentException if a value is out of range, naming it
   */
  public SamplingConfig {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "temperature must be finite and > 0, got "
              + Checks.format(temperature)
              + "; for argmax decoding use SamplingConfig.greedy()");
    }
    Checks.nonNegative("topK", topK);
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1], got " + Checks.format(topP));
    }
  }

  /**
   * Plain sampling from the softmax of the logits: temperature 1, no top-k, no top-p.
   *
   * @return {@code (1, 0, 1)}
   */
  public static SamplingConfig defaults() {
    return new SamplingConfig(1, 0, 1);
  }

  /**
   * Argmax decoding: always the most likely id, the lowest id among equal logits.
   *
   * @return {@code (1, 1, 1)}
   */
  public static SamplingConfig greedy() {
    return new SamplingConfig(1, 1, 1);
  }

  /**
   * Returns a copy with another temperature.
   *
   * @param temperature finite and {@code > 0}
   * @return the new config
   * @throws IllegalArgumentException if {@code temperature} is out of range
   */
  public SamplingConfig withTemperature(double temperature) {
    return new SamplingConfig(temperature, topK, topP);
  }

  /**
   * Returns a copy with another top-k.
   *
   * @param topK {@code >= 0}, 0 = disabled
   * @return the new config
   * @throws IllegalArgumentException if {@code topK < 0}
   */
  public SamplingConfig withTopK(int topK) {
    return new SamplingConfig(temperature, topK, topP);
  }

  /**
   * Returns a copy with another top-p.
   *
   * @param topP in {@code (0, 1]}, 1 = disabled
   * @return the new config
   * @throws IllegalArgumentException if {@code topP} is out of range
   */
  public SamplingConfig withTopP(double topP) {
    return new SamplingConfig(temperature, topK, topP);
  }

  /**
   * Tells whether this config always picks the most likely id.
   *
   * @return {@code topK == 1}
   */
  public boolean isGreedy() {
    return topK == 1;
  }
}
