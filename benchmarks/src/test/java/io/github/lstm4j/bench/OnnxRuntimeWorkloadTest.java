package io.github.lstm4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.compute.ComputeContext;
import org.junit.jupiter.api.Test;

/**
 * The ORT side of the side-by-side runner computes what the lstm4j workload computes, step by step,
 * so that the two timings are of the same work.
 */
class OnnxRuntimeWorkloadTest {

  @Test
  void w4InOnnxRuntimeGivesLstm4jsMeanWinningLogit() {
    try (ComputeContext ctx = ComputeContext.of(1);
        OnnxRuntimeWorkload ort = OnnxRuntimeWorkload.create(Workload.W4, 1)) {
      double expected = WorkloadModel.create(Workload.W4, ctx).step();
      assertThat(ort.step()).isCloseTo(expected, within(1e-5 * Math.abs(expected)));
    }
  }

  @Test
  void w3InOnnxRuntimeSamplesLstm4jsCharactersFromTheSameLogits() {
    try (ComputeContext ctx = ComputeContext.of(1);
        OnnxRuntimeWorkload ort = OnnxRuntimeWorkload.create(Workload.W3, 1)) {
      WorkloadModel lstm4j = WorkloadModel.create(Workload.W3, ctx);
      for (int step = 0; step < 20; step++) { // the state carried through 20 characters
        double expected = lstm4j.step(); // the sampled character's logit
        assertThat(ort.step())
            .as("step %d", step)
            .isCloseTo(expected, within(1e-5 * Math.abs(expected) + 1e-6));
      }
    }
  }

  @Test
  void trainingWorkloadsAreNotRunInOnnxRuntime() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OnnxRuntimeWorkload.create(Workload.W2, 1))
        .withMessage("workload must be W3 or W4 to run in ONNX Runtime, got W2");
    assertThat(Workloads.parseEngine("ort")).isEqualTo(Workloads.Engine.ORT);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Workloads.parseEngine("torch"))
        .withMessage("--engine must be lstm4j or ort, got 'torch'");
  }
}
