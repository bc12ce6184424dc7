package io.github.lstm4j.examples;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error: fraction done, a bar, rate, elapsed time, ETA and
 * free-form statistics (loss, accuracy).
 *
 * <p>On a terminal the line is redrawn in place at most 10 times a second; when standard error is
 * not a terminal (a log file, CI) a full line is printed at most every 10 seconds, so logs stay
 * readable.
 */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final String label;
  private final String unit;
  private final boolean interactive;
  private final long start = System.nanoTime();
  private long lastDraw;
  private int lastLength;

  /**
   * Creates a bar.
   *
   * @param out where to draw (standard error)
   * @param label the prefix, e.g. {@code "epoch 1/5"}
   * @param unit what the rate counts, e.g. {@code "chars"}
   * @param interactive whether {@code out} is a terminal, where the bar redraws in place
   */
  ProgressBar(PrintStream out, String label, String unit, boolean interactive) {
    this.out = out;
    this.label = label;
    this.unit = unit;
    this.interactive = interactive;
  }

  /**
   * Redraws the bar if enough time has passed since the last draw.
   *
   * @param fraction the work done, in [0, 1]
   * @param itemsPerSecond the current throughput
   * @param stats extra text, e.g. {@code "loss 1.52"}
   */
  void update(double fraction, double itemsPerSecond, String stats) {
    long now = System.nanoTime();
    long interval = interactive ? 100_000_000L : 10_000_000_000L;
    if (now - lastDraw < interval && fraction < 1.0) {
      return;
    }
    lastDraw = now;
    draw(fraction, itemsPerSecond, stats, now);
  }

  /**
   * Draws the final state and ends the line.
   *
   * @param itemsPerSecond the final throughput
   * @param stats extra text
   */
  void finish(double itemsPerSecond, String stats) {
    endLine(1.0, itemsPerSecond, stats);
  }

  /**
   * Draws the current state and ends the line, so that other output (a sample) can follow; later
   * updates start a new line and keep this bar's clock.
   *
   * @param fraction the work done, in [0, 1]
   * @param itemsPerSecond the current throughput
   * @param stats extra text
   */
  void endLine(double fraction, double itemsPerSecond, String stats) {
    long now = System.nanoTime();
    lastDraw = now;
    draw(fraction, itemsPerSecond, stats, now);
    if (interactive) {
      out.println();
      lastLength = 0;
    }
    out.flush();
  }

  static String render(
      String label,
      double fraction,
      double itemsPerSecond,
      String unit,
      double elapsed,
      String stats) {
    double f = Math.max(0, Math.min(1, fraction));
    int filled = (int) Math.round(f * WIDTH);
    String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
    double eta = f > 0 ? elapsed * (1 - f) / f : Double.NaN;
    return String.format(
        Locale.ROOT,
        "%s [%s] %5.1f%% %,.0f %s/s elapsed %s eta %s %s",
        label,
        bar,
        100 * f,
        itemsPerSecond,
        unit,
        duration(elapsed),
        Double.isNaN(eta) ? "--:--" : duration(eta),
        stats);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
  }

  private void draw(double fraction, double itemsPerSecond, String stats, long now) {
    String line = render(label, fraction, itemsPerSecond, unit, (now - start) / 1e9, stats);
    if (interactive) {
      int pad = Math.max(0, lastLength - line.length());
      out.print("\r" + line + " ".repeat(pad));
      lastLength = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }
}
