package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.OnnxExport;
import io.github.lstm4j.core.io.TrainingCheckpoint;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.train.Evaluation;
import io.github.lstm4j.core.train.Trainer;
import io.github.lstm4j.core.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A character-level (or word-level) LSTM language model: train it on a text in one call, then
 * generate text from it, score texts, save and load it.
 *
 * <p>The network is token ids → a {@link Lstm} of {@code numLayers × hiddenSize} → a {@link Linear}
 * head → softmax over the vocabulary. Training follows char-rnn: the text is cut into {@code
 * batchSize} contiguous streams, read in windows of {@code seqLen} tokens with the hidden state
 * carried across windows (truncated backpropagation through time), Adam with gradient clipping, and
 * the last part of the text held out for validation, on core's training engine ({@link Trainer});
 * progress goes to core's {@link TrainingListener}. See {@link CharLstmConfig}.
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
  private final Object frozenLock = new Object();
  private FrozenLanguageModel frozen; // what generators run on; null until needed; frozenLock

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
   * @param listener receives step, validation and epoch events; a step's examples are windows of
   *     {@code seqLen} tokens, {@code batchSize} of them a step
   * @return the trained model (with the weights of the best validation loss, when there is
   *     validation text)
   * @throws IllegalArgumentException if the text is too short for the config or has fewer than two
   *     distinct tokens
   * @throws ArithmeticException if the loss (names the step and learning rate) or a gradient (names
   *     the step and the parameter) becomes NaN or infinite, unless the config's {@code
   *     nonFinitePolicy} is SKIP; no weight is changed by that step
   */
  public static CharLstm fit(CharSequence text, CharLstmConfig config, TrainingListener listener) {
    Objects.requireNonNull(listener, "listener");
    return fit(text, config, model -> listener);
  }

  /**
   * Trains a model on a text, reporting progress to a listener that may use the model as it trains:
   * to print a sample at an epoch's end, say.
   *
   * <pre>{@code
   * CharLstm.fit(text, config, model -> new TrainingListener() {
   *   public void onEpochEnd(Progress p) { System.out.println(model.generate("", 100, sampling, 1L)); }
   * });
   * }</pre>
   *
   * @param text the training corpus (its last {@code validationFraction} is held out)
   * @param config the hyper-parameters
   * @param listenerFor builds the listener from the model about to be trained; the model may be
   *     read from the listener's calls (its weights are those of that moment) but must not be kept
   *     or closed
   * @return the trained model (with the weights of the best validation loss, when there is
   *     validation text)
   * @throws IllegalArgumentException if the text is too short for the config or has fewer than two
   *     distinct tokens
   * @throws ArithmeticException as {@link #fit(CharSequence, CharLstmConfig, TrainingListener)}
   */
  public static CharLstm fit(
      CharSequence text,
      CharLstmConfig config,
      Function<? super CharLstm, ? extends TrainingListener> listenerFor) {
    return train(text, config, listenerFor, Optional.empty());
  }

  /**
   * Trains a model on a text and keeps a resumable checkpoint of the best model so far: at each
   * validation that improves the loss, a training checkpoint (weights, Adam state, loop position,
   * carried hidden state, generator states) is written atomically to {@code checkpoint}. If
   * training fails (a non-finite loss, a crash), the file still holds the last good model; {@link
   * #load(Path)} reads it as a model and {@link #resume} continues training from it.
   *
   * @param text the training corpus (its last {@code validationFraction} is held out)
   * @param config the hyper-parameters
   * @param listener receives step, validation and epoch events
   * @param checkpoint the file to keep the checkpoint in (created or replaced)
   * @return the trained model, with the weights of the best validation loss
   * @throws IllegalArgumentException if the text is too short for the config, or the config has no
   *     validation split
   * @throws java.io.UncheckedIOException if the checkpoint cannot be written
   */
  public static CharLstm fit(
      CharSequence text, CharLstmConfig config, TrainingListener listener, Path checkpoint) {
    Objects.requireNonNull(listener, "listener");
    return fit(text, config, model -> listener, checkpoint);
  }

  /**
   * Trains a model on a text and keeps a resumable checkpoint of the best model so far, as {@link
   * #fit(CharSequence, CharLstmConfig, TrainingListener, Path)} does, reporting to a listener that
   * may use the model as it trains.
   *
   * @param text the training corpus (its last {@code validationFraction} is held out)
   * @param config the hyper-parameters
   * @param listenerFor builds the listener from the model about to be trained (see {@link
   *     #fit(CharSequence, CharLstmConfig, Function)})
   * @param checkpoint the file to keep the checkpoint in (created or replaced)
   * @return the trained model, with the weights of the best validation loss
   * @throws IllegalArgumentException if the text is too short for the config, or the config has no
   *     validation split
   * @throws java.io.UncheckedIOException if the checkpoint cannot be written
   */
  public static CharLstm fit(
      CharSequence text,
      CharLstmConfig config,
      Function<? super CharLstm, ? extends TrainingListener> listenerFor,
      Path checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Checks.argument(
        config.validationFraction() > 0,
        "validationFraction must be > 0 to choose the best checkpoint, got "
            + Checks.format(config.validationFraction()));
    return train(text, config, listenerFor, Optional.of(checkpoint));
  }

  private static CharLstm train(
      CharSequence text,
      CharLstmConfig config,
      Function<? super CharLstm, ? extends TrainingListener> listenerFor,
      Optional<Path> checkpoint) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(listenerFor, "listenerFor");
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
      LanguageModelTask task = new LanguageModelTask(model, ids, failureHint(checkpoint));
      model.train(task, listenerFor, checkpoint);
    } catch (RuntimeException | Error e) {
      model.close();
      throw e;
    }
    return model;
  }

  /** What a non-finite loss's message adds: where the last good checkpoint is, if one is kept. */
  private static String failureHint(Optional<Path> checkpoint) {
    return checkpoint.map(path -> "; the last good checkpoint is " + path).orElse("");
  }

  /**
   * Runs the engine over the task; with a checkpoint file, writes the training state to it at each
   * new best validation, before the caller's listener hears of it.
   */
  private void train(
      LanguageModelTask task,
      Function<? super CharLstm, ? extends TrainingListener> listenerFor,
      Optional<Path> checkpoint) {
    TrainingListener listener = Objects.requireNonNull(listenerFor.apply(this), "listener");
    Trainer trainer = task.trainer();
    TrainingListener keeper =
        checkpoint
            .<TrainingListener>map(
                path ->
                    new TrainingListener() {
                      @Override
                      public void onEvaluation(Evaluation evaluation) {
                        if (evaluation.best()) {
                          writeCheckpoint(trainer, path);
                        }
                      }
                    })
            .orElse(TrainingListener.NONE);
    trainer.fit(keeper.andThen(listener));
    weightsChanged(); // the best validation's weights are back
  }

  private void writeCheckpoint(Trainer trainer, Path path) {
    try {
      trainer.writeCheckpoint(path, CharLstmFile.metadata(this));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the checkpoint " + path, e);
    }
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
   * Continues an interrupted {@link #fit(CharSequence, CharLstmConfig, TrainingListener, Path)}
   * from its checkpoint, with the saved config, on the same text; the checkpoint keeps being
   * updated. With a step-limited run (no {@code maxMinutes}) the result is bit-identical to an
   * uninterrupted run. A checkpoint written before CharLstm trained on core's engine resumes too.
   *
   * @param checkpoint a checkpoint written by {@code fit}
   * @param text the same training text
   * @param listener receives progress
   * @return the trained model
   * @throws IOException if the checkpoint cannot be read or does not fit
   */
  public static CharLstm resume(Path checkpoint, CharSequence text, TrainingListener listener)
      throws IOException {
    TrainingCheckpoint saved = TrainingCheckpoint.read(checkpoint);
    return resume(saved, checkpoint, text, CharLstmFile.readConfig(saved.model()), listener);
  }

  /**
   * Continues training from a checkpoint with a changed run plan: the model shape and data layout
   * ({@code level}, {@code maxVocabulary}, {@code numLayers}, {@code hiddenSize}, {@code seqLen},
   * {@code batchSize}, {@code validationFraction}, {@code seed}) must equal the saved ones; epochs,
   * time limit, learning rate, evaluation interval, patience, threads and the non-finite policy may
   * change. A time limit counts the training time before the checkpoint too.
   *
   * @param checkpoint a checkpoint written by {@code fit}
   * @param text the same training text
   * @param config the saved config with changed run limits
   * @param listener receives progress
   * @return the trained model
   * @throws IOException if the checkpoint cannot be read or does not fit
   * @throws IllegalArgumentException if {@code config} changes the model shape or data layout
   */
  public static CharLstm resume(
      Path checkpoint, CharSequence text, CharLstmConfig config, TrainingListener listener)
      throws IOException {
    Objects.requireNonNull(listener, "listener");
    return resume(checkpoint, text, config, model -> listener);
  }

  /**
   * Continues training from a checkpoint with a changed run plan, as {@link #resume(Path,
   * CharSequence, CharLstmConfig, TrainingListener)} does, reporting to a listener that may use the
   * model as it trains.
   *
   * @param checkpoint a checkpoint written by {@code fit}
   * @param text the same training text
   * @param config the saved config with changed run limits
   * @param listenerFor builds the listener from the model about to be trained (see {@link
   *     #fit(CharSequence, CharLstmConfig, Function)})
   * @return the trained model
   * @throws IOException if the checkpoint cannot be read or does not fit
   * @throws IllegalArgumentException if {@code config} changes the model shape or data layout
   */
  public static CharLstm resume(
      Path checkpoint,
      CharSequence text,
      CharLstmConfig config,
      Function<? super CharLstm, ? extends TrainingListener> listenerFor)
      throws IOException {
    TrainingCheckpoint saved = TrainingCheckpoint.read(checkpoint);
    CharLstmFile.checkResumable(CharLstmFile.readConfig(saved.model()), config);
    return resume(saved, checkpoint, text, config, listenerFor);
  }

  private static CharLstm resume(
      TrainingCheckpoint saved,
      Path checkpoint,
      CharSequence text,
      CharLstmConfig config,
      TrainingListener listener)
      throws IOException {
    Objects.requireNonNull(listener, "listener");
    return resume(saved, checkpoint, text, config, model -> listener);
  }

  private static CharLstm resume(
      TrainingCheckpoint saved,
      Path checkpoint,
      CharSequence text,
      CharLstmConfig config,
      Function<? super CharLstm, ? extends TrainingListener> listenerFor)
      throws IOException {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(listenerFor, "listenerFor");
    CharLstm model = CharLstmFile.fromFile(saved.model(), config);
    try {
      TokenSequence ids = TokenSequence.encode(text, model.vocabulary);
      Optional<Path> keep = Optional.of(checkpoint);
      LanguageModelTask task = new LanguageModelTask(model, ids, failureHint(keep));
      task.trainer()
          .restore(
              CharLstmFile.engineCheckpoint(
                  saved, config, task.windowCount(), model.params.values()));
      model.weightsChanged();
      model.train(task, listenerFor, keep);
    } catch (IOException | RuntimeException | Error e) {
      model.close();
      throw e;
    }
    return model;
  }

  /**
   * Saves the model (config, vocabulary, weights) to one file, atomically, in lstm4j's safetensors
   * format with PyTorch tensor names ({@code weight_ih_l0}, {@code bias_ih_l0}, {@code
   * head.weight}, …).
   *
   * @param path the file to create or replace
   * @throws IOException if it cannot be written; a previous file is left intact
   */
  public void save(Path path) throws IOException {
    CharLstmFile.write(path, this);
  }

  /**
   * Returns an ONNX export of this model for another engine (ONNX Runtime): input {@code tokens}
   * (seqLen, batch) int64 ids of {@link #vocabulary()}, inputs {@code h0} and {@code c0} and
   * outputs {@code hn} and {@code cn} (numLayers, batch, H) so that generation can carry the state
   * from call to call, and {@code logits} (seqLen, batch, V) at every step. The file's metadata
   * holds what {@link #save} writes, the vocabulary included ({@code "vocabulary"}, JSON).
   *
   * <pre>{@code
   * model.onnxExport().writeTo(Path.of("model.onnx"));
   * }</pre>
   *
   * @return the export, which can still be changed (e.g. {@code .output(Output.LAST_STEP)})
   */
  public OnnxExport onnxExport() {
    return OnnxExport.lstmWithHead(lstm, "", head, params)
        .input(OnnxExport.Input.TOKEN_IDS)
        .initialState(OnnxExport.InitialState.GRAPH_INPUTS)
        .metadata(CharLstmFile.metadata(this));
  }

  /**
   * Loads a model saved by {@link #save}, or a training checkpoint: that loads with the weights its
   * run kept, those of its best validation (with a moving average, the validated average), not the
   * raw weights a resumed run continues from.
   *
   * @param path the model file
   * @return the model
   * @throws IOException if the file is missing, corrupt, of another model kind, or does not fit its
   *     own config; the message names the problem
   */
  public static CharLstm load(Path path) throws IOException {
    return CharLstmFile.read(path);
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
    Objects.requireNonNull(sampling, "sampling");
    return new TextGenerator(ctx, frozenModel(), vocabulary, primeIds(prime, seed), sampling, seed);
  }

  /** The ids of a prime, or the start token for an empty one. */
  private int[] primeIds(String prime, long seed) {
    Objects.requireNonNull(prime, "prime");
    int[] ids = vocabulary.encode(prime);
    return ids.length > 0 ? ids : new int[] {startToken(seed)};
  }

  /**
   * Returns the model's distribution over the token that follows a context: the softmax of its
   * logits after reading the context (at temperature 1). For many queries on a growing text, feed a
   * {@link #generator} instead, which reads each token once.
   *
   * @param context text the model reads (every character in the vocabulary); if empty, the
   *     distribution after the start token {@link #generator} uses
   * @return (V) probabilities indexed by vocabulary id, summing to 1
   * @throws IllegalArgumentException if the context has a character outside the vocabulary
   */
  public double[] nextTokenProbabilities(String context) {
    return generator(context, SamplingConfig.greedy(), 0L).nextTokenProbabilities();
  }

  /**
   * Decodes the most probable continuation of a prime by beam search (see {@link BeamSearchConfig}
   * for the score).
   *
   * @param prime text the model reads first; if empty, generation starts as in {@link #generator}
   * @param maxLength the most tokens generated, {@code > 0}; fewer if a stop token ends the best
   *     hypothesis
   * @param config width, length penalty, stop tokens
   * @return the best hypothesis, its log-probability and its score
   * @throws IllegalArgumentException if the prime has a character outside the vocabulary, {@code
   *     maxLength <= 0}, or a stop token is not exactly one vocabulary token
   */
  public BeamSearchResult beamSearch(String prime, int maxLength, BeamSearchConfig config) {
    Objects.requireNonNull(config, "config");
    return BeamSearch.run(ctx, frozenModel(), vocabulary, primeIds(prime, 0L), maxLength, config);
  }

  /**
   * The inference snapshot of the model (LSTM and head) that generators step, taken at the first
   * generation after the weights last changed and shared by all generators until they change again.
   */
  private FrozenLanguageModel frozenModel() {
    synchronized (frozenLock) {
      if (frozen == null) {
        frozen = FrozenLanguageModel.of(lstm, head, params);
      }
      return frozen;
    }
  }

  /**
   * Drops the generation snapshot; called by whatever changes the weights (the trainer, after each
   * optimizer step and when it restores weights), so that a listener generating text during
   * training sees the current model.
   */
  void weightsChanged() {
    synchronized (frozenLock) {
      frozen = null;
    }
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
   * Scores a text: the mean next-token loss over every token after the first, read as up to {@link
   * #config()}'s {@code batchSize} contiguous streams in windows of {@code seqLen} with the state
   * carried across windows (each stream starts from a zero state).
   *
   * @param text at least two tokens, every character in the vocabulary
   * @return nats and bits per token, and the number of predictions scored: the token count − 1
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
