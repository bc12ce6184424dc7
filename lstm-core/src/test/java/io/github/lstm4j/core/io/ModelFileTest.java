package io.github.lstm4j.core.io;

import static io.github.lstm4j.core.io.SafetensorsTest.fileNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Param;
import io.github.lstm4j.core.optim.Adam;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.TestData;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelFileTest {
  /** Two bidirectional layers: I = 3, H = 4, so weight_ih_l0 is (16, 3), weight_ih_l1 (16, 8). */
  private static final LstmConfig CONFIG =
      LstmConfig.of(3, 4).withNumLayers(2).withBidirectional(true).withDropout(0.25);

  private static final int NUM_CLASSES = 5;

  @AutoClose private static final ComputeContext ctx = ComputeContext.of(1);

  @TempDir Path dir;

  private Path saved(TestModel model) throws IOException {
    Path path = dir.resolve("model.safetensors");
    model.save(path);
    return path;
  }

  // ---- round trip

  @Test
  void aSavedModelLoadsWithBitIdenticalParametersAndOutputs() throws IOException {
    TestModel model = new TestModel(CONFIG, NUM_CLASSES, 7);
    Path path = saved(model);

    TestModel loaded = TestModel.load(path);

    assertThat(loaded.config).isEqualTo(CONFIG);
    assertThat(loaded.numClasses).isEqualTo(NUM_CLASSES);
    assertThat(loaded.params.list()).isEqualTo(model.params.list());
    assertThat(loaded.params.values()).isEqualTo(model.params.values());
    Tensor input = TestData.gaussian(new Rng(3), 1.0, 4, 2, CONFIG.inputSize());
    assertThat(loaded.logits(ctx, input).data()).isEqualTo(model.logits(ctx, input).data());
  }

  /**
   * A training checkpoint's model tensors are where training stood; loaded for inference it gives
   * the weights its run kept, and a kept tensor of the wrong size is an error naming it.
   */
  @Test
  void aCheckpointLoadsTheWeightsItsRunKept() throws IOException {
    TestModel trained = new TestModel(CONFIG, NUM_CLASSES, 7);
    float[] kept = new TestModel(CONFIG, NUM_CLASSES, 8).params.values().clone();
    Path path = dir.resolve("run.ckpt");
    TrainingState state =
        new TrainingState(
            Map.of(), Map.of(), Map.of(ModelFile.KEPT_WEIGHTS, Tensor.wrap(kept, kept.length)));
    TrainingCheckpoint.write(path, trained.params, new Adam(1e-3), Map.of(), state);

    TestModel loaded = new TestModel(CONFIG, NUM_CLASSES, 9);
    ModelFile.loadWeights(ModelFile.read(path), loaded.params);
    assertThat(loaded.params.values()).isEqualTo(kept).isNotEqualTo(trained.params.values());

    TestModel plain = new TestModel(CONFIG, NUM_CLASSES, 9);
    ModelFile.loadWeights(TrainingCheckpoint.read(path).model(), plain.params);
    assertThat(plain.params.values()).isEqualTo(trained.params.values());

    Path forged = dir.resolve("forged.ckpt");
    TrainingState shortKept =
        new TrainingState(Map.of(), Map.of(), Map.of(ModelFile.KEPT_WEIGHTS, Tensor.zeros(3)));
    TrainingCheckpoint.write(forged, trained.params, new Adam(1e-3), Map.of(), shortKept);
    assertThatIOException()
        .isThrownBy(() -> ModelFile.loadWeights(ModelFile.read(forged), loaded.params))
        .withMessageContaining("state.trainer.best_values must have shape (" + kept.length);
  }

  @Test
  void theFileHoldsPyTorchNamesAndTheFormatInItsMetadata() throws IOException {
    TestModel model = new TestModel(CONFIG, NUM_CLASSES, 7);

    TensorFile raw = Safetensors.read(saved(model));

    assertThat(raw.metadata())
        .containsEntry("format", "lstm4j")
        .containsEntry("format_version", "1")
        .containsEntry("config", model.metadata().get("config"));
    assertThat(raw.tensors().keySet())
        .containsExactly(
            "bias_hh_l0",
            "bias_hh_l0_reverse",
            "bias_hh_l1",
            "bias_hh_l1_reverse",
            "bias_ih_l0",
            "bias_ih_l0_reverse",
            "bias_ih_l1",
            "bias_ih_l1_reverse",
            "head.bias",
            "head.weight",
            "weight_hh_l0",
            "weight_hh_l0_reverse",
            "weight_hh_l1",
            "weight_hh_l1_reverse",
            "weight_ih_l0",
            "weight_ih_l0_reverse",
            "weight_ih_l1",
            "weight_ih_l1_reverse");
    assertThat(raw.tensors().get("weight_ih_l1").shape()).containsExactly(16, 8);
    assertThat(raw.tensors().get("bias_hh_l1_reverse").data()).containsOnly(0f);
    Param bias = model.params.get("bias_l1_reverse");
    assertThat(raw.tensors().get("bias_ih_l1_reverse").data())
        .isEqualTo(model.params.valueOf(bias).data());
  }

  @Test
  void readReturnsExactlyTheMetadataThatWasWritten() throws IOException {
    TestModel model = new TestModel(CONFIG, NUM_CLASSES, 7);

    assertThat(ModelFile.read(saved(model)).metadata()).isEqualTo(model.metadata());
  }

  @Test
  void theConfigSurvivesAsJsonExactly() throws IOException {
    LstmConfig config =
        LstmConfig.of(65, 256)
            .withNumLayers(3)
            .withDropout(0.1)
            .withForgetBias(-0.3)
            .withInit(
                io.github.lstm4j.core.nn.Init.XAVIER_UNIFORM,
                io.github.lstm4j.core.nn.Init.ORTHOGONAL);

    assertThat(RecordJson.read(RecordJson.write(config), LstmConfig.class)).isEqualTo(config);
  }

  @Test
  void writeRejectsTheFormatKeysInTheCallersMetadata() {
    TestModel model = new TestModel(CONFIG, NUM_CLASSES, 7);

    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                ModelFile.write(
                    dir.resolve("m.safetensors"), model.params, Map.of("format_version", "2")))
        .withMessage(
            "metadata must not contain the key \"format_version\", which the file format reserves");
  }

  // ---- bad files: each fails with an IOException naming the problem

  /** The tensors a valid file of {@link #CONFIG} holds, to alter. */
  private static Map<String, Tensor> validTensors() {
    return new LinkedHashMap<>(StateDict.export(new TestModel(CONFIG, NUM_CLASSES, 7).params));
  }

  /** The metadata a valid file holds, format keys included, to alter. */
  private static Map<String, String> validMetadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "lstm4j");
    metadata.put("format_version", "1");
    metadata.putAll(new TestModel(CONFIG, NUM_CLASSES, 7).metadata());
    return metadata;
  }

  private Path write(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    Path path = dir.resolve("bad.safetensors");
    Safetensors.write(path, tensors, metadata);
    return path;
  }

  private Path withConfig(String lstmConfig, int numClasses) throws IOException {
    Map<String, String> metadata = validMetadata();
    metadata.put("config", "{\"lstm\":" + lstmConfig + ",\"numClasses\":" + numClasses + "}");
    return write(validTensors(), metadata);
  }

  private static String lstmConfigWith(String key, String value) {
    Map<String, Object> config = new LinkedHashMap<>(RecordJson.toMap(CONFIG));
    String json = Json.write(config);
    String member = "\"" + key + "\":" + Json.write(config.get(key));
    assertThat(json).contains(member);
    return json.replace(member, "\"" + key + "\":" + value);
  }

  @Test
  void aMissingTensorIsNamedWithItsShape() throws IOException {
    Map<String, Tensor> tensors = validTensors();
    tensors.remove("weight_hh_l1");

    assertThatIOException()
        .isThrownBy(() -> TestModel.load(write(tensors, validMetadata())))
        .withMessage(
            "model file must have a tensor for every parameter, got none for [\"weight_hh_l1\""
                + " (16, 4)]");
  }

  @Test
  void aMissingHalfOfAPyTorchBiasPairIsNamed() throws IOException {
    Map<String, Tensor> tensors = validTensors();
    tensors.remove("bias_hh_l0_reverse");

    assertThatIOException()
        .isThrownBy(() -> TestModel.load(write(tensors, validMetadata())))
        .withMessageStartingWith(
            "model file must have a tensor for every parameter, got none for"
                + " [\"bias_hh_l0_reverse\" (16)]");
  }

  @Test
  void anUnexpectedTensorIsNamed() throws IOException {
    Map<String, Tensor> tensors = validTensors();
    tensors.put("bias_l0", Tensor.zeros(16));
    tensors.put("embedding.weight", Tensor.zeros(3, 2));

    assertThatIOException()
        .isThrownBy(() -> TestModel.load(write(tensors, validMetadata())))
        .withMessage(
            "model file must hold only the model's parameters, got unexpected tensors"
                + " [\"bias_l0\", \"embedding.weight\"]; the model has 14 parameters");
  }

  @Test
  void aTensorOfTheWrongShapeIsNamedWithBothShapes() throws IOException {
    Map<String, Tensor> tensors = validTensors();
    tensors.put("weight_ih_l0", Tensor.zeros(3, 16)); // transposed

    assertThatIOException()
        .isThrownBy(() -> TestModel.load(write(tensors, validMetadata())))
        .withMessage("tensor \"weight_ih_l0\" must have shape (16, 3), got (3, 16)");
  }

  @Test
  void aConfigSmallerThanTheTensorsFailsOnTheFirstShape() throws IOException {
    Path path = withConfig(lstmConfigWith("hiddenSize", "3"), NUM_CLASSES);

    assertThatIOException()
        .isThrownBy(() -> TestModel.load(path))
        .withMessage("tensor \"weight_ih_l0\" must have shape (12, 3), got (16, 3)");
  }

  @Test
  void aConfigLargerThanTheTensorsFailsBeforeTheModelIsBuilt() throws IOException {
    // 10^6 layers would be 416 million floats; the file holds 781 (717 parameters, 64 bias_hh
    // zeros).
    Path path = withConfig(lstmConfigWith("numLayers", "1000000"), NUM_CLASSES);

    assertThatIOException()
        .isThrownBy(() -> TestModel.load(path))
        .withMessage(
            "config must fit the model file's tensors, got a config of 415999885 parameter values"
                + " for tensors that hold 781");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "hiddenSize | \"abc\" | config.lstm.hiddenSize must be an integer in [-2^31, 2^31), got"
            + " \"abc\"",
        "hiddenSize | 4.5    | config.lstm.hiddenSize must be an integer in [-2^31, 2^31), got 4.5",
        "hiddenSize | -4     | config.lstm.hiddenSize must be > 0, got -4",
        "inputSize  | 0      | config.lstm.inputSize must be > 0, got 0",
        "numLayers  | -2     | config.lstm.numLayers must be > 0, got -2",
        "dropout    | 1.5    | config.lstm.dropout must be in [0.0, 1.0), got 1.5",
        "bidirectional | \"yes\" | config.lstm.bidirectional must be true or false, got \"yes\"",
        "inputInit  | \"HE\" | config.lstm.inputInit must be one of [PYTORCH_DEFAULT,"
            + " XAVIER_UNIFORM, ORTHOGONAL], got \"HE\"",
      })
  void badConfigValuesAreNamedWithTheirKeyAndValue(String key, String value, String message)
      throws IOException {
    Path path = withConfig(lstmConfigWith(key, value), NUM_CLASSES);

    assertThatIOException().isThrownBy(() -> TestModel.load(path)).withMessage(message);
  }

  @Test
  void aNonPositiveClassCountIsNamed() throws IOException {
    Path path = withConfig(RecordJson.write(CONFIG), 0);

    assertThatIOException()
        .isThrownBy(() -> TestModel.load(path))
        .withMessage("config.numClasses must be > 0, got 0");
  }

  @Test
  void aMissingOrUnknownConfigKeyIsNamed() throws IOException {
    Path missing = withConfig("{\"inputSize\":3}", NUM_CLASSES);
    assertThatIOException()
        .isThrownBy(() -> TestModel.load(missing))
        .withMessage(
            "config.lstm.hiddenSize must be present, got an object with the keys [inputSize]");

    Path unknown = withConfig(lstmConfigWith("dropout", "0.0,\"projSize\":2"), NUM_CLASSES);
    assertThatIOException()
        .isThrownBy(() -> TestModel.load(unknown))
        .withMessage(
            "config.lstm must have only the keys [inputSize, hiddenSize, numLayers, bidirectional,"
                + " dropout, forgetBias, inputInit, recurrentInit], got unknown key \"projSize\"");
  }

  @Test
  void aConfigThatIsNotJsonIsNamed() throws IOException {
    Map<String, String> metadata = validMetadata();
    metadata.put("config", "hiddenSize=4");

    assertThatIOException()
        .isThrownBy(() -> TestModel.load(write(validTensors(), metadata)))
        .withMessageStartingWith("config must be a JSON object, got invalid JSON at offset 0");
  }

  @Test
  void aFileWithoutTheModelsConfigIsNamed() throws IOException {
    Map<String, String> metadata = validMetadata();
    metadata.remove("config");

    assertThatIOException()
        .isThrownBy(() -> TestModel.load(write(validTensors(), metadata)))
        .withMessage("model file must have the metadata key \"config\", got only []");
  }

  @Test
  void anUnknownFormatVersionIsRejected() throws IOException {
    Map<String, String> metadata = validMetadata();
    metadata.put("format_version", "2");
    Path path = write(validTensors(), metadata);

    assertThatIOException()
        .isThrownBy(() -> ModelFile.read(path))
        .withMessage(path + ": unsupported format_version 2, this lstm4j reads 1");
  }

  @ParameterizedTest
  @CsvSource({"'', none", "one, '\"one\"'", "-1, '\"-1\"'", "01, '\"01\"'"})
  void aMalformedFormatVersionIsRejected(String version, String shown) throws IOException {
    Map<String, String> metadata = validMetadata();
    if (version.isEmpty()) {
      metadata.remove("format_version");
    } else {
      metadata.put("format_version", version);
    }
    Path path = write(validTensors(), metadata);

    assertThatIOException()
        .isThrownBy(() -> ModelFile.read(path))
        .withMessage(
            path + ": metadata \"format_version\" must be a decimal integer, got " + shown);
  }

  @Test
  void aSafetensorsFileOfAnotherFormatIsRejected() throws IOException {
    Map<String, String> metadata = validMetadata();
    metadata.put("format", "pt"); // what PyTorch's safetensors.torch.save_file writes
    Path pytorch = write(validTensors(), metadata);
    Path plain = dir.resolve("plain.safetensors");
    Safetensors.write(plain, validTensors(), Map.of());

    assertThatIOException()
        .isThrownBy(() -> ModelFile.read(pytorch))
        .withMessage(
            pytorch
                + ": not an lstm4j model file: metadata \"format\" must be \"lstm4j\", got \"pt\"");
    assertThatIOException()
        .isThrownBy(() -> ModelFile.read(plain))
        .withMessage(
            plain + ": not an lstm4j model file: metadata \"format\" must be \"lstm4j\", got none");
  }

  @Test
  void aTruncatedFileIsRejectedNamingTheFileAndTheMissingBytes() throws IOException {
    Path path = saved(new TestModel(CONFIG, NUM_CLASSES, 7));
    byte[] bytes = Files.readAllBytes(path);
    Files.write(path, Arrays.copyOf(bytes, bytes.length - 10));

    assertThatIOException()
        .isThrownBy(() -> TestModel.load(path))
        .withMessageStartingWith(path + ": tensor \"weight_ih_l1_reverse\" data_offsets must lie")
        .withMessageContaining("got [");
  }

  // ---- atomic writes

  @Test
  void anInterruptedSaveLeavesThePreviousFileIntactAndNoTempFile() throws IOException {
    Path path = saved(new TestModel(CONFIG, NUM_CLASSES, 7));
    byte[] previous = Files.readAllBytes(path);
    TestModel next = new TestModel(CONFIG, NUM_CLASSES, 8);

    Thread.currentThread().interrupt(); // the file channel closes at its first write
    try {
      assertThatIOException()
          .isThrownBy(() -> next.save(path))
          .isInstanceOf(ClosedByInterruptException.class);
    } finally {
      Thread.interrupted();
    }

    assertThat(path).hasBinaryContent(previous);
    assertThat(fileNames(dir)).containsExactly("model.safetensors");
    assertThat(TestModel.load(path).params.values())
        .isEqualTo(new TestModel(CONFIG, NUM_CLASSES, 7).params.values());
  }

  @Test
  void aRejectedSaveLeavesThePreviousFileIntact() throws IOException {
    Path path = saved(new TestModel(CONFIG, NUM_CLASSES, 7));
    byte[] previous = Files.readAllBytes(path);
    TestModel next = new TestModel(CONFIG, NUM_CLASSES, 8);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> ModelFile.write(path, next.params, Map.of("format", "mine")));

    assertThat(path).hasBinaryContent(previous);
    assertThat(fileNames(dir)).containsExactly("model.safetensors");
  }
}
