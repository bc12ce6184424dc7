package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CharLstm end to end on small generated texts: training, generation, scoring, bad input. */
class CharLstmTest {
  private static final String TEXT = "the quick brown fox jumps over the lazy dog.\n".repeat(30);

  private static CharLstm model;

  /** A tiny config that memorises {@link #TEXT} in a few seconds on one thread. */
  static CharLstmConfig tinyConfig() {
    return CharLstmConfig.defaults()
        .withNumLayers(1)
        .withHiddenSize(48)
        .withSeqLen(16)
        .withBatchSize(4)
        .withLearningRate(1e-2)
        .withEpochs(25)
        .withEvaluateEvery(1000)
        .withThreads(1);
  }

  @BeforeAll
  static void train() {
    model = CharLstm.fit(TEXT, tinyConfig());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void aSmallModelMemorisesARepetitiveTextToNearZeroLoss() {
    TextEvaluation score = model.evaluate(TEXT);
    assertThat(score.natsPerToken()).isLessThan(0.05);
    assertThat(score.bitsPerToken()).isCloseTo(score.natsPerToken() / Math.log(2), within(1e-12));
  }

  @Test
  void greedyGenerationContinuesTheMemorisedText() {
    String continuation = model.generate("the quick ", 30, SamplingConfig.greedy(), 1L);
    assertThat(continuation).isEqualTo("brown fox jumps over the lazy ");
  }

  @Test
  void greedyIgnoresTheSeedAndTopKOfOneIsGreedy() {
    String a = model.generate("the ", 40, SamplingConfig.greedy(), 1L);
    String b = model.generate("the ", 40, SamplingConfig.greedy(), 99L);
    String c = model.generate("the ", 40, SamplingConfig.defaults().withTopK(1), 7L);
    assertThat(b).isEqualTo(a);
    assertThat(c).isEqualTo(a);
  }

  @Test
  void theSameSeedGivesTheSameSampleAndStreamingGivesTheSameText() {
    SamplingConfig hot = SamplingConfig.defaults().withTemperature(1.5);
    String a = model.generate("fox", 60, hot, 5L);
    StringBuilder streamed = new StringBuilder();
    model.generate("fox", 60, hot, 5L, streamed::append);
    assertThat(streamed.toString()).isEqualTo(a);
    assertThat(a.codePointCount(0, a.length())).isEqualTo(60);
  }

  @Test
  void topKSamplingOnlyEmitsCharactersOfTheText() {
    String sample = model.generate("", 200, SamplingConfig.defaults().withTopK(3), 11L);
    assertThat(sample.chars()).allMatch(c -> TEXT.indexOf(c) >= 0);
  }

  @Test
  void eightThreadsGenerateWhatEachWouldAlone() throws Exception {
    SamplingConfig sampling = SamplingConfig.defaults().withTemperature(1.2).withTopP(0.95);
    List<String> alone = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      alone.add(model.generate("the ", 80, sampling, i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> together = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        long seed = i;
        together.add(pool.submit(() -> model.generate("the ", 80, sampling, seed)));
      }
      for (int i = 0; i < 8; i++) {
        assertThat(together.get(i).get()).as("thread %d", i).isEqualTo(alone.get(i));
      }
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Generators run on a snapshot of the weights (a frozen LSTM); text generated during training
   * must still come from the weights of that moment, which the model saved then reproduces.
   */
  @Test
  void textGeneratedBetweenEpochsComesFromTheWeightsOfThatEpoch(@TempDir Path dir)
      throws IOException {
    SamplingConfig hot = SamplingConfig.defaults().withTemperature(1.5);
    List<String> samples = new ArrayList<>();
    Function<CharLstm, TrainingListener> listenerFor =
        trained ->
            new TrainingListener() {
              @Override
              public void onEpochEnd(Progress progress) {
                try {
                  trained.save(dir.resolve("epoch" + (progress.epoch() + 1) + ".safetensors"));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                samples.add(trained.generate("the ", 60, hot, 3L));
              }
            };
    CharLstm.fit(TEXT, tinyConfig().withEpochs(3), listenerFor).close();
    assertThat(samples).hasSize(3).doesNotHaveDuplicates();
    for (int epoch = 1; epoch <= 3; epoch++) {
      try (CharLstm saved = CharLstm.load(dir.resolve("epoch" + epoch + ".safetensors"))) {
        assertThat(saved.generate("the ", 60, hot, 3L))
            .as("epoch %d", epoch)
            .isEqualTo(samples.get(epoch - 1));
      }
    }
  }

  @Test
  void theSameSeedTrainsTheSameModel() {
    CharLstmConfig config = tinyConfig().withEpochs(2);
    try (CharLstm a = CharLstm.fit(TEXT, config);
        CharLstm b = CharLstm.fit(TEXT, config.withThreads(2))) {
      assertThat(b.parameters().values()).containsExactly(a.parameters().values());
    }
  }

  @Test
  void aPrimeWithAnUnknownCharacterIsRejectedByName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> model.generate("café", 5, SamplingConfig.greedy(), 1L))
        .withMessageContaining("'é' (U+00E9) is not in the vocabulary");
  }

  @Test
  void badCorporaAndSizesAreRejectedWithTheValue() {
    CharLstmConfig config = tinyConfig();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CharLstm.fit("", config))
        .withMessage("text must not be empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CharLstm.fit("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", config))
        .withMessageStartingWith("text must contain at least 2 distinct tokens, got 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CharLstm.fit("abcabcabc", config))
        .withMessage(
            "training text must have at least seqLen + 1 = 17 tokens, got 8 (text of 9 tokens,"
                + " validationFraction 0.1)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> config.withLearningRate(Double.NaN))
        .withMessage("learningRate must be finite and > 0, got NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> config.withHiddenSize(0))
        .withMessage("hiddenSize must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> config.withDropout(1.0))
        .withMessage("dropout must be in [0.0, 1.0), got 1.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> model.generate("the", -1, SamplingConfig.greedy(), 1L))
        .withMessage("length must be >= 0, got -1");
  }

  @Test
  void aWordLevelModelTrainsAndGeneratesWords() {
    CharLstmConfig config =
        tinyConfig()
            .withLevel(CharLstmConfig.Level.WORD)
            .withSeqLen(6)
            .withBatchSize(2)
            .withEpochs(30);
    try (CharLstm words = CharLstm.fit(TEXT, config)) {
      assertThat(words.vocabulary()).isInstanceOf(WordVocabulary.class);
      assertThat(words.evaluate(TEXT).natsPerToken()).isLessThan(0.2);
      assertThat(words.generate("the quick", 4, SamplingConfig.greedy(), 1L))
          .isEqualTo(" brown fox jumps over");
    }
  }
}
