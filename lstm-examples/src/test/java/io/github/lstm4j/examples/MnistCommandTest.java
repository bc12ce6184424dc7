package io.github.lstm4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.vision.ClassifierConfig;
import io.github.lstm4j.vision.Readout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MnistCommandTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final StringWriter usage = new StringWriter();

  private int run(String... args) {
    MnistCommand command =
        new MnistCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false);
    CommandLine cli = new CommandLine(command);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(new PrintWriter(usage));
    cli.setErr(new PrintWriter(usage));
    return cli.execute(args);
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
    assertThat(lines).contains("true\\pred  0  1  2  3  4  5  6  7  8  9");
    assertThat(lines[lines.length - 1])
        .matches("RESULT test_accuracy=\\d\\.\\d{4} images_per_s=\\d+ minutes=\\d+\\.\\d");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("epoch 2/2 [");
  }

  @Test
  void noOptionsGiveTheLibraryDefaultsWithOneThreadPerProcessor() {
    MnistCommand command = new MnistCommand();
    new CommandLine(command).parseArgs();

    assertThat(command.config())
        .isEqualTo(
            ClassifierConfig.defaults().toBuilder()
                .threads(Runtime.getRuntime().availableProcessors())
                .build());
  }

  @Test
  void optionsReachTheConfig() {
    MnistCommand command = new MnistCommand();
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
                3));
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
}
