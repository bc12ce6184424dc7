package io.github.lstm4j.core.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.Safetensors;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * lstm4j against real PyTorch (the fixtures of {@code src/test/parity}, made by torch 1.13): each
 * fixture's weights are imported through {@link io.github.lstm4j.core.io.StateDict}, and outputs,
 * final states, logits and loss must match within {@link ParityTolerance#RESULT_ABSOLUTE}, every
 * gradient within {@link ParityTolerance#GRADIENT_RELATIVE} relative (floor {@link
 * ParityTolerance#GRADIENT_ABSOLUTE}). The way back: a model we export in the same format
 * re-imports to identical results (check_export.py then runs it through PyTorch, see the README).
 */
class PyTorchParityTest {
  @AutoClose private static final ComputeContext ctx = ComputeContext.of(2);

  @TempDir Path dir;

  static final java.util.List<String> FIXTURES = ParityCase.FIXTURES;

  @ParameterizedTest
  @FieldSource("FIXTURES")
  void denseInputMatchesPyTorchInResultsAndEveryGradient(String fixture) {
    ParityCase parity = ParityCase.fixture(fixture);

    Map<String, Tensor> ours = parity.run(ctx, false);

    assertThat(ours.keySet())
        .as("lstm4j computes every result and gradient the fixture holds, and no other")
        .containsExactlyInAnyOrderElementsOf(resultNames(parity.file));
    assertMatches(ours, parity.file);
  }

  @Test
  void tokenIdsMatchPyTorchLikeTheirOneHotRows() {
    ParityCase parity = ParityCase.fixture("l2_uni_tokens_all");

    Map<String, Tensor> ours = parity.run(ctx, true);

    Set<String> expected = resultNames(parity.file);
    expected.remove("grad.input"); // the gradient with respect to one-hot rows: dense path only
    assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertMatches(ours, parity.file);
  }

  @ParameterizedTest
  @FieldSource("FIXTURES")
  void anExportedModelReimportsToIdenticalResults(String fixture) throws IOException {
    ParityCase parity = ParityCase.fixture(fixture);
    boolean tokens = parity.hasTokens();
    Map<String, Tensor> ours = parity.run(ctx, tokens);
    Path file = dir.resolve(fixture + ".safetensors");
    Safetensors.write(file, parity.export(ours, tokens), parity.exportMetadata("test export"));

    TensorFile exported = Safetensors.read(file);
    ParityCase reimported = new ParityCase(exported);

    assertThat(exported.tensors().get("bias_hh_l0").data()).containsOnly(0f);
    assertBitIdentical(reimported.run(ctx, tokens), ours);
  }

  @Test
  void theCommittedExportStillReproducesItsStoredResults() throws IOException {
    TensorFile exported;
    try (InputStream in =
        PyTorchParityTest.class.getResourceAsStream(
            "exported/lstm4j_l2_bi_state_last.safetensors")) {
      exported = Safetensors.fromBytes(in.readAllBytes());
    }
    ParityCase reimported = new ParityCase(exported);

    Map<String, Tensor> ours = reimported.run(ctx, false);

    // Within the PyTorch tolerances, not bit for bit: a faster kernel may change the last bits.
    assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(resultNames(exported));
    assertMatches(ours, exported);
  }

  /** The names of the results and gradients in a parity file. */
  private static Set<String> resultNames(TensorFile file) {
    Set<String> names = new TreeSet<>();
    for (String name : file.tensors().keySet()) {
      if (Set.of("output", "h_n", "c_n", "logits", "loss").contains(name)
          || name.startsWith("grad.")) {
        names.add(name);
      }
    }
    return names;
  }

  private static void assertMatches(Map<String, Tensor> ours, TensorFile expected) {
    for (Map.Entry<String, Tensor> entry : ours.entrySet()) {
      String name = entry.getKey();
      Tensor pytorch = expected.tensors().get(name);
      assertThat(entry.getValue().shape()).as(name + " shape").isEqualTo(pytorch.shape());
      assertThat(ParityTolerance.worstRatio(name, entry.getValue(), pytorch))
          .as(
              "%s: max |lstm4j - PyTorch| = %s, as a fraction of the tolerance",
              name, ParityTolerance.maxAbsoluteDifference(entry.getValue(), pytorch))
          .isLessThanOrEqualTo(1.0);
    }
  }

  private static void assertBitIdentical(Map<String, Tensor> actual, Map<String, Tensor> expected) {
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map.Entry<String, Tensor> entry : expected.entrySet()) {
      Tensor tensor = actual.get(entry.getKey());
      assertThat(tensor.shape()).as(entry.getKey() + " shape").isEqualTo(entry.getValue().shape());
      assertThat(tensor.data()).as(entry.getKey()).isEqualTo(entry.getValue().data());
    }
  }
}
