package io.github.lstm4j.examples;

import io.github.lstm4j.core.io.ModelFile;
import io.github.lstm4j.core.io.OnnxExport;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.text.CharLstm;
import io.github.lstm4j.vision.RowLstmClassifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code export}: writes a saved text or MNIST model as an ONNX file (opset 14) for ONNX Runtime.
 * The kind of model comes from the file's {@code "model"} metadata: a {@link CharLstm} reads token
 * ids and carries its state ({@link CharLstm#onnxExport()}), a {@link RowLstmClassifier} reads
 * images row by row and gives one set of logits per image ({@link RowLstmClassifier#onnxExport()}).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Write a model saved by 'textgen --save' or 'mnist --save' as an ONNX file (opset 14) for"
            + " ONNX Runtime. Text models read token ids (tokens: seqLen x batch, int64) and carry"
            + " the state (h0, c0 in; hn, cn out); MNIST models read images (input: rows x batch x"
            + " cols, float, pixels in [0, 1]). Both give logits.")
final class ExportCommand implements Callable<Integer> {
  private final PrintStream out;

  ExportCommand(PrintStream out) {
    this.out = out;
  }

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "the saved model")
  Path model;

  @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "the ONNX file")
  Path onnx;

  @Override
  public Integer call() throws IOException {
    TensorFile file = ModelFile.read(model);
    String kind = ModelFile.metadata(file, "model");
    String inputs;
    switch (kind) {
      case "CharLstm" -> {
        try (CharLstm lm = CharLstm.load(model)) {
          lm.onnxExport().writeTo(onnx);
        }
        inputs = "tokens,h0,c0";
      }
      case "RowLstmClassifier" -> {
        RowLstmClassifier.load(model).onnxExport().writeTo(onnx);
        inputs = "input";
      }
      default ->
          throw new IOException(
              model
                  + ": cannot export a model of kind \""
                  + kind
                  + "\"; expected CharLstm or"
                  + " RowLstmClassifier");
    }
    out.printf(
        Locale.ROOT,
        "RESULT model=%s onnx=%s bytes=%d opset=%d inputs=%s outputs=logits,hn,cn%n",
        kind,
        onnx,
        Files.size(onnx),
        OnnxExport.OPSET_VERSION,
        inputs);
    return 0;
  }
}
