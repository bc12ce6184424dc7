package io.github.lstm4j.examples;

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
    description = "Runnable lstm4j examples. Run a subcommand with --help for its options.",
    subcommands = {
      TextgenCommand.class,
      GenerateCommand.class,
      MnistCommand.class,
      ExportCommand.class,
      ForecastCommand.class,
      ClassifyCommand.class,
      CommandLine.HelpCommand.class
    })
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
   * Builds the command line with every subcommand registered.
   *
   * @return the picocli command line
   */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
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
