package io.github.lstm4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadTest {

  /** Expected values printed by pytorch_lstm.py's forward_flops, step_flops and items_per_step. */
  @ParameterizedTest
  @CsvSource({
    "W1,  5565644800,  16696934400, 3200",
    "W1b, 42395238400, 127185715200, 6400",
    "W2,  572850176,   1718550528,  128",
    "W3,  6624256,     6624256,     1",
    "W4,  4475392000,  4475392000,  1000",
    "W5,  11159601152, 33478803456, 64",
    "W5p, 11159601152, 33478803456, 64",
    "W6,  1619034112,  4857102336,  256"
  })
  void flopModelAndItemsMatchTheReferenceScript(
      Workload workload, long forwardFlops, long stepFlops, int items) {
    assertThat(workload.forwardFlops()).isEqualTo(forwardFlops);
    assertThat(workload.stepFlops()).isEqualTo(stepFlops);
    assertThat(workload.itemsPerStep()).isEqualTo(items);
  }

  @Test
  void w5LengthsAreTheReferenceScriptsAndW5pRunsEveryStep() {
    int[] lengths = Workload.W5.lengths();
    assertThat(lengths).hasSize(64).startsWith(78, 191, 120, 33, 135, 28);
    assertThat(java.util.Arrays.stream(lengths).sum()).isEqualTo(7095); // pytorch_lstm.py
    assertThat(Workload.W5p.lengths()).hasSize(64).containsOnly(200);
  }

  @Test
  void defaultStepCountsMeetTheWorkloadRuleAndW3WarmsUpTheJit() {
    for (Workload w : Workload.values()) {
      assertThat(w.defaultWarmup()).as("%s warm-up", w).isGreaterThanOrEqualTo(5);
      assertThat(w.defaultSteps()).as("%s timed steps", w).isGreaterThanOrEqualTo(20);
    }
    assertThat(Workload.W3.defaultWarmup())
        .isEqualTo(3000); // the script's 50 end before C2 has run
    assertThat(Workload.W3.defaultSteps()).isEqualTo(500);
  }

  @Test
  void generationAndInferenceReuseTheTrainingModelsShapes() {
    assertThat(Workload.W3.shape().hiddenSize()).isEqualTo(Workload.W1b.shape().hiddenSize());
    assertThat(Workload.W3.shape().numLayers()).isEqualTo(Workload.W1b.shape().numLayers());
    assertThat(Workload.W3.shape().inputSize()).isEqualTo(Workload.W1b.shape().inputSize());
    assertThat(Workload.W4.shape().hiddenSize()).isEqualTo(Workload.W2.shape().hiddenSize());
    assertThat(Workload.W4.shape().inputSize()).isEqualTo(Workload.W2.shape().inputSize());
  }
}
