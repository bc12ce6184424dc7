package io.github.lstm4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.compute.ComputeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every workload's step allocates nothing once warmed up (the {@code -prof gc} ≈ 0 B/op rule),
 * checked with the JVM's per-thread allocation counter on one thread. Training and inference run
 * the workload classes at tiny sizes; generation runs W3 itself (one step is cheap).
 */
class SteadyStateAllocationTest {
  private static final int WARMUP = 3;
  private static final int STEPS = 10;

  @ParameterizedTest
  @CsvSource({
    "TRAIN_TOKENS, 7,  8, 2, 5, 3, 7",
    "TRAIN_DENSE,  6,  8, 1, 4, 3, 5",
    "GENERATE,     7,  8, 2, 1, 1, 7",
    "INFER,        6,  8, 1, 4, 9, 5",
    "TRAIN_SEQUENCES, 6, 8, 1, 5, 4, 2",
    "TRAIN_SERIES, 1,  8, 2, 5, 4, 1"
  })
  void stepsAllocateNothingAfterWarmUp(
      Workload.Kind kind, int inputSize, int hidden, int layers, int seqLen, int batch, int out) {
    boolean bidirectional = kind == Workload.Kind.TRAIN_SEQUENCES;
    WorkloadShape shape =
        new WorkloadShape(
            "tiny " + kind, inputSize, hidden, layers, seqLen, batch, out, bidirectional);
    try (ComputeContext ctx = ComputeContext.of(1)) {
      WorkloadModel model =
          switch (kind) {
            case TRAIN_TOKENS -> new CharLmTraining(shape, ctx);
            case TRAIN_DENSE -> new MnistTraining(shape, ctx);
            case GENERATE -> new CharGeneration(shape, ctx);
            case INFER -> new MnistClassification(shape, ctx);
            case TRAIN_SEQUENCES ->
                new SequenceClassificationTraining(shape, ctx, 13, new int[] {3, 5, 1, 4});
            case TRAIN_SERIES -> new SeriesRegressionTraining(shape, ctx);
          };
      assertThat(bytesAllocatedBySteps(model)).isZero();
    }
  }

  @Test
  void anchorGenerationStepAllocatesNothingAfterWarmUp() {
    try (ComputeContext ctx = ComputeContext.of(1)) {
      assertThat(bytesAllocatedBySteps(WorkloadModel.create(Workload.W3, ctx))).isZero();
    }
  }

  private static long bytesAllocatedBySteps(WorkloadModel model) {
    return ThreadAllocation.leastBytesAllocatedBy(
        () -> {
          double result = model.step();
          model.requireFinite(result);
          return result;
        },
        WARMUP,
        STEPS);
  }
}
