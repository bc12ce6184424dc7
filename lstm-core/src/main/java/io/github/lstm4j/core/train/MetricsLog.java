package io.github.lstm4j.core.train;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A listener that writes one row per validation to a file: JSON lines ({@code .jsonl}, one object
 * per line) or CSV with a header. Rows are flushed as they are written, so a crashed run keeps its
 * curve.
 *
 * <pre>{@code
 * try (MetricsLog log = MetricsLog.jsonLines(Path.of("run.jsonl"))) {
 *   trainer.fit(progressBar.andThen(log));
 * }
 * }</pre>
 *
 * <p>Row: {@code step, epoch, elapsed_s, train_loss}, then the task's metrics in its order, then
 * {@code best} (1 or 0). A CSV file's columns are those of its first row.
 */
public final class MetricsLog implements TrainingListener, Closeable {
  private final BufferedWriter out;
  private final boolean csv;
  private List<String> columns; // CSV only, from the first row

  private MetricsLog(Path path, boolean csv) throws IOException {
    this.out =
        Files.newBufferedWriter(Objects.requireNonNull(path, "path"), StandardCharsets.UTF_8);
    this.csv = csv;
  }

  /**
   * Opens a JSON lines log, replacing the file.
   *
   * @param path the file
   * @return the log; close it when training ends
   * @throws IOException if the file cannot be created
   */
  public static MetricsLog jsonLines(Path path) throws IOException {
    return new MetricsLog(path, false);
  }

  /**
   * Opens a CSV log, replacing the file.
   *
   * @param path the file
   * @return the log; close it when training ends
   * @throws IOException if the file cannot be created
   */
  public static MetricsLog csv(Path path) throws IOException {
    return new MetricsLog(path, true);
  }

  @Override
  public void onEvaluation(Evaluation evaluation) {
    List<String> names = new ArrayList<>(List.of("step", "epoch", "elapsed_s", "train_loss"));
    List<String> values = new ArrayList<>();
    values.add(Long.toString(evaluation.step()));
    values.add(Integer.toString(evaluation.epoch()));
    values.add(number(evaluation.elapsedSeconds()));
    values.add(number(evaluation.trainLoss()));
    for (Map.Entry<String, Double> metric : evaluation.metrics().entrySet()) {
      names.add(metric.getKey());
      values.add(number(metric.getValue()));
    }
    names.add("best");
    values.add(evaluation.best() ? "1" : "0");
    try {
      if (csv) {
        if (columns == null) {
          columns = names;
          out.write(String.join(",", names));
          out.newLine();
        }
        List<String> row = new ArrayList<>();
        for (String column : columns) {
          int at = names.indexOf(column);
          row.add(at < 0 ? "" : values.get(at));
        }
        out.write(String.join(",", row));
      } else {
        StringBuilder line = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
          line.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append("\":");
          String v = values.get(i);
          line.append(v.equals("NaN") || v.contains("Infinity") ? "null" : v);
        }
        out.write(line.append('}').toString());
      }
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the metrics log: " + e.getMessage(), e);
    }
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.6g", value);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
