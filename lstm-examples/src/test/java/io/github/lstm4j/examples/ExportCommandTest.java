package io.github.lstm4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.io.ModelFile;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.text.CharLstm;
import io.github.lstm4j.text.CharLstmConfig;
import io.github.lstm4j.vision.ClassifierConfig;
import io.github.lstm4j.vision.MnistDataset;
import io.github.lstm4j.vision.RowLstmClassifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * export writes what the loaded model's {@code onnxExport()} writes, for both kinds of model. That
 * ONNX Runtime runs such files as lstm4j does is tested in the benchmarks module.
 */
class ExportCommandTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine export =
        new CommandLine(new ExportCommand(new PrintStream(out, true, StandardCharsets.UTF_8)));
    export.setErr(new PrintWriter(err, true));
    // The handler Main installs: one "error: " line instead of a stack trace.
    export.setExecutionExceptionHandler(Main.commandLine().getExecutionExceptionHandler());
    return export.execute(args);
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aTextModelBecomesATokenModelCarryingItsState() throws IOException {
    CharLstmConfig config =
        CharLstmConfig.defaults()
            .withHiddenSize(8)
            .withNumLayers(2)
            .withSeqLen(8)
            .withBatchSize(2)
            .withEpochs(1)
            .withThreads(1);
    Path model = dir.resolve("text.safetensors");
    try (CharLstm lm = CharLstm.fit("hello onnx, hello lstm.\n".repeat(10), config)) {
      lm.save(model);
    }
    Path onnx = dir.resolve("text.onnx");

    int exit = run("--model", model.toString(), "--onnx", onnx.toString());

    assertThat(exit).as(err.toString()).isZero();
    byte[] expected;
    try (CharLstm loaded = CharLstm.load(model)) {
      expected = loaded.onnxExport().toBytes();
    }
    assertThat(Files.readAllBytes(onnx)).isEqualTo(expected);
    assertThat(output())
        .isEqualTo(
            "RESULT model=CharLstm onnx="
                + onnx
                + " bytes="
                + expected.length
                + " opset=14 inputs=tokens,h0,c0 outputs=logits,hn,cn\n");
  }

  @Test
  void anMnistModelBecomesADenseModelWithOneSetOfLogitsPerImage() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    byte[] images = new byte[20 * 6 * 5];
    byte[] labels = new byte[20];
    for (int i = 0; i < images.length; i++) {
      images[i] = (byte) random.nextInt(256);
    }
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) random.nextInt(3);
    }
    ClassifierConfig config =
        ClassifierConfig.defaults()
            .withHiddenSize(4)
            .withBidirectional(true)
            .withReadout(Readout.LAST_HIDDEN)
            .withBatchSize(5)
            .withEpochs(1)
            .withValidationFraction(0)
            .withThreads(1);
    RowLstmClassifier classifier =
        RowLstmClassifier.fit(
            MnistDataset.of(images, labels, 6, 5, 3),
            config,
            io.github.lstm4j.core.train.TrainingListener.NONE);
    Path model = dir.resolve("mnist.safetensors");
    classifier.save(model);
    Path onnx = dir.resolve("mnist.onnx");

    int exit = run("--model", model.toString(), "--onnx", onnx.toString());

    assertThat(exit).as(err.toString()).isZero();
    byte[] written = Files.readAllBytes(onnx);
    assertThat(written).isEqualTo(RowLstmClassifier.load(model).onnxExport().toBytes());
    assertThat(new String(written, StandardCharsets.ISO_8859_1))
        .contains("RowLstmClassifier")
        .doesNotContain("tokens");
    assertThat(output()).contains("RESULT model=RowLstmClassifier").contains(" inputs=input ");
  }

  @Test
  void theJarListsTheCommand() {
    assertThat(Main.commandLine().getSubcommands()).containsKey("export");
  }

  @Test
  void aModelOfAnotherKindIsNamedWithoutAStackTrace() throws IOException {
    Parameters params = new Parameters();
    params.add("w", 2);
    Path model = dir.resolve("other.safetensors");
    ModelFile.write(model, params, Map.of("model", "Forecaster"));
    Path onnx = dir.resolve("other.onnx");

    int exit = run("--model", model.toString(), "--onnx", onnx.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "error: "
                + model
                + ": cannot export a model of kind \"Forecaster\"; expected CharLstm or"
                + " RowLstmClassifier\n");
    assertThat(onnx).doesNotExist();
  }
}
