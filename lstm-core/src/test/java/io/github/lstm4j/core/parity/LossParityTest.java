package io.github.lstm4j.core.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The losses and the Embedding against real PyTorch (the fixtures of {@code
 * src/test/parity/make_loss_fixtures.py}, made by torch 1.13): every loss and gradient, and for the
 * Embedding → LSTM → Linear → cross-entropy tagger every result and every parameter gradient,
 * within {@link ParityTolerance}'s bounds, the LSTM parity tests' own.
 */
class LossParityTest {
  @AutoClose private static final ComputeContext ctx = ComputeContext.of(2);

  /** A loss: |ours − PyTorch| ≤ 1e−5·max(1, |PyTorch|). */
  static final double LOSS_RELATIVE = 1e-5;

  static final java.util.List<String> LOSS_FIXTURES = LossParityCase.LOSS_FIXTURES;

  @ParameterizedTest
  @FieldSource("LOSS_FIXTURES")
  void lossAndGradientMatchPyTorch(String fixture) {
    TensorFile file = LossParityCase.fixture(fixture);
    assertMatches(LossParityCase.runLoss(file), file);
  }

  @Test
  void embeddingLstmTaggerMatchesPyTorchInResultsAndEveryGradient() throws IOException {
    TensorFile file = LossParityCase.fixture(LossParityCase.TAGGER);

    Map<String, Tensor> ours = LossParityCase.runTagger(ctx, file);

    assertThat(ours).containsKey("grad.embedding.weight");
    assertThat(ours.keySet())
        .as("lstm4j computes every result and gradient the fixture holds")
        .containsExactlyInAnyOrderElementsOf(
            file.tensors().keySet().stream()
                .filter(n -> n.startsWith("grad.") || ours.containsKey(n))
                .toList());
    assertMatches(ours, file);
    // The padding row (id 0) received no gradient, as in PyTorch.
    float[] dw = ours.get("grad.embedding.weight").data();
    int dim = Integer.parseInt(file.metadata().get("embedding_dim"));
    for (int k = 0; k < dim; k++) {
      assertThat(dw[k]).isZero();
    }
  }

  private static void assertMatches(Map<String, Tensor> ours, TensorFile file) {
    for (Map.Entry<String, Tensor> entry : ours.entrySet()) {
      String name = entry.getKey();
      Tensor expected = file.tensors().get(name);
      assertThat(entry.getValue().shape()).as(name + " shape").containsExactly(expected.shape());
      assertThat(worstRatio(name, entry.getValue(), expected))
          .as("%s: largest difference as a fraction of the tolerance", name)
          .isLessThanOrEqualTo(1.0);
    }
  }

  /** {@link ParityTolerance#worstRatio}, with the loss bounded by {@link #LOSS_RELATIVE}. */
  static double worstRatio(String name, Tensor ours, Tensor expected) {
    if (name.equals("loss")) {
      double e = expected.data()[0];
      return Math.abs(ours.data()[0] - e) / (LOSS_RELATIVE * Math.max(1, Math.abs(e)));
    }
    return ParityTolerance.worstRatio(name, ours, expected);
  }
}
