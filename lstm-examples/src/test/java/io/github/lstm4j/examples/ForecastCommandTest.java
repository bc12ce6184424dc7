package io.github.lstm4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastCommandTest {
  @TempDir Path dir;

  private final CommandRun command = new CommandRun(ForecastCommand::new);
  private final ByteArrayOutputStream out = command.out;
  private final ByteArrayOutputStream err = command.err;
  private final StringWriter usage = command.usage;

  private int run(String... args) {
    out.reset();
    err.reset();
    return command.run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** A monthly series: trend + yearly sine, with a gap at row 30. */
  private Path series(int n) throws IOException {
    StringBuilder csv = new StringBuilder("month,v\n");
    for (int t = 0; t < n; t++) {
      double v = 10 + 0.05 * t + Math.sin(2 * Math.PI * t / 12);
      csv.append(t).append(',').append(t == 30 ? "" : String.format(Locale.ROOT, "%.4f", v));
      csv.append('\n');
    }
    Path file = dir.resolve("series.csv");
    Files.writeString(file, csv);
    return file;
  }

  private String[] args(Path data, String... more) {
    String[] base = {
      "--data",
      data.toString(),
      "--column",
      "v",
      "--window",
      "12",
      "--horizon",
      "3",
      "--season",
      "12",
      "--hidden",
      "8",
      "--epochs",
      "2",
      "--threads",
      "1"
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void trainsScoresSavesAndScoresTheSavedModelAlike() throws IOException {
    Path data = series(150);
    Path model = dir.resolve("m.safetensors");
    assertThat(run(args(data, "--save", model.toString()))).as(err()).isEqualTo(0);
    String first = out();
    assertThat(first)
        .contains("150 values (1 missing, interior gaps interpolated); training on the first 120")
        .contains("seasonal naive")
        .contains("1 layer(s) x 8 units", "2 epochs, Adam lr")
        .contains("label,actual,model_h1,persistence_h1,seasonal_naive_h1,model_h3");
    assertThat(Files.exists(model)).isTrue();
    assertThat(Files.readString(CurvePlot.besideModel(model))).startsWith("<svg");
    Matcher result =
        Pattern.compile(
                "RESULT rmse_h1=(\\S+) persistence_h1=\\S+ seasonal_naive_h1=\\S+ rmse_h3=(\\S+)")
            .matcher(first);
    assertThat(result.find()).isTrue();
    // the h = 1 persistence forecast of row 121 is the value of row 120 (origin 120)
    assertThat(first)
        .contains("\n120,16.0000,")
        .containsPattern("\n121,16\\.5500,[^,]+,16\\.0000,");

    Path csv = dir.resolve("f.csv");
    assertThat(run(args(data, "--model", model.toString(), "--forecast-out", csv.toString())))
        .as(err())
        .isEqualTo(0);
    assertThat(out()).contains("RESULT rmse_h1=" + result.group(1) + " ");
    assertThat(out()).contains("rmse_h3=" + result.group(2) + " ");
    assertThat(Files.readAllLines(csv)).hasSize(1 + 30);
  }

  @Test
  void badInputNamesTheFileLineAndValueAndLosesNothingSaved() throws IOException {
    Path model = dir.resolve("keep.safetensors");
    Files.writeString(model, "saved before");
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "");
    assertThat(run(args(empty, "--save", model.toString()))).isEqualTo(1);
    assertThat(err()).contains(empty + ": empty file");

    Path text = dir.resolve("text.csv");
    Files.writeString(text, "month,v\n0,1.5\n1,abc\n2,3\n");
    assertThat(run(args(text, "--save", model.toString()))).isEqualTo(1);
    assertThat(err()).contains(text + " line 3: column v must be a number, got \"abc\"");

    Path other = dir.resolve("other.csv");
    Files.writeString(other, "month,w\n0,1\n");
    assertThat(run(args(other))).isEqualTo(1);
    assertThat(err()).contains(other + " line 1: unknown column \"v\", the header has [month, w]");

    Path trailing = dir.resolve("trailing.csv");
    Files.writeString(trailing, "month,v\n0,1\n1,2\n2,\n");
    assertThat(run(args(trailing))).isEqualTo(1);
    assertThat(err()).contains(trailing + " line 4: column v is empty, but the series must end");

    Path shortSeries = series(18);
    assertThat(run(args(shortSeries, "--save", model.toString()))).isEqualTo(1);
    assertThat(err())
        .contains(shortSeries + ": column v has 18 values (lines 2-19), its training part")
        .contains("has 14, fewer than window + horizon = 15");

    assertThat(Files.readString(model)).isEqualTo("saved before");
  }
}
