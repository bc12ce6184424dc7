package io.github.lstm4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small SVG line chart of training curves: one polyline per series against the training step,
 * with labelled axes and a legend, written by our own code (no plotting library) so that every
 * command can leave {@code model.svg} beside {@code model.safetensors}.
 *
 * <pre>{@code
 * CurvePlot plot = new CurvePlot("textgen", "nats/char");
 * plot.add("train loss", 100, 2.1); plot.add("val loss", 100, 2.3);
 * plot.write(Path.of("model.svg"));
 * }</pre>
 */
final class CurvePlot {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 400;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 32;
  private static final int BOTTOM = 48;
  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};

  private final String title;
  private final String yLabel;
  private final Map<String, List<double[]>> series = new LinkedHashMap<>(); // name → (step, y)

  CurvePlot(String title, String yLabel) {
    this.title = title;
    this.yLabel = yLabel;
  }

  /** Adds a point; NaN and infinite values are left out. */
  void add(String name, double step, double value) {
    if (Double.isFinite(step) && Double.isFinite(value)) {
      series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {step, value});
    }
  }

  /** Whether any series has at least one point. */
  boolean isEmpty() {
    return series.values().stream().allMatch(List::isEmpty);
  }

  /** The chart as SVG text. */
  String svg() {
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (List<double[]> points : series.values()) {
      for (double[] p : points) {
        minX = Math.min(minX, p[0]);
        maxX = Math.max(maxX, p[0]);
        minY = Math.min(minY, p[1]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    if (minX > maxX) { // no points: an empty frame
      minX = 0;
      maxX = 1;
      minY = 0;
      maxY = 1;
    }
    if (maxX == minX) {
      maxX = minX + 1;
    }
    if (maxY == minY) {
      maxY = minY + 1;
    }
    double pad = 0.05 * (maxY - minY);
    minY -= pad;
    maxY += pad;
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder s = new StringBuilder();
    s.append(
        format(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
            WIDTH, HEIGHT, WIDTH, HEIGHT));
    s.append(format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", WIDTH, HEIGHT));
    s.append(format("<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>\n", LEFT, escape(title)));
    s.append(
        format(
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>\n",
            LEFT, TOP, plotW, plotH));
    for (int i = 0; i <= 4; i++) { // grid and tick labels
      double fy = i / 4.0;
      double y = TOP + plotH * (1 - fy);
      s.append(
          format(
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>\n",
              LEFT, y, LEFT + plotW, y));
      s.append(
          format(
              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
              LEFT - 4, y + 4, tick(minY + fy * (maxY - minY))));
      double x = LEFT + plotW * fy;
      s.append(
          format(
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
              x, TOP + plotH + 16, tick(minX + fy * (maxX - minX))));
    }
    s.append(
        format(
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">step</text>\n",
            LEFT + plotW / 2, HEIGHT - 8));
    s.append(
        format(
            "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s"
                + "</text>\n",
            TOP + plotH / 2, TOP + plotH / 2, escape(yLabel)));
    int k = 0;
    for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
      String color = COLORS[k % COLORS.length];
      StringBuilder points = new StringBuilder();
      for (double[] p : entry.getValue()) {
        double x = LEFT + plotW * (p[0] - minX) / (maxX - minX);
        double y = TOP + plotH * (1 - (p[1] - minY) / (maxY - minY));
        points.append(format("%.1f,%.1f ", x, y));
      }
      s.append(
          format(
              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>\n",
              color, points.toString().strip()));
      int ly = TOP + 14 + 16 * k;
      s.append(
          format(
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>\n",
              LEFT + plotW - 130, ly - 4, LEFT + plotW - 110, ly - 4, color));
      s.append(
          format(
              "<text x=\"%d\" y=\"%d\">%s</text>\n",
              LEFT + plotW - 104, ly, escape(entry.getKey())));
      k++;
    }
    return s.append("</svg>\n").toString();
  }

  /** Writes the chart atomically (a temporary file, then a rename). */
  void write(Path path) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, svg(), StandardCharsets.UTF_8);
      if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        // A temporary file is private (0600); a chart is for anyone who can read the model.
        Files.setPosixFilePermissions(
            tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The SVG file beside a model file: {@code m.safetensors} → {@code m.svg}. */
  static Path besideModel(Path model) {
    String name = model.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".svg");
  }

  private static String tick(double v) {
    double a = Math.abs(v);
    return a != 0 && (a >= 1e5 || a < 1e-2) ? format("%.2e", v) : format("%.3g", v);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
