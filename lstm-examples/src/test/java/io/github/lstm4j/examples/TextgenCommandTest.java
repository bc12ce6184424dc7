package io.github.lstm4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** textgen trains, samples and saves; generate streams from the saved model; both end in RESULT. */
class TextgenCommandTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Callable<Integer> command, String... args) {
    CommandLine cli = new CommandLine(command);
    StringWriter usage = new StringWriter();
    cli.setOut(new PrintWriter(usage));
    cli.setErr(new PrintWriter(usage));
    return cli.execute(args);
  }

  private PrintStream stream(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private String lastLine() {
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void textgenSavesAModelThatGenerateStreamsFrom() throws IOException {
    Path corpus = dir.resolve("corpus.txt");
    Files.writeString(corpus, "hello world, hello lstm.\n".repeat(80));
    Path model = dir.resolve("model.safetensors");
    int exit =
        run(
            new TextgenCommand(stream(out), stream(err), false),
            "--corpus",
            corpus.toString(),
            "--epochs",
            "2",
            "--minutes",
            "1",
            "--layers",
            "1",
            "--hidden",
            "16",
            "--seq-len",
            "10",
            "--batch",
            "4",
            "--lr",
            "0.005",
            "--threads",
            "1",
            "--sample-length",
            "40",
            "--save",
            model.toString());
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(lastLine())
        .matches(
            "RESULT val_loss=\\d+\\.\\d{3} bits_per_char=\\d+\\.\\d{3} word_hit=(\\d\\.\\d{2}|NaN)"
                + " chars_per_s=\\d+ minutes=\\d+\\.\\d");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--- epoch 1,")
        .contains("=== sample");
    assertThat(model).exists();
    assertThat(dir.resolve("model.svg")).content().contains("<svg").contains("validation loss");
    assertThat(Files.readAllLines(dir.resolve("model.jsonl")))
        .isNotEmpty()
        .allSatisfy(row -> assertThat(row).startsWith("{\"step\":").contains("\"val_loss\":"));
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("model 1 x 16, seqLen 10, batch 4, lr 0.005 cosine, 1 threads");

    // Resuming takes the checkpoint's shape whatever the command line says, and says so.
    out.reset();
    err.reset();
    exit =
        run(
            new TextgenCommand(stream(out), stream(err), false),
            "--corpus",
            corpus.toString(),
            "--resume",
            model.toString(),
            "--epochs",
            "3",
            "--threads",
            "1",
            "--sample-length",
            "10");
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("model 1 x 16, seqLen 10, batch 4,")
        .contains("resumed from " + model);

    exit = generate(model, "--seed", "3");
    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("hello");
    assertThat(lastLine()).matches("RESULT chars=30 chars_per_s=\\d+ seconds=\\d+\\.\\d{2}");

    exit = generate(model, "--beam", "3", "--stop", "\\n");
    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("hello");
    assertThat(lastLine())
        .matches(
            "RESULT chars=\\d+ log_prob=-\\d+\\.\\d{3} score=-\\d+\\.\\d{4} seconds=\\d+\\.\\d{2}");
  }

  /** Runs generate for 30 characters after "hello" with more options, on a fresh stdout. */
  private int generate(Path model, String... options) {
    out.reset();
    String[] args = {"--model", model.toString(), "--length", "30", "--prime", "hello"};
    String[] all = java.util.Arrays.copyOf(args, args.length + options.length);
    System.arraycopy(options, 0, all, args.length, options.length);
    return run(new GenerateCommand(stream(out), stream(err), false), all);
  }

  @Test
  void generateNamesAMissingModelFileWithoutAStackTrace() {
    CommandLine cli = Main.commandLine();
    StringWriter errors = new StringWriter();
    cli.setErr(new PrintWriter(errors));
    int exit = cli.execute("generate", "--model", dir.resolve("none.safetensors").toString());
    assertThat(exit).isEqualTo(1);
    assertThat(errors.toString()).startsWith("error: no such file: ").doesNotContain("\tat ");
  }
}
