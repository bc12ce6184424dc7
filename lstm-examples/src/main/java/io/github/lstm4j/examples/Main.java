package io.github.lstm4j.examples;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point of {@code lstm-examples.jar}: one subcommand per job.
 *
 * <pre>
 * java -jar lstm-examples/target/lstm-examples.jar --help
 * </pre>
 */
@Command(
    name = "lstm-examples",
    mixinStandardHelpOptions = true,
    version = "lstm4j examples 0.1.0",
    description = "Runnable lstm4j examples. Run a subcommand with --help for its options.")
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * Builds the command line with every subcommand registered, each writing to the process's
   * standard output and error.
   *
   * @return the picocli command line
   */
  static CommandLine commandLine() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    boolean interactive = System.console() != null; // progress bars redraw in place
    CommandLine cli =
        new CommandLine(new Main())
            .addSubcommand(new TextgenCommand(out, err, interactive))
            .addSubcommand(new GenerateCommand(out, err, interactive))
            .addSubcommand(new MnistCommand(out, err, interactive))
            .addSubcommand(new ExportCommand(out))
            .addSubcommand(new ForecastCommand(out, err, interactive))
            .addSubcommand(new ClassifyCommand(out, err, interactive))
            .addSubcommand(new CommandLine.HelpCommand());
    // Set after the subcommands are added: picocli applies these to the subcommands present.
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // A failing command prints one line naming the problem, not a stack trace.
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + describe(e));
          return 1;
        });
    return cli;
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException missing && missing.getReason() == null) {
      return "no such file: " + message;
    }
    return message == null ? e.toString() : message;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }
}
