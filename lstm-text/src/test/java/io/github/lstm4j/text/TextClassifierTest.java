package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.model.ClassificationMetrics;
import io.github.lstm4j.core.model.SequenceModelConfig;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.optim.OptimizerConfig;
import io.github.lstm4j.core.train.TrainerConfig;
import io.github.lstm4j.core.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The character-level text classifier on generated "languages": words over the letters a–e
 * ("vowelish") or v–z ("consonantish"), of lengths 2–7, plus a rare character that becomes the
 * unknown id.
 */
class TextClassifierTest {
  @AutoClose private static final ComputeContext ctx = ComputeContext.of(2);

  @TempDir Path dir;

  static List<LabeledText> words(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<LabeledText> examples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean first = random.nextBoolean();
      StringBuilder word = new StringBuilder();
      int length = 2 + random.nextInt(6);
      for (int t = 0; t < length; t++) {
        word.append((char) ((first ? 'a' : 'v') + random.nextInt(5)));
      }
      examples.add(new LabeledText(word.toString(), first ? "ae" : "vz"));
    }
    return examples;
  }

  static UnaryOperator<SequenceModelConfig> architecture() {
    return a ->
        a.withEmbeddingDim(8)
            .withHiddenSize(12)
            .withBidirectional(true)
            .withReadout(Readout.MAX_OVER_TIME);
  }

  static TrainerConfig training() {
    return TrainerConfig.defaults()
        .withEpochs(4)
        .withOptimizer(OptimizerConfig.of(OptimizerConfig.Kind.ADAMW, 1e-2))
        .withValidation(
            TrainerConfig.Validation.everyEpoch("val_accuracy", TrainerConfig.Goal.MAXIMIZE));
  }

  @Test
  void learnsClassesNamedByTheLabelsAndReadsUnknownCharacters() {
    List<LabeledText> train = new ArrayList<>(words(300, 1));
    train.add(new LabeledText("aé", "ae")); // é occurs once: read as unknown
    TextClassifier model = TextClassifier.create(train, architecture());
    model.fit(ctx, train, words(60, 2), training(), TrainingListener.NONE);

    assertThat(model.classNames()).containsExactly("ae", "vz");
    assertThat(model.vocabulary().size()).isEqualTo(10);
    assertThat(model.encode("aé€")).containsExactly(1, TextClassifier.UNKNOWN_ID, 0);
    assertThat(model.evaluate(ctx, words(200, 3)).accuracy()).isGreaterThanOrEqualTo(0.99);
    assertThat(model.predict(ctx, List.of("abcab", "xyzzy", "b€")))
        .containsExactly("ae", "vz", "ae");
  }

  @Test
  void saveThenLoadKeepsVocabularyClassesAndBits() throws IOException {
    List<LabeledText> train = words(100, 4);
    TextClassifier model = TextClassifier.create(train, architecture());
    model.fit(ctx, train, List.of(), training(), TrainingListener.NONE);
    Path file = dir.resolve("text.safetensors");
    model.save(file);

    TextClassifier loaded = TextClassifier.load(file);

    assertThat(loaded.vocabulary()).isEqualTo(model.vocabulary());
    assertThat(loaded.classNames()).isEqualTo(model.classNames());
    List<String> texts = List.of("abc", "vwx", "q");
    assertThat(
            Arrays.deepEquals(
                loaded.predictProbabilities(ctx, texts), model.predictProbabilities(ctx, texts)))
        .isTrue();
  }

  @Test
  void labelsOutsideTheTrainingClassesAreNamed() {
    List<LabeledText> train = words(20, 5);
    TextClassifier model = TextClassifier.create(train, architecture());
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                model.evaluate(
                    ctx, List.of(new LabeledText("abc", "ae"), new LabeledText("x", "fr"))))
        .withMessage("data[1].label must be one of the classes [ae, vz], got \"fr\"");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> TextClassifier.create(List.of(new LabeledText("aa", "x")), architecture()))
        .withMessage("train must have at least 2 distinct labels, got [x]");
    assertThatThrownBy(() -> new LabeledText("", "x"))
        .hasMessage("text must have at least 1 character, got \"\"");
  }

  @Test
  void readmeSnippetLearnsTwoAlphabetsAndItsFilePredictsTheSameBits() throws IOException {
    List<LabeledText> train = words(300, 6);
    List<LabeledText> valid = words(60, 7);
    List<LabeledText> test = words(200, 8);
    Path file = dir.resolve("classifier.safetensors");
    // README-TEXT-CLASSIFIER-BEGIN
    // train, valid, test: List<LabeledText>, e.g. new LabeledText("gestern", "de")
    TextClassifier model =
        TextClassifier.create(
            train, // the vocabulary: its characters seen twice or more; the classes: its labels
            a ->
                a.withEmbeddingDim(16)
                    .withHiddenSize(16)
                    .withBidirectional(true)
                    .withReadout(Readout.MAX_OVER_TIME)
                    .withDropout(0.1));
    TrainerConfig config =
        TrainerConfig.defaults()
            .withEpochs(4)
            .withOptimizer(OptimizerConfig.of(OptimizerConfig.Kind.ADAMW, 1e-2))
            .withValidation(
                TrainerConfig.Validation.everyEpoch("val_accuracy", TrainerConfig.Goal.MAXIMIZE));
    try (ComputeContext threads = ComputeContext.of(2)) {
      model.fit(threads, train, valid, config, TrainingListener.NONE);
      ClassificationMetrics metrics = model.evaluate(threads, test); // toString: per-class table
      List<String> labels = model.predict(threads, List.of("abcd", "vwxy"));
      model.save(file); // weights, config, vocabulary and class names
      TextClassifier loaded = TextClassifier.load(file);
      // README-TEXT-CLASSIFIER-END
      assertThat(metrics.accuracy()).isGreaterThanOrEqualTo(0.99);
      assertThat(metrics.count()).isEqualTo(200);
      assertThat(labels).containsExactly("ae", "vz");
      assertThat(loaded.classNames()).containsExactly("ae", "vz");
      List<String> texts = List.of("abc", "vwx", "q");
      assertThat(
              Arrays.deepEquals(
                  loaded.predictProbabilities(threads, texts),
                  model.predictProbabilities(threads, texts)))
          .isTrue();
    }
    assertThat(
            ReadmeExamplesTest.snippet(
                Files.readAllLines(
                    Path.of("src/test/java/io/github/lstm4j/text/TextClassifierTest.java")),
                "// README-TEXT-CLASSIFIER-BEGIN",
                "// README-TEXT-CLASSIFIER-END"))
        .isEqualTo(
            ReadmeExamplesTest.snippet(
                Files.readAllLines(Path.of("../README.md")),
                "<!-- README-TEXT-CLASSIFIER-BEGIN -->",
                "<!-- README-TEXT-CLASSIFIER-END -->"));
  }
}
