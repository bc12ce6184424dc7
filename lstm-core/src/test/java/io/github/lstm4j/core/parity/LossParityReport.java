package io.github.lstm4j.core.parity;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * A manual tool, not a test: prints the largest differences between lstm4j and PyTorch for every
 * fixture of make_loss_fixtures.py. From the repository root, after {@code mvn -pl lstm-core
 * test-compile}:
 *
 * <pre>
 * java -cp lstm-core/target/classes:lstm-core/target/test-classes \
 *     io.github.lstm4j.core.parity.LossParityReport
 * </pre>
 */
public final class LossParityReport {
  private LossParityReport() {}

  /**
   * Prints the report.
   *
   * @param args none
   * @throws IOException if the tagger's weights do not load
   */
  public static void main(String[] args) throws IOException {
    for (String fixture : LossParityCase.LOSS_FIXTURES) {
      TensorFile file = LossParityCase.fixture(fixture);
      report(fixture, LossParityCase.runLoss(file), file);
    }
    try (ComputeContext ctx = ComputeContext.of(1)) {
      TensorFile file = LossParityCase.fixture(LossParityCase.TAGGER);
      report(LossParityCase.TAGGER, LossParityCase.runTagger(ctx, file), file);
    }
  }

  private static void report(String title, Map<String, Tensor> ours, TensorFile file) {
    double lossAbs = 0;
    double lossRel = 0;
    double resultAbs = 0; // embedded, output, logits
    double gradientAbs = 0;
    double gradientRel = 0; // max |d| / |expected| over elements with |expected| >= 1e-3
    for (Map.Entry<String, Tensor> entry : ours.entrySet()) {
      String name = entry.getKey();
      Tensor expected = file.tensors().get(name);
      Tensor actual = entry.getValue();
      double abs = ParityTolerance.maxAbsoluteDifference(actual, expected);
      if (name.equals("loss")) {
        lossAbs = abs;
        lossRel = abs / Math.abs(expected.data()[0]);
      } else if (ParityTolerance.isGradient(name)) {
        gradientAbs = Math.max(gradientAbs, abs);
        for (int i = 0; i < expected.size(); i++) {
          double e = expected.data()[i];
          if (Math.abs(e) >= 1e-3) {
            gradientRel = Math.max(gradientRel, Math.abs(actual.data()[i] - e) / Math.abs(e));
          }
        }
      } else {
        resultAbs = Math.max(resultAbs, abs);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%-30s loss |d| %.2e rel %.2e   results max|d| %.2e   gradients max|d| %.2e,"
            + " max rel %.2e (|g| >= 1e-3)%n",
        title,
        lossAbs,
        lossRel,
        resultAbs,
        gradientAbs,
        gradientRel);
  }
}
