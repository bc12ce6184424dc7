package io.github.lstm4j.text;

/**
 * The best hypothesis of a {@link CharLstm#beamSearch}.
 *
 * <pre>{@code
 * BeamSearchResult best = model.beamSearch("ROMEO:", 40, BeamSearchConfig.of(5));
 * System.out.println(best.text() + " " + best.score());
 * }</pre>
 *
 * @param text the generated text after the prime, ending with its stop token if it has one
 * @param tokens how many tokens it has ({@code L})
 * @param logProbability {@code Σ log p(y_i | prime, y_<i)} in nats
 * @param score {@code logProbability / L^lengthPenalty}, what the search maximised
 */
public record BeamSearchResult(String text, int tokens, double logProbability, double score) {}
