package io.github.lstm4j.core.parity;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.Safetensors;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A manual tool, not a test: prints the largest differences between lstm4j and PyTorch for every
 * fixture, and with a directory argument exports, in the parity format for check_export.py, every
 * fixture's model as lstm4j imported and ran it, plus one model initialised by lstm4j ({@code
 * lstm4j_l2_bi_state_last.safetensors}, the committed example in {@code parity/exported/}). From
 * the repository root, after {@code mvn -pl lstm-core test-compile}:
 *
 * <pre>
 * java -cp lstm-core/target/classes:lstm-core/target/test-classes \
 *     io.github.lstm4j.core.parity.ParityReport /tmp/lstm4j-export
 * /usr/bin/python3 lstm-core/src/test/parity/check_export.py /tmp/lstm4j-export
 * </pre>
 */
public final class ParityReport {
  private ParityReport() {}

  /**
   * Prints the report and optionally writes the exports.
   *
   * @param args an optional directory for the exported files
   * @throws IOException if an export cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path exportDir = args.length > 0 ? Path.of(args[0]) : null;
    if (exportDir != null) {
      Files.createDirectories(exportDir);
    }
    try (ComputeContext ctx = ComputeContext.of(1)) {
      for (String fixture : ParityCase.FIXTURES) {
        ParityCase parity = ParityCase.fixture(fixture);
        report(fixture + " (dense)", parity.run(ctx, false), parity);
        if (parity.hasTokens()) {
          report(fixture + " (token ids)", parity.run(ctx, true), parity);
        }
        if (exportDir != null) {
          boolean tokens = parity.hasTokens();
          Map<String, Tensor> ours = parity.run(ctx, tokens);
          Safetensors.write(
              exportDir.resolve(fixture + ".safetensors"),
              parity.export(ours, tokens),
              parity.exportMetadata(
                  "lstm4j's import of the PyTorch fixture "
                      + fixture
                      + ", run and exported by lstm4j (ParityReport)"));
        }
      }
      if (exportDir != null) {
        ParityCase ours = new ParityCase(ParityCase.lstm4jModel(LSTM4J_MODEL_SEED));
        Safetensors.write(
            exportDir.resolve("lstm4j_l2_bi_state_last.safetensors"),
            ours.export(ours.run(ctx, false), false),
            ours.exportMetadata(
                "a model initialised, run and exported by lstm4j (ParityReport, seed "
                    + LSTM4J_MODEL_SEED
                    + "); its weights never came from PyTorch"));
      }
    }
  }

  /** The seed of the committed example export. */
  static final long LSTM4J_MODEL_SEED = 2024;

  private static void report(String title, Map<String, Tensor> ours, ParityCase parity) {
    double resultAbs = 0;
    double gradientAbs = 0;
    double gradientRelative = 0; // max |d| / |expected| over elements with |expected| >= 1e-3
    double worstRatio = 0;
    String worstName = "";
    for (Map.Entry<String, Tensor> entry : ours.entrySet()) {
      String name = entry.getKey();
      Tensor expected = parity.file.tensors().get(name);
      Tensor actual = entry.getValue();
      double abs = ParityTolerance.maxAbsoluteDifference(actual, expected);
      if (ParityTolerance.isGradient(name)) {
        gradientAbs = Math.max(gradientAbs, abs);
        for (int i = 0; i < expected.size(); i++) {
          double e = expected.data()[i];
          if (Math.abs(e) >= 1e-3) {
            gradientRelative =
                Math.max(gradientRelative, Math.abs(actual.data()[i] - e) / Math.abs(e));
          }
        }
      } else {
        resultAbs = Math.max(resultAbs, abs);
      }
      double ratio = ParityTolerance.worstRatio(name, actual, expected);
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worstName = name;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%-32s results max|d| %.2e   gradients max|d| %.2e, max rel %.2e (|g| >= 1e-3)"
            + "   worst %.3f of tolerance (%s)%n",
        title,
        resultAbs,
        gradientAbs,
        gradientRelative,
        worstRatio,
        worstName);
  }
}
