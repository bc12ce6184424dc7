package io.github.lstm4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classify command on small generated TSV files: training, saving, predicting, bad input. */
class ClassifyCommandTest {
  @TempDir Path dir;

  private final CommandRun command = new CommandRun(ClassifyCommand::new);
  private final ByteArrayOutputStream out = command.out;
  private final ByteArrayOutputStream err = command.err;
  private final StringWriter usage = command.usage;

  private int run(String... args) {
    return command.run(args);
  }

  /** Words over a–e labelled "ae", over v–z labelled "vz". */
  private Path tsv(String name, int n, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      boolean first = random.nextBoolean();
      int length = 2 + random.nextInt(5);
      for (int t = 0; t < length; t++) {
        s.append((char) ((first ? 'a' : 'v') + random.nextInt(5)));
      }
      s.append('\t').append(first ? "ae" : "vz").append('\n');
    }
    Path file = dir.resolve(name);
    Files.writeString(file, s.toString());
    return file;
  }

  private static final String[] SMALL = {
    "--embedding",
    "8",
    "--hidden",
    "12",
    "--epochs",
    "3",
    "--batch",
    "16",
    "--lr",
    "0.01",
    "--warmup",
    "0",
    "--threads",
    "1"
  };

  private String[] with(String... args) {
    String[] all = new String[SMALL.length + args.length];
    System.arraycopy(SMALL, 0, all, 0, SMALL.length);
    System.arraycopy(args, 0, all, SMALL.length, args.length);
    return all;
  }

  @Test
  void trainsSavesAndPredictsWithTheResultLine() throws IOException {
    Path train = tsv("train.tsv", 240, 1);
    Path model = dir.resolve("m.safetensors");
    Path log = dir.resolve("metrics.csv");

    int exit =
        run(
            with(
                "--train",
                train.toString(),
                "--save",
                model.toString(),
                "--metrics-log",
                log.toString(),
                "--predict",
                "abcd"));

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(text + err).isZero();
    // The banner shows the options that run: the shared mixins' values, not their field names.
    assertThat(text).contains("1 layer(s) × 12 units", "training: batch 16, 3 epochs", "lr 0.01");
    assertThat(text)
        .containsPattern("RESULT test_accuracy=\\d\\.\\d{4} macro_f1=\\d\\.\\d{4} minutes=");
    assertThat(text).contains("confusion", "\"abcd\": ae (p=");
    assertThat(model).exists();
    assertThat(dir.resolve("m.svg")).exists();
    assertThat(Files.readAllLines(log)).hasSizeGreaterThan(1);

    out.reset();
    assertThat(run("--model", model.toString(), "--predict", "xyz", "--top", "2")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("\"xyz\": vz (p=")
        .contains("top 2:");
  }

  @Test
  void aLineWithoutATabIsNamedByFileLineAndValue() throws IOException {
    Path train = dir.resolve("bad.tsv");
    Files.writeString(train, "abc\tae\nvwx vz\n");
    assertThat(run(with("--train", train.toString()))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(train + ":2: no tab between text and label in \"vwx vz\"");
  }

  @Test
  void anEmptyFileIsRefused() throws IOException {
    Path train = dir.resolve("empty.tsv");
    Files.writeString(train, "\n");
    assertThat(run(with("--train", train.toString()))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(train + ": no examples (the file is empty or blank)");
  }

  @Test
  void aLabelSeenOnlyInTestIsNamedAndNothingSavedIsLost() throws IOException {
    Path train = tsv("train.tsv", 40, 2);
    Path test = dir.resolve("test.tsv");
    Files.writeString(test, "abc\tae\nbonjour\tfr\n");
    Path model = dir.resolve("keep.safetensors");
    Files.writeString(model, "an earlier model");

    int exit =
        run(
            with(
                "--train",
                train.toString(),
                "--test",
                test.toString(),
                "--save",
                model.toString()));

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            test
                + ":2: label \"fr\" does not occur in the training data "
                + train
                + " (classes: ae, vz)");
    assertThat(Files.readString(model)).isEqualTo("an earlier model");
  }

  @Test
  void aModelThatIsNotOneIsReportedWithItsPath() throws IOException {
    Path model = dir.resolve("junk.safetensors");
    Files.writeString(model, "junk");
    assertThat(run("--model", model.toString(), "--predict", "abc")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("cannot load model: ")
        .contains(model.toString());
  }
}
