package io.github.lstm4j.examples;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * A subcommand's console: results go to {@code out}, progress and diagnostics to {@code err}, and
 * {@code interactive} says whether a progress bar may redraw in place (a terminal) or prints plain
 * lines (a pipe, a log, a test). {@link Main} builds every command with the process's console, a
 * test with streams it reads back. Subclasses only add their options and {@code call()}.
 */
abstract class ConsoleCommand implements Callable<Integer> {
  final PrintStream out; // results: samples, predictions, the RESULT line
  final PrintStream err; // progress bars, file notices, warnings
  final boolean interactive; // err is a terminal

  ConsoleCommand(PrintStream out, PrintStream err, boolean interactive) {
    this.out = out;
    this.err = err;
    this.interactive = interactive;
  }
}
