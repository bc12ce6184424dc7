package io.github.lstm4j.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs a command as {@link Main} does, with standard output, standard error and picocli's usage
 * messages captured, and no terminal (the progress bar prints plain lines).
 */
final class CommandRun {
  /** How a command is built from its streams, e.g. {@code ClassifyCommand::new}. */
  interface Factory {
    Object create(PrintStream out, PrintStream err, boolean interactive);
  }

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final StringWriter usage = new StringWriter();
  private final Factory factory;

  CommandRun(Factory factory) {
    this.factory = factory;
  }

  /** Runs a new command with these arguments; returns its exit code. */
  int run(String... args) {
    Object command =
        factory.create(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false);
    CommandLine cli = new CommandLine(command);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(new PrintWriter(usage));
    cli.setErr(new PrintWriter(usage));
    return cli.execute(args);
  }
}
