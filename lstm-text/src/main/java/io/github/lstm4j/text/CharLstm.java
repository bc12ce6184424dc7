package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A character-level (or word-level) LSTM language model: train it on a text in one call, then
 * generate text from it, score texts, save and load it.
 *
 * <p>The network is token ids → a {@link Lstm} of {@code numLayers × hiddenSize} → a {@link Linear}
 * head → softmax over the vocabulary. Training follows char-rnn: the text is cut into {@code
 * batchSize} contiguous streams, read in windows of {@code seqLen} tokens with the hidden state
 * carried across windows (truncated backpropagation through time), Adam with gradient clipping, and
 * the last part of the text held out for validation. See {@link CharLstmConfig}.
 *
 * <p>A trained model is immutable and safe to share: any number of threads may generate or evaluate
 * at once, each call with its own state. The model owns a small thread pool ({@code
 * config.threads()}); {@link #close()} releases it (its threads are daemons, so forgetting to close
 * does not keep a JVM alive).
 *
 * <pre>{@code
 * CharLstm model = CharLstm.fit(text, CharLstmConfig.defaults(), TrainingListener.NONE);
 * String sample = model.generate("ROMEO:", 200, SamplingConfig.defaults().withTemperature(0.8), 42L);
 * }</pre>
 */
public final class CharLstm implements AutoCloseable {
  private final CharLstmConfig config;
  private final Vocabulary vocabulary;
  private final Parameters params = new Parameters();
  private final Lstm lstm;
  private final Linear head;
  private final ComputeContext ctx;

  /** Builds an untrained model with weights initialised from {@code config.seed()}. */
  CharLstm(CharLstmConfig config, Vocabulary vocabulary) {
    this.config = config;
    this.vocabulary = vocabulary;
    Rng rng = new Rng(config.seed());
    LstmConfig lstmConfig =
        LstmConfig.of(vocabulary.size(), config.hiddenSize())
            .withNumLayers(config.numLayers())
            .withDropout(config.dropout())
            .withForgetBias(config.forgetBias());
    this.lstm = new Lstm(lstmConfig, params, rng);
    this.head = new Linear("head", config.hiddenSize(), vocabulary.size(), params, rng);
    this.ctx = ComputeContext.of(config.threads());
  }

  /**
   * Trains a model on a text with the given config, silently.
   *
   * @param text the training corpus (its last {@code validationFraction} is held out)
   * @param config the hyper-parameters
   * @return the trained model
   * @throws IllegalArgumentException if the text is too short for the config or has fewer than two
   *     distinct tokens
   */
  public static CharLstm fit(CharSequence text, CharLstmConfig config) {
    return fit(text, config, TrainingListener.NONE);
  }

  /**
   * Trains a model on a text, reporting progress to a listener.
   *
   * @param text the training corpus (its last {@code validationFraction} is held out)
   * @param config the hyper-parameters
   * @param listener receives step, evaluation and epoch events
   * @return the trained model (with the weights of the best validation loss, when there is
   *     validation text)
   * @throws IllegalArgumentException if the text is too short for the config or has fewer than two
   *     distinct tokens
   * @throws ArithmeticException if the loss becomes NaN or infinite (names the step and learning
   *     rate)
   */
  public static CharLstm fit(CharSequence text, CharLstmConfig config, TrainingListener listener) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(listener, "listener");
    Checks.argument(text.length() > 0, "text must not be empty");
    Vocabulary vocabulary =
        config.level() == CharLstmConfig.Level.CHARACTER
            ? CharVocabulary.of(text)
            : WordVocabulary.of(text, config.maxVocabulary());
    Checks.argument(
        vocabulary.size() >= 2,
        "text must contain at least 2 distinct tokens, got "
            + vocabulary.size()
            + " ("
            + vocabulary.toJson()
            + ")");
    TokenSequence ids = TokenSequence.encode(text, vocabulary);
    CharLstm model = new CharLstm(config, vocabulary);
    try {
      new LanguageModelTrainer(model, ids, listener).run();
    } catch (RuntimeException | Error e) {
      model.close();
      throw e;
    }
    return model;
  }

  /**
   * Trains a model on a UTF-8 text file.
   *
   * @param corpus the file
   * @param config the hyper-parameters
   * @param listener receives progress
   * @return the trained model
   * @throws IOException if the file cannot be read or is not valid UTF-8
   */
  public static CharLstm fit(Path corpus, CharLstmConfig config, TrainingListener listener)
      throws IOException {
    return fit(readUtf8(corpus), config, listener);
  }

  /**
   * Reads a whole file as UTF-8, failing on malformed input instead of replacing it.
   *
   * @param path the file
   * @return its text
   * @throws IOException if it cannot be read or is not valid UTF-8
   */
  public static String readUtf8(Path path) throws IOException {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new IOException(path + " is not valid UTF-8 text", e);
    }
  }

  /**
   * Starts a stream of generated text.
   *
   * @param prime text the model reads first (every character must be in the vocabulary); if empty,
   *     generation starts after a newline when the vocabulary has one, else after a random token
   * @param sampling temperature, top-k, top-p
   * @param seed the sampling seed: the same seed gives the same text
   * @return a generator owned by the calling thread
   * @throws IllegalArgumentException if the prime has a character outside the vocabulary
   */
  public TextGenerator generator(String prime, SamplingConfig sampling, long seed) {
    Objects.requireNonNull(prime, "prime");
    Objects.requireNonNull(sampling, "sampling");
    int[] ids = vocabulary.encode(prime);
    if (ids.length == 0) {
      ids = new int[] {startToken(seed)};
    }
    return new TextGenerator(ctx, lstm, head, vocabulary, ids, sampling, seed);
  }

  private int startToken(long seed) {
    if (vocabulary instanceof CharVocabulary chars && chars.contains('\n')) {
      return chars.id('\n');
    }
    if (vocabulary instanceof WordVocabulary words && words.tokens().contains("\n")) {
      return words.id("\n");
    }
    return new Rng(seed ^ 0x5DEECE66DL).nextInt(vocabulary.size());
  }

  /**
   * Generates text and returns it (without the prime).
   *
   * @param prime text the model reads first; may be empty
   * @param length how many tokens to generate, {@code >= 0}
   * @param sampling temperature, top-k, top-p
   * @param seed the sampling seed
   * @return the generated text
   */
  public String generate(String prime, int length, SamplingConfig sampling, long seed) {
    StringBuilder sb = new StringBuilder();
    generate(prime, length, sampling, seed, sb::append);
    return sb.toString();
  }

  /**
   * Generates text and hands each token's text to {@code sink} as soon as it is sampled.
   *
   * @param prime text the model reads first; may be empty
   * @param length how many tokens to generate, {@code >= 0}
   * @param sampling temperature, top-k, top-p
   * @param seed the sampling seed
   * @param sink receives each piece of text in order
   */
  public void generate(
      String prime, int length, SamplingConfig sampling, long seed, Consumer<String> sink) {
    Checks.nonNegative("length", length);
    Objects.requireNonNull(sink, "sink");
    TextGenerator generator = generator(prime, sampling, seed);
    for (int i = 0; i < length; i++) {
      sink.accept(generator.next());
    }
  }

  /**
   * Scores a text: the mean next-token loss, read as {@link #config()}'s windows with the state
   * carried across them.
   *
   * @param text at least two tokens, every character in the vocabulary
   * @return nats and bits per token
   * @throws IllegalArgumentException if the text is too short or has unknown characters
   */
  public TextEvaluation evaluate(CharSequence text) {
    Objects.requireNonNull(text, "text");
    TokenSequence ids = TokenSequence.encode(text, vocabulary);
    Checks.argument(ids.length() >= 2, "text must have at least 2 tokens, got " + ids.length());
    return LanguageModelScorer.forLength(
            lstm, head, ids.length(), config.seqLen(), config.batchSize())
        .score(ctx, ids);
  }

  /**
   * Returns the hyper-parameters the model was built and trained with.
   *
   * @return the config
   */
  public CharLstmConfig config() {
    return config;
  }

  /**
   * Returns the vocabulary.
   *
   * @return the token set, ids {@code 0..V-1}
   */
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /**
   * Returns the number of trainable scalars.
   *
   * @return the parameter count
   */
  public int parameterCount() {
    return params.count();
  }

  Parameters parameters() {
    return params;
  }

  Lstm lstm() {
    return lstm;
  }

  Linear head() {
    return head;
  }

  ComputeContext computeContext() {
    return ctx;
  }

  /** Stops the model's compute threads; later calls run on the caller's thread. */
  @Override
  public void close() {
    ctx.close();
  }
}
