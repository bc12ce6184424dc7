package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The next-token API on a model over a three-token vocabulary ("\n", "a", "b"): the distribution
 * after a context, feeding a running generator, full-text scoring and beam search, each checked
 * against an independent computation from {@link CharLstm#nextTokenProbabilities}.
 */
class CharLstmNextTokenTest {
  private static final double TOLERANCE = 1e-5;
  private static final String TEXT = randomWords(3000, 1);

  private static CharLstm model;

  /** Words "ab", "ba", "aab", "b" in seeded random order, one or two per line. */
  private static String randomWords(int length, long seed) {
    String[] words = {"ab", "ba", "aab", "b"};
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length) {
      sb.append(words[random.nextInt(words.length)]);
      sb.append(random.nextInt(3) == 0 ? "\n" : "a");
    }
    return sb.substring(0, length);
  }

  @BeforeAll
  static void train() {
    CharLstmConfig config =
        CharLstmConfig.defaults()
            .withNumLayers(1)
            .withHiddenSize(12)
            .withSeqLen(16)
            .withBatchSize(4)
            .withLearningRate(1e-2)
            .withEpochs(1)
            .withEvaluateEvery(1000)
            .withThreads(1);
    model = CharLstm.fit(TEXT, config);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static int id(char c) {
    return ((CharVocabulary) model.vocabulary()).id(c);
  }

  /** −log p(text[i] | text[from..i)) summed over i in (from, to], by feeding a generator. */
  private static double negativeLogLikelihood(String text, int from, int to) {
    TextGenerator generator =
        model.generator(text.substring(from, from + 1), SamplingConfig.greedy(), 0L);
    double total = 0;
    for (int i = from + 1; i <= to; i++) {
      total -= Math.log(generator.nextTokenProbabilities()[id(text.charAt(i))]);
      generator.feed(text.substring(i, i + 1));
    }
    return total;
  }

  @Test
  void nextTokenProbabilitiesAreADistributionThatFeedingReproduces() {
    double[] p = model.nextTokenProbabilities("ab\naab");

    assertThat(p).hasSize(3);
    assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-12));
    assertThat(java.util.Arrays.stream(p).allMatch(q -> q > 0 && q < 1)).isTrue();
    TextGenerator generator = model.generator("ab", SamplingConfig.greedy(), 0L);
    generator.feed("\naa");
    generator.feedToken(id('b'));
    assertThat(generator.nextTokenProbabilities()).containsExactly(p, within(1e-12));
  }

  @Test
  void aGeneratorContinuesAfterTheCallersText() {
    TextGenerator generator = model.generator("ab", SamplingConfig.greedy(), 0L);
    String first = generator.next();
    generator.feed("\nba");
    String continued = generator.next();

    String primed = model.generate("ab" + first + "\nba", 1, SamplingConfig.greedy(), 0L);
    assertThat(continued).isEqualTo(primed);
    assertThat(generator.lastTokenId()).isEqualTo(id(continued.charAt(0)));
  }

  @Test
  void feedingAnUnknownTokenNamesIt() {
    TextGenerator generator = model.generator("ab", SamplingConfig.greedy(), 0L);
    assertThatIllegalArgumentException().isThrownBy(() -> generator.feed("abc"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> generator.feedToken(3))
        .withMessageContaining("id");
  }

  @Test
  void evaluateScoresEveryTokenAfterTheFirst() {
    // 3000 characters in 4 streams of windows of 16: 2999 = 4·749 + 3 predictions, so three
    // streams of 750 and one of 749, and a last window of 14 valid steps.
    TextEvaluation score = model.evaluate(TEXT);

    assertThat(score.tokens()).isEqualTo(2999);
    double total = 0;
    int start = 0;
    for (int b = 0; b < 4; b++) {
      int length = 749 + (b < 3 ? 1 : 0);
      total += negativeLogLikelihood(TEXT, start, start + length);
      start += length;
    }
    assertThat(start).isEqualTo(2999);
    assertThat(score.natsPerToken()).isCloseTo(total / 2999, within(TOLERANCE));
  }

  @Test
  void evaluateScoresATextShorterThanOneWindowAsOneStream() {
    String text = TEXT.substring(0, 11);

    TextEvaluation score = model.evaluate(text);

    assertThat(score.tokens()).isEqualTo(10);
    assertThat(score.natsPerToken())
        .isCloseTo(negativeLogLikelihood(text, 0, 10) / 10, within(TOLERANCE));
  }

  /** The best score over every sequence of at most maxLength tokens, by brute force. */
  private static BeamSearchResult exhaustive(
      String prime, String prefix, int maxLength, BeamSearchConfig config) {
    BeamSearchResult best = null;
    for (int v = 0; v < 3; v++) {
      String token = model.vocabulary().token(v);
      String text = prefix + token;
      BeamSearchResult candidate;
      if (config.stopTokens().contains(token) || text.length() == maxLength) {
        double logP = logProbability(prime, text);
        candidate =
            new BeamSearchResult(
                text, text.length(), logP, logP / Math.pow(text.length(), config.lengthPenalty()));
      } else {
        candidate = exhaustive(prime, text, maxLength, config);
      }
      if (best == null || candidate.score() > best.score()) {
        best = candidate;
      }
    }
    return best;
  }

  private static double logProbability(String prime, String text) {
    double logP = 0;
    for (int i = 0; i < text.length(); i++) {
      logP +=
          Math.log(model.nextTokenProbabilities(prime + text.substring(0, i))[id(text.charAt(i))]);
    }
    return logP;
  }

  @Test
  void aWideBeamFindsTheExhaustiveOptimumForEveryLengthPenalty() {
    int maxLength = 5;
    for (double lengthPenalty : new double[] {0, 0.6, 1, 2}) {
      BeamSearchConfig config =
          BeamSearchConfig.of(81).withLengthPenalty(lengthPenalty).withStopTokens("\n");
      BeamSearchResult expected = exhaustive("ab", "", maxLength, config);

      BeamSearchResult beam = model.beamSearch("ab", maxLength, config);

      assertThat(beam.score())
          .as("α = %s", lengthPenalty)
          .isCloseTo(expected.score(), within(TOLERANCE));
      assertThat(beam.logProbability())
          .isCloseTo(logProbability("ab", beam.text()), within(TOLERANCE));
      assertThat(beam.tokens()).isEqualTo(beam.text().length());
      assertThat(beam.text()).isEqualTo(expected.text());
    }
  }

  @Test
  void withoutStopTokensAWideBeamFindsTheMostProbableSequence() {
    BeamSearchConfig config = BeamSearchConfig.of(27);
    BeamSearchResult expected = exhaustive("\nb", "", 4, config);

    BeamSearchResult beam = model.beamSearch("\nb", 4, config);

    assertThat(beam.text()).hasSize(4).isEqualTo(expected.text());
    assertThat(beam.logProbability()).isCloseTo(expected.logProbability(), within(TOLERANCE));
  }

  @Test
  void aNarrowBeamNeverBeatsTheOptimumAndWidthOneIsGreedy() {
    List<Double> scores = new ArrayList<>();
    double optimum = exhaustive("a", "", 4, BeamSearchConfig.of(27)).score();
    for (int width = 1; width <= 4; width++) {
      scores.add(model.beamSearch("a", 4, BeamSearchConfig.of(width)).score());
    }

    assertThat(scores).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(optimum + TOLERANCE));
    assertThat(model.beamSearch("a", 12, BeamSearchConfig.of(1)).text())
        .isEqualTo(model.generate("a", 12, SamplingConfig.greedy(), 0L));
  }

  @Test
  void badBeamSearchArgumentsAreNamed() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BeamSearchConfig.of(0))
        .withMessage("width must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BeamSearchConfig.of(2).withLengthPenalty(-1))
        .withMessageContaining("lengthPenalty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> model.beamSearch("a", 0, BeamSearchConfig.of(2)))
        .withMessageContaining("maxLength");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> model.beamSearch("a", 3, BeamSearchConfig.of(2).withStopTokens("ab")))
        .withMessageContaining("stopTokens must each be one vocabulary token, got \"ab\"");
  }
}
