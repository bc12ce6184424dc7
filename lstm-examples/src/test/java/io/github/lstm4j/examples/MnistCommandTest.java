package io.github.lstm4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import io.github.lstm4j.vision.ClassifierConfig;
import io.github.lstm4j.vision.ImagePreprocessing;
import io.github.lstm4j.vision.Prediction;
import io.github.lstm4j.vision.RowLstmClassifier;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MnistCommandTest {
  @TempDir Path dir;

  private final CommandRun command = new CommandRun(MnistCommand::new);
  private final ByteArrayOutputStream out = command.out;
  private final ByteArrayOutputStream err = command.err;
  private final StringWriter usage = command.usage;

  private int run(String... args) {
    return command.run(args);
  }

  /** Writes gzipped IDX files of n random 8 × 8 images with labels in [0, 10). */
  private void writeSplit(String prefix, int n, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    ByteBuffer images = ByteBuffer.allocate(16 + n * 64).putInt(2051).putInt(n).putInt(8).putInt(8);
    ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(2049).putInt(n);
    for (int i = 0; i < n * 64; i++) {
      images.put((byte) random.nextInt(256));
    }
    for (int i = 0; i < n; i++) {
      labels.put((byte) random.nextInt(10));
    }
    gzip(dir.resolve(prefix + "-images-idx3-ubyte.gz"), images.array());
    gzip(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), labels.array());
  }

  private static void gzip(Path file, byte[] bytes) throws IOException {
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
      gz.write(bytes);
    }
  }

  @Test
  void trainsEvaluatesAndEndsWithTheResultLine() throws IOException {
    writeSplit("train", 48, 1);
    writeSplit("t10k", 20, 2);

    int exit =
        run(
            "--data",
            dir.toString(),
            "--epochs",
            "2",
            "--hidden",
            "4",
            "--batch",
            "16",
            "--threads",
            "1",
            "--limit",
            "40",
            "--validation",
            "0.25");

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(exit).isZero();
    assertThat(lines[0]).contains("40 training images (10 of them held out for validation)");
    assertThat(lines).anyMatch(l -> l.matches("epoch 2/2: loss \\d+\\.\\d{4}, .*"));
    assertThat(lines)
        .containsSubsequence(
            "class  precision  recall  f1      support",
            "confusion (rows: actual, columns: predicted)",
            "          0     1     2     3     4     5     6     7     8     9");
    assertThat(lines[lines.length - 1])
        .matches("RESULT test_accuracy=\\d\\.\\d{4} images_per_s=\\d+ minutes=\\d+\\.\\d");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("epoch 2/2 [");
  }

  @Test
  void noOptionsGiveTheLibraryDefaultsWithOneThreadPerProcessor() {
    MnistCommand command = new MnistCommand(System.out, System.err, false);
    new CommandLine(command).parseArgs();

    assertThat(command.config())
        .isEqualTo(
            ClassifierConfig.defaults().withThreads(Runtime.getRuntime().availableProcessors()));
  }

  @Test
  void optionsReachTheConfig() {
    MnistCommand command = new MnistCommand(System.out, System.err, false);
    CommandLine cli = new CommandLine(command);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.parseArgs(
        "--hidden",
        "64",
        "--layers",
        "2",
        "--bidirectional",
        "--readout",
        "mean_over_time",
        "--dropout",
        "0.2",
        "--lr",
        "0.003",
        "--schedule",
        "constant",
        "--augment-shift",
        "2",
        "--validation",
        "0",
        "--threads",
        "3",
        "--seed",
        "7",
        "--batch",
        "50",
        "--epochs",
        "9",
        "--clip",
        "0",
        "--weight-decay",
        "0.01");

    assertThat(command.config())
        .isEqualTo(
            new ClassifierConfig(
                64,
                2,
                true,
                0.2,
                Readout.MEAN_OVER_TIME,
                50,
                9,
                0.003,
                0.01,
                0.0,
                ClassifierConfig.Schedule.CONSTANT,
                0.0,
                2,
                7,
                3,
                NonFinitePolicy.THROW));
  }

  @Test
  void aBadValueIsReportedAsAUsageErrorNamingIt() {
    int exit = run("--data", dir.toString(), "--hidden", "0");

    assertThat(exit).isEqualTo(2);
    assertThat(usage.toString()).startsWith("hiddenSize must be > 0, got 0");
  }

  @Test
  void missingFilesAreReportedWithoutAStackTrace() {
    int exit = run("--data", dir.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("cannot read MNIST: MNIST files missing in ");
  }

  // ---- --save, --model, --predict

  /** Trains a tiny model for one epoch on random IDX data, asking to save it; returns the exit. */
  private int trainTinyModel(Path save) throws IOException {
    writeSplit("train", 48, 1);
    writeSplit("t10k", 20, 2);
    return run(
        "--data",
        dir.toString(),
        "--epochs",
        "1",
        "--hidden",
        "4",
        "--batch",
        "16",
        "--threads",
        "1",
        "--save",
        save.toString());
  }

  /** Trains a tiny model on random IDX data and saves it; returns the model file. */
  private Path trainedModel() throws IOException {
    Path model = dir.resolve("mnist.safetensors");
    int exit = trainTinyModel(model);
    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("saved the model to " + model + "\n");
    out.reset();
    err.reset();
    return model;
  }

  /** A 40 × 30 colour picture, a dark vertical bar on a light background. */
  private Path picture(String name) throws IOException {
    BufferedImage image = new BufferedImage(30, 40, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 30; x++) {
        image.setRGB(x, y, x >= 12 && x < 18 ? 0x202040 : 0xF0E0D0);
      }
    }
    Path file = dir.resolve(name);
    assertThat(ImageIO.write(image, "png", file.toFile())).isTrue();
    return file;
  }

  private String errText() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aSavedModelClassifiesAPictureWithoutTraining() throws IOException {
    Path model = trainedModel();
    Path png = picture("digit.png");

    int exit = run("--model", model.toString(), "--predict", png.toString());

    // The line the command printed is the saved model's prediction for the scaled picture.
    RowLstmClassifier loaded = RowLstmClassifier.load(model);
    String expected =
        MnistCommand.predictionLine(png, loaded.predict(ImagePreprocessing.read(png, 8, 8)));
    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected + "\n");
    assertThat(expected)
        .matches(
            Pattern.quote(png.toString())
                + ": \\d \\(p=[01]\\.\\d{2}\\), top 3: \\d=[01]\\.\\d{3} \\d=[01]\\.\\d{3}"
                + " \\d=[01]\\.\\d{3}");
    assertThat(errText()).isEmpty();
  }

  @Test
  void predictionLinesNameTheClassItsProbabilityAndTheTopThree() {
    float[] p = {0.01f, 0.004f, 0.9812f, 0.001f, 0.0038f};
    Prediction prediction = new Prediction(2, p);

    assertThat(MnistCommand.predictionLine(Path.of("seven.png"), prediction))
        .isEqualTo("seven.png: 2 (p=0.98), top 3: 2=0.981 0=0.010 1=0.004");
  }

  @Test
  void aSavedModelIsEvaluatedOnTheTestSetOfData() throws IOException {
    Path model = trainedModel();

    int exit = run("--model", model.toString(), "--data", dir.toString(), "--threads", "1");

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(exit).isZero();
    assertThat(lines[0])
        .isEqualTo(
            "model "
                + model
                + ": 8 × 8 images, 10 classes, 1 layer(s) × 4 units, readout LAST_HIDDEN; MNIST"
                + " test set from "
                + dir
                + ": 20 images");
    assertThat(lines)
        .containsSubsequence(
            "class  precision  recall  f1      support",
            "confusion (rows: actual, columns: predicted)",
            "          0     1     2     3     4     5     6     7     8     9");
    assertThat(lines[lines.length - 1]).matches("RESULT test_accuracy=\\d\\.\\d{4}");
  }

  @Test
  void unreadablePicturesAreReportedAndTheOthersStillClassified() throws IOException {
    Path model = trainedModel();
    Path missing = dir.resolve("missing.png");
    Path text = dir.resolve("notes.png");
    Files.writeString(text, "not a picture");
    Path png = picture("bar.png");

    int exit =
        run(
            "--model",
            model.toString(),
            "--predict",
            missing.toString(),
            text.toString(),
            png.toString());

    String[] errors = errText().split("\n");
    assertThat(exit).isEqualTo(1);
    assertThat(errors).hasSize(2);
    assertThat(errors[0])
        .isEqualTo("cannot read image: " + missing + ": no such file or directory");
    assertThat(errors[1]).startsWith("cannot read image: not a readable image: " + text + " (");
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(png + ": ");
  }

  @Test
  void aCorruptOrMissingModelFileIsReportedWithoutAStackTrace() throws IOException {
    Path png = picture("bar.png");
    Path corrupt = Files.write(dir.resolve("corrupt.safetensors"), new byte[] {1, 2, 3, 4});
    Path missing = dir.resolve("missing.safetensors");

    int corruptExit = run("--model", corrupt.toString(), "--predict", png.toString());
    String corruptErr = errText();
    err.reset();
    int missingExit = run("--model", missing.toString(), "--predict", png.toString());

    assertThat(corruptExit).isEqualTo(1);
    assertThat(corruptErr)
        .isEqualTo(
            "cannot load model: "
                + corrupt
                + ": file must hold at least the 8-byte header length, got 4 bytes\n");
    assertThat(missingExit).isEqualTo(1);
    assertThat(errText())
        .isEqualTo("cannot load model: " + missing + ": no such file or directory\n");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aModelFileOfAnotherKindIsNamed() throws IOException {
    Path model = trainedModel();
    Path png = picture("bar.png");
    // A valid lstm4j file whose "model" says otherwise: rewrite the metadata value in place
    // (same length, so the header stays valid).
    byte[] bytes = Files.readAllBytes(model);
    String header = new String(bytes, StandardCharsets.ISO_8859_1);
    String kind = "\"model\":\"RowLstmClassifier\"";
    assertThat(header).contains(kind);
    byte[] other =
        header
            .replace(kind, "\"model\":\"CharLstm         \"")
            .getBytes(StandardCharsets.ISO_8859_1);
    Files.write(model, other);

    int exit = run("--model", model.toString(), "--predict", png.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(errText())
        .isEqualTo(
            "cannot load model: "
                + model
                + ": not a RowLstmClassifier file: metadata \"model\" must be"
                + " \"RowLstmClassifier\", got \"CharLstm         \"\n");
  }

  @Test
  void aModelWithNeitherPicturesNorDataIsAUsageError() throws IOException {
    assumeFalse(Files.isDirectory(MnistCommand.DEFAULT_DATA), "MNIST at the default location");
    Path model = trainedModel();

    int exit = run("--model", model.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(usage.toString())
        .startsWith("--model needs --predict IMAGE... to classify pictures, or --data DIR");
  }

  @Test
  void aFailedSaveIsReportedAfterTheTrainingStillEvaluates() throws IOException {
    Path unwritable = dir.resolve("no-such-dir").resolve("m.safetensors");

    int exit = trainTinyModel(unwritable);

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(exit).isEqualTo(1);
    assertThat(errText()).contains("cannot save model: " + unwritable + ": ");
    assertThat(lines[lines.length - 1]).startsWith("RESULT test_accuracy=");
  }
}
