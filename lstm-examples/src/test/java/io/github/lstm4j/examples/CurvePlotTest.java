package io.github.lstm4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurvePlotTest {
  @TempDir Path dir;

  @Test
  void writesOnePolylinePerSeriesWithTheLegendAndSkipsNonFinitePoints() throws IOException {
    CurvePlot plot = new CurvePlot("run <1>", "loss");
    plot.add("train", 1, 2.0);
    plot.add("train", 2, 1.5);
    plot.add("train", 3, Double.NaN);
    plot.add("val", 2, 1.8);
    Path file = CurvePlot.besideModel(dir.resolve("m.safetensors"));
    plot.write(file);

    String svg = Files.readString(file);
    assertThat(file.getFileName().toString()).isEqualTo("m.svg");
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n");
    assertThat(svg.split("<polyline", -1)).hasSize(3);
    assertThat(svg).contains(">train</text>", ">val</text>", "run &lt;1&gt;");
    assertThat(svg).doesNotContain("NaN");
    // The first train point is at the left edge (step 1 is the smallest), the last at the right.
    assertThat(svg).contains("points=\"64.0,");
    assertThat(plot.isEmpty()).isFalse();
    assertThat(new CurvePlot("t", "y").isEmpty()).isTrue();
  }
}
