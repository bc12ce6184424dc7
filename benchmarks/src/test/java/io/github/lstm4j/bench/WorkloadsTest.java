package io.github.lstm4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class WorkloadsTest {

  @Test
  void medianIsTheMiddleValueOrTheMeanOfTheTwoMiddleValues() {
    assertThat(Workloads.median(new long[] {1, 2, 9})).isEqualTo(2.0);
    assertThat(Workloads.median(new long[] {1, 2, 4, 9})).isEqualTo(3.0);
  }

  @Test
  void lineStartsWithTheReferenceScriptsFieldsWhateverTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      // 3 steps of 200 ms, 210 ms, 400 ms: median 210 ms ⇒ 3200 / 0.21 chars/s.
      String line =
          Workloads.format(
              Workload.W1, 2, new long[] {400_000_000, 200_000_000, 210_000_000}, 0.5, 0);
      assertThat(line)
          .startsWith("W1 threads=2 chars_per_s=15238.1 ms_per_step=210.000 gflops=79.51 ")
          .contains(
              "ms_min=200.000",
              "ms_max=400.000",
              "steps=3",
              "other_load=0.50",
              "bytes_per_step=0.0");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void imageWorkloadsReportImagesPerSecond() {
    assertThat(Workloads.format(Workload.W4, 1, new long[] {500_000_000}, 0, 0))
        .startsWith("W4 threads=1 images_per_s=2000.0 ms_per_step=500.000 ");
  }

  @Test
  void sequenceWorkloadsReportSequencesPerSecond() {
    assertThat(Workloads.format(Workload.W5, 2, new long[] {500_000_000}, 0, 0))
        .startsWith("W5 threads=2 sequences_per_s=128.0 ms_per_step=500.000 ");
  }

  @Test
  void optionListsAreParsedAndBadValuesNamed() {
    assertThat(Workloads.parseWorkloads("W1b, W3")).containsExactly(Workload.W1b, Workload.W3);
    assertThat(Workloads.parseCounts("--threads", "1,2", 1)).containsExactly(1, 2);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Workloads.parseWorkloads("W7"))
        .withMessageStartingWith("--workloads must be a comma-separated subset of [W1, W1b")
        .withMessageEndingWith("got 'W7'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Workloads.parseCounts("--threads", "0", 1))
        .withMessage("--threads must be integers >= 1, got '0'");
  }
}
