package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.FrozenLstmCache;
import io.github.lstm4j.core.nn.LstmState;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams text from a {@link CharLstm}, one token per {@link #next()}: each call runs one LSTM time
 * step on the previous token, applies the head and samples the next token. The state is carried
 * from step to step, so the priming text is read once and never re-run. The steps run on the
 * model's {@link FrozenLanguageModel} snapshot (LSTM and head together, the LSTM laid out for
 * batch-1 steps), taken when the generator is created: a generator kept while the model trains on
 * goes on producing the text of the weights it was made from.
 *
 * <p>The caller may also {@link #feed} text of its own choosing between calls: the model reads it
 * as if it had generated it, so {@code next()} continues from it (interactive completion: the user
 * types, the model continues). {@link #nextTokenProbabilities()} returns the model's distribution
 * over the next token at any point.
 *
 * <p>A generator belongs to one thread; create one per thread (they share the model and its
 * snapshot safely). Buffers are allocated once, at creation.
 *
 * <pre>{@code
 * TextGenerator gen = model.generator("ROMEO:", SamplingConfig.defaults().withTemperature(0.8), 42L);
 * for (int i = 0; i < 200; i++) System.out.print(gen.next());
 * gen.feed("\nJULIET:"); // the user's text; the model continues after it
 * double[] p = gen.nextTokenProbabilities(); // (V) over vocabulary ids
 * }</pre>
 */
public final class TextGenerator implements Iterator<String> {
  private final ComputeContext ctx;
  private final FrozenLanguageModel model;
  private final Vocabulary vocabulary;
  private final Sampler sampler;
  private final Rng rng;
  private final FrozenLstmCache cache; // (B=1)
  private final LstmState state;
  private final int[] token = new int[1];
  private final Tensor logits; // (1, 1, V)

  TextGenerator(
      ComputeContext ctx,
      FrozenLanguageModel model,
      Vocabulary vocabulary,
      int[] prime,
      SamplingConfig sampling,
      long seed) {
    this.ctx = ctx;
    this.model = model;
    this.vocabulary = vocabulary;
    this.sampler = new Sampler(vocabulary.size(), sampling);
    this.rng = new Rng(seed);
    this.cache = model.newCache(1);
    this.state = LstmState.zeros(model.config(), 1);
    this.logits = Tensor.zeros(1, 1, vocabulary.size());
    for (int id : prime) {
      step(id);
    }
    token[0] = prime[prime.length - 1];
  }

  /**
   * Reads text chosen by the caller, as if the model had generated it: the state advances over its
   * tokens and the next {@link #next()} continues after them.
   *
   * @param text every character (or word) in the vocabulary; may be empty
   * @throws IllegalArgumentException if the text has a character outside the vocabulary
   */
  public void feed(String text) {
    for (int id : vocabulary.encode(text)) {
      feedToken(id);
    }
  }

  /**
   * Reads one token chosen by the caller, as {@link #feed(String)}.
   *
   * @param id a vocabulary id in {@code [0, V)}
   * @throws IllegalArgumentException if the id is out of range
   */
  public void feedToken(int id) {
    Checks.index("id", id, vocabulary.size());
    step(id);
  }

  /**
   * Returns the model's distribution over the next token given everything read so far (prime,
   * generated and fed tokens): the softmax of the logits at temperature 1, whatever the sampling
   * config.
   *
   * @return (V) probabilities indexed by vocabulary id, summing to 1; a new array
   */
  public double[] nextTokenProbabilities() {
    float[] z = logits.data();
    int V = z.length;
    double logSum = LanguageModelScorer.logSumExp(z, 0, V);
    double[] p = new double[V];
    for (int j = 0; j < V; j++) {
      p[j] = Math.exp(z[j] - logSum);
    }
    return p;
  }

  /** One time step on {@code id}; leaves the next-token logits in {@link #logits}. */
  private void step(int id) {
    token[0] = id;
    model.step(ctx, token, state, cache, logits);
  }

  /**
   * Always true: a language model can always continue.
   *
   * @return true
   */
  @Override
  public boolean hasNext() {
    return true;
  }

  /**
   * Samples the next token, advances the state, and returns the token's text (for a word model,
   * with the separating space the decoder would put before it).
   *
   * @return the next piece of text
   * @throws NoSuchElementException never
   */
  @Override
  public String next() {
    int previous = token[0];
    int id = sampler.sample(logits.data(), 0, rng);
    step(id);
    if (vocabulary instanceof CharVocabulary) {
      return vocabulary.token(id);
    }
    String before = vocabulary.decode(previous);
    return vocabulary.decode(previous, id).substring(before.length());
  }

  /**
   * Returns the id of the last token read: the last generated, fed or priming token.
   *
   * @return the id
   */
  public int lastTokenId() {
    return token[0];
  }
}
