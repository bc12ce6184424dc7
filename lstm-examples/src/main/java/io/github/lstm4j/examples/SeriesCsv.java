package io.github.lstm4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One numeric column of a CSV file with a header line, for {@code forecast}: comma-separated fields
 * without quoting, an empty field = a missing value (NaN), blank lines ignored. Every problem is an
 * {@link IOException} naming the file, the line and the value.
 *
 * <pre>{@code
 * SeriesCsv csv = SeriesCsv.read(Path.of("co2.csv"), "co2");
 * double[] values = csv.values(); // NaN where the field is empty
 * }</pre>
 */
final class SeriesCsv {
  private final String column;
  private final double[] values;
  private final String[] labels; // the first other column of each row ("" if none)
  private final int[] lines; // the 1-based file line of each row

  private SeriesCsv(String column, double[] values, String[] labels, int[] lines) {
    this.column = column;
    this.values = values;
    this.labels = labels;
    this.lines = lines;
  }

  /**
   * Reads a column; without a name, the last column.
   *
   * @param file the CSV file, UTF-8
   * @param column the header name of the column, or null for the last one
   * @return the column
   * @throws IOException if the file cannot be read, is empty, has no such column, a row has too few
   *     fields or a non-numeric or infinite value, or the series starts or ends with a missing
   *     value
   */
  static SeriesCsv read(Path file, String column) throws IOException {
    List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
    int first = 0;
    while (first < text.size() && text.get(first).isBlank()) {
      first++;
    }
    if (first == text.size()) {
      throw new IOException(file + ": empty file, expected a header line and rows of values");
    }
    String[] header = text.get(first).split(",", -1);
    int index = header.length - 1;
    if (column != null) {
      index = Arrays.asList(header).indexOf(column);
      if (index < 0) {
        throw new IOException(
            file
                + " line "
                + (first + 1)
                + ": unknown column \""
                + column
                + "\", the header has "
                + Arrays.toString(header));
      }
    }
    int labelIndex = index == 0 ? (header.length > 1 ? 1 : -1) : 0;
    List<Double> values = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    for (int i = first + 1; i < text.size(); i++) {
      String line = text.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (fields.length <= index) {
        throw new IOException(
            file
                + " line "
                + (i + 1)
                + ": expected "
                + header.length
                + " fields, got "
                + fields.length
                + ": \""
                + line
                + "\"");
      }
      values.add(number(file, i + 1, header[index], fields[index].strip()));
      labels.add(labelIndex >= 0 && labelIndex < fields.length ? fields[labelIndex] : "");
      lines.add(i + 1);
    }
    if (values.isEmpty()) {
      throw new IOException(file + ": no rows of values after the header line " + (first + 1));
    }
    for (int row : new int[] {0, values.size() - 1}) {
      if (Double.isNaN(values.get(row))) {
        throw new IOException(
            file
                + " line "
                + lines.get(row)
                + ": column "
                + header[index]
                + " is empty, but the series must "
                + (row == 0 ? "start" : "end")
                + " with a value (only gaps between two values are interpolated)");
      }
    }
    return new SeriesCsv(
        header[index],
        values.stream().mapToDouble(Double::doubleValue).toArray(),
        labels.toArray(String[]::new),
        lines.stream().mapToInt(Integer::intValue).toArray());
  }

  private static double number(Path file, int line, String column, String field)
      throws IOException {
    if (field.isEmpty()) {
      return Double.NaN;
    }
    try {
      double value = Double.parseDouble(field);
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException(
        file + " line " + line + ": column " + column + " must be a number, got \"" + field + "\"");
  }

  String column() {
    return column;
  }

  /** The values, NaN where missing. */
  double[] values() {
    return values.clone();
  }

  /** The label (first other column, e.g. the date) of a row. */
  String label(int row) {
    return labels[row];
  }

  /** The number of missing values. */
  int missing() {
    int count = 0;
    for (double v : values) {
      count += Double.isNaN(v) ? 1 : 0;
    }
    return count;
  }

  /** The 1-based file line of a row. */
  int line(int row) {
    return lines[row];
  }
}
