package io.github.lstm4j.text;

/**
 * The mean next-token loss of a model on a text.
 *
 * @param natsPerToken mean cross-entropy in nats (natural log) per predicted token
 * @param tokens how many next-token predictions were scored
 */
public record TextEvaluation(double natsPerToken, long tokens) {
  /**
   * Returns the loss in bits per token (bits per character for a character model): nats / ln 2.
   *
   * @return bits per token
   */
  public double bitsPerToken() {
    return natsPerToken / Math.log(2);
  }

  /**
   * Returns the perplexity e^nats.
   *
   * @return the perplexity
   */
  public double perplexity() {
    return Math.exp(natsPerToken);
  }
}
