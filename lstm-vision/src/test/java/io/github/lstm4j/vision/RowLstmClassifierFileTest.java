package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.Json;
import io.github.lstm4j.core.io.RecordJson;
import io.github.lstm4j.core.io.Safetensors;
import io.github.lstm4j.core.io.StateDict;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.core.nn.Param;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.train.TrainingListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RowLstmClassifierFileTest {
  private static final ClassifierConfig SMALL =
      ClassifierConfig.defaults()
          .withHiddenSize(8)
          .withBatchSize(32)
          .withEpochs(4)
          .withLearningRate(2e-2)
          .withValidationFraction(0)
          .withSeed(3);

  /** Every field away from its default, so that none can survive by accident. */
  private static final ClassifierConfig UNUSUAL =
      new ClassifierConfig(
          5,
          2,
          true,
          0.3,
          Readout.MEAN_OVER_TIME,
          17,
          9,
          1.0 / 3,
          0.01,
          0.0,
          ClassifierConfig.Schedule.CONSTANT,
          0.2,
          2,
          -5,
          3,
          NonFinitePolicy.SKIP);

  private static final MnistDataset TEST = BarImages.generate(64, 2);

  /** Owns no threads, so it needs no closing. */
  private static final ComputeContext ONE = ComputeContext.singleThreaded();

  private static RowLstmClassifier trained;

  @TempDir Path dir;

  @BeforeAll
  static void train() {
    trained = RowLstmClassifier.fit(BarImages.generate(128, 1), SMALL, TrainingListener.NONE);
  }

  private Path saved(RowLstmClassifier model) throws IOException {
    Path path = dir.resolve("model.safetensors");
    model.save(path);
    return path;
  }

  // ---- round trip

  @Test
  void aSavedClassifierLoadsWithBitIdenticalParametersAndPredictions() throws IOException {
    RowLstmClassifier loaded = RowLstmClassifier.load(saved(trained));

    assertThat(loaded.config()).isEqualTo(SMALL);
    assertThat(List.of(loaded.shape().rows(), loaded.shape().cols(), loaded.shape().numClasses()))
        .containsExactly(BarImages.SIZE, BarImages.SIZE, BarImages.CLASSES);
    assertThat(loaded.parameters().list()).isEqualTo(trained.parameters().list());
    assertThat(loaded.parameters().values()).containsExactly(trained.parameters().values());
    for (int i = 0; i < TEST.size(); i++) {
      float[] image = BarImages.image(TEST, i);
      // Prediction equality compares the probability arrays exactly.
      assertThat(loaded.predict(image)).isEqualTo(trained.predict(image));
    }
    assertThat(loaded.predictBatch(ONE, TEST)).containsExactly(trained.predictBatch(ONE, TEST));
  }

  @Test
  void everyConfigFieldAndAStackedBidirectionalLstmSurviveTheFile() throws IOException {
    RowLstmClassifier model = RowLstmClassifier.create(UNUSUAL, 6, 7, 3);
    float[] image = BarImages.image(TEST, 1);

    RowLstmClassifier loaded = RowLstmClassifier.load(saved(model));

    assertThat(loaded.config()).isEqualTo(UNUSUAL);
    assertThat(List.of(loaded.shape().rows(), loaded.shape().cols(), loaded.shape().numClasses()))
        .containsExactly(6, 7, 3);
    assertThat(loaded.parameters().values()).containsExactly(model.parameters().values());
    float[] sixBySeven = Arrays.copyOf(image, 42);
    assertThat(loaded.predict(sixBySeven)).isEqualTo(model.predict(sixBySeven));
  }

  @Test
  void theFileHoldsPyTorchNamesAndTheModelInItsMetadata() throws IOException {
    TensorFile raw = Safetensors.read(saved(trained));

    assertThat(raw.metadata())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "format", "lstm4j",
                "format_version", "1",
                "model", "RowLstmClassifier",
                "config", RecordJson.write(SMALL),
                "rows", "8",
                "cols", "8",
                "numClasses", "4"));
    assertThat(raw.tensors().keySet())
        .containsExactly(
            "head.bias",
            "head.weight",
            "lstm.bias_hh_l0",
            "lstm.bias_ih_l0",
            "lstm.weight_hh_l0",
            "lstm.weight_ih_l0");
    assertThat(raw.tensors().get("lstm.weight_ih_l0").shape()).containsExactly(32, 8);
    assertThat(raw.tensors().get("head.weight").shape()).containsExactly(4, 8);
    assertThat(raw.tensors().get("lstm.bias_hh_l0").data()).containsOnly(0f);
    Param bias = trained.parameters().get("lstm.bias_l0");
    assertThat(raw.tensors().get("lstm.bias_ih_l0").data())
        .containsExactly(trained.parameters().valueOf(bias).data());
  }

  @Test
  void theConfigJsonNamesEveryFieldInDeclarationOrder() throws IOException {
    assertThat(RecordJson.write(ClassifierConfig.defaults()))
        .isEqualTo(
            "{\"hiddenSize\":128,\"numLayers\":1,\"bidirectional\":false,\"dropout\":0.0,"
                + "\"readout\":\"LAST_HIDDEN\",\"batchSize\":128,\"epochs\":5,"
                + "\"learningRate\":0.003,\"weightDecay\":0.0,\"gradientClip\":5.0,"
                + "\"schedule\":\"COSINE\",\"validationFraction\":0.08333333333333333,"
                + "\"augmentShift\":0,\"seed\":42,\"threads\":1}");
    assertThat(RecordJson.read(RecordJson.write(UNUSUAL), ClassifierConfig.class))
        .isEqualTo(UNUSUAL);
    ClassifierConfig extremes = UNUSUAL.withSeed(Long.MIN_VALUE).withLearningRate(Double.MIN_VALUE);
    assertThat(RecordJson.read(RecordJson.write(extremes), ClassifierConfig.class))
        .isEqualTo(extremes);
  }

  // ---- bad files: each an IOException whose message starts with the path and names the problem

  private static Map<String, Tensor> validTensors() {
    return new LinkedHashMap<>(StateDict.export(trained.parameters()));
  }

  /** The metadata of a valid file, format keys included. */
  private static Map<String, String> validMetadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "lstm4j");
    metadata.put("format_version", "1");
    metadata.putAll(ClassifierFile.metadata(trained));
    return metadata;
  }

  private int badFiles;

  private Path write(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    Path path = dir.resolve("bad" + ++badFiles + ".safetensors");
    Safetensors.write(path, tensors, metadata);
    return path;
  }

  private Path withMetadata(String key, String value) throws IOException {
    Map<String, String> metadata = validMetadata();
    metadata.put(key, value);
    return write(validTensors(), metadata);
  }

  /** A valid config's JSON with one member's value replaced by raw JSON text. */
  private static String configWith(String key, String value) {
    Map<String, Object> members = RecordJson.toMap(SMALL);
    String json = Json.write(members);
    String member = "\"" + key + "\":" + Json.write(members.get(key));
    assertThat(json).contains(member);
    return json.replace(member, "\"" + key + "\":" + value);
  }

  @Test
  void aMissingTensorIsNamedWithItsShape() throws IOException {
    Map<String, Tensor> tensors = validTensors();
    tensors.remove("head.bias");
    Path path = write(tensors, validMetadata());

    assertThatIOException()
        .isThrownBy(() -> RowLstmClassifier.load(path))
        .withMessage(
            path
                + ": model file must have a tensor for every parameter, got none for"
                + " [\"head.bias\" (4)]");
  }

  @Test
  void aTensorOfAnotherShapeIsNamedWithBothShapes() throws IOException {
    Map<String, Tensor> tensors = validTensors();
    tensors.put("head.weight", Tensor.zeros(8, 4)); // transposed
    Path path = write(tensors, validMetadata());

    assertThatIOException()
        .isThrownBy(() -> RowLstmClassifier.load(path))
        .withMessage(path + ": tensor \"head.weight\" must have shape (4, 8), got (8, 4)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "hiddenSize   | 0                | config.hiddenSize must be > 0, got 0",
        "hiddenSize   | \"8\"            | config.hiddenSize must be an integer in [-2^31, 2^31),"
            + " got \"8\"",
        "numLayers    | 1.5              | config.numLayers must be an integer in [-2^31, 2^31),"
            + " got 1.5",
        "dropout      | 1.5              | config.dropout must be in [0.0, 1.0), got 1.5",
        "bidirectional | 0               | config.bidirectional must be true or false, got 0",
        "readout      | \"LAST\"         | config.readout must be one of [LAST_HIDDEN,"
            + " MEAN_OVER_TIME, MAX_OVER_TIME], got \"LAST\"",
        "schedule     | null             | config.schedule must be one of [CONSTANT, COSINE], got"
            + " null",
        "learningRate | -1               | config.learningRate must be finite and > 0, got -1.0",
        "seed         | 9223372036854775808 | config.seed must be an integer in [-2^63, 2^63), got"
            + " 9.223372036854776E18",
        "threads      | 0                | config.threads must be > 0, got 0",
      })
  void aBadConfigValueIsNamedWithItsKeyAndValue(String key, String value, String message)
      throws IOException {
    Path path = withMetadata("config", configWith(key, value));

    assertThatIOException()
        .isThrownBy(() -> RowLstmClassifier.load(path))
        .withMessage(path + ": " + message);
  }

  @Test
  void aMissingOrUnknownConfigKeyIsNamed() throws IOException {
    Path missing = withMetadata("config", configWith("threads", "1").replace(",\"threads\":1", ""));
    assertThatIOException()
        .isThrownBy(() -> RowLstmClassifier.load(missing))
        .withMessageStartingWith(
            missing + ": config.threads must be present, got an object with the keys [hiddenSize,");

    Path unknown = withMetadata("config", configWith("threads", "1,\"inputSize\":8"));
    assertThatIOException()
        .isThrownBy(() -> RowLstmClassifier.load(unknown))
        .withMessage(
            unknown
                + ": config must have only the keys [hiddenSize, numLayers, bidirectional, dropout,"
                + " readout, batchSize, epochs, learningRate, weightDecay, gradientClip, schedule,"
                + " validationFraction, augmentShift, seed, threads], got unknown key"
                + " \"inputSize\"");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "rows       | 0           | metadata \"rows\" must be a decimal integer in [1, 2^31), got"
            + " \"0\"",
        "cols       | 08          | metadata \"cols\" must be a decimal integer in [1, 2^31), got"
            + " \"08\"",
        "numClasses | 2147483648  | metadata \"numClasses\" must be a decimal integer in [1,"
            + " 2^31), got \"2147483648\"",
        "rows       | ' 8'        | metadata \"rows\" must be a decimal integer in [1, 2^31), got"
            + " \" 8\"",
      })
  void aBadSizeIsNamedWithItsKeyAndValue(String key, String value, String message)
      throws IOException {
    Path path = withMetadata(key, value);

    assertThatIOException()
        .isThrownBy(() -> RowLstmClassifier.load(path))
        .withMessage(path + ": " + message);
  }

  @Test
  void aFileWithoutItsSizesIsNamed() throws IOException {
    Map<String, String> metadata = validMetadata();
    metadata.remove("numClasses");
    Path path = write(validTensors(), metadata);

    assertThatIOException()
        .isThrownBy(() -> RowLstmClassifier.load(path))
        .withMessage(
            path
                + ": model file must have the metadata key \"numClasses\", got only [cols, config,"
                + " model, rows]"); // in file order: sorted
  }

  @Test
  void aFileOfAnotherModelKindIsRejectedFirst() throws IOException {
    Path charLstm = withMetadata("model", "CharLstm");
    Map<String, String> metadata = validMetadata();
    metadata.remove("model");
    Path unnamed = write(validTensors(), metadata);

    assertThatIOException()
        .isThrownBy(() -> RowLstmClassifier.load(charLstm))
        .withMessage(
            charLstm
                + ": not a RowLstmClassifier file: metadata \"model\" must be"
                + " \"RowLstmClassifier\", got \"CharLstm\"");
    assertThatIOException()
        .isThrownBy(() -> RowLstmClassifier.load(unnamed))
        .withMessage(
            unnamed
                + ": not a RowLstmClassifier file: metadata \"model\" must be"
                + " \"RowLstmClassifier\", got none");
  }

  @Test
  void aConfigLargerThanTheTensorsFailsBeforeTheModelIsBuilt() throws IOException {
    // hiddenSize 20000 would be 4·20000·(8 + 20000 + 1) + 4·(20000 + 1) = 1.6 billion floats.
    Path path = withMetadata("config", configWith("hiddenSize", "20000"));

    assertThatIOException()
        .isThrownBy(() -> RowLstmClassifier.load(path))
        .withMessage(
            path
                + ": config must fit the model file's tensors, got a config of 1600800004"
                + " parameter values for tensors that hold 612");
  }

  @Test
  void sizesThatAreValidAloneButNotTogetherAreNamed() throws IOException {
    Path hugeImage = withMetadata("rows", "2147483647");
    Path hugeLayer = withMetadata("config", configWith("hiddenSize", "30000"));

    assertThatIOException()
        .isThrownBy(() -> RowLstmClassifier.load(hugeImage))
        .withMessage(
            hugeImage + ": rows * cols must be <= 2147483639, got 2147483647 * 8 = 17179869176");
    assertThatIOException()
        .isThrownBy(() -> RowLstmClassifier.load(hugeLayer))
        .withMessage(
            hugeLayer
                + ": inputSize and hiddenSize must give fewer than 2^31 weights per layer, got"
                + " inputSize 8, hiddenSize 30000");
  }

  @Test
  void aTruncatedFileIsRejectedNamingTheTensorThatNoLongerFits() throws IOException {
    Path path = saved(trained);
    byte[] bytes = Files.readAllBytes(path);
    long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    long dataBytes = bytes.length - 8 - headerLength;
    Files.write(path, Arrays.copyOf(bytes, bytes.length - 12));

    // Tensors are stored sorted by name: lstm.weight_ih_l0 (32 × 8 floats) comes last.
    assertThatIOException()
        .isThrownBy(() -> RowLstmClassifier.load(path))
        .withMessage(
            path
                + ": tensor \"lstm.weight_ih_l0\" data_offsets must lie in the data buffer of "
                + (dataBytes - 12)
                + " bytes, got ["
                + (dataBytes - 32 * 8 * 4)
                + ", "
                + dataBytes
                + "]");
  }

  @Test
  void aFileCutInsideItsHeaderLengthIsRejected() throws IOException {
    Path path = saved(trained);
    Files.write(path, Arrays.copyOf(Files.readAllBytes(path), 5));

    assertThatIOException()
        .isThrownBy(() -> RowLstmClassifier.load(path))
        .withMessage(path + ": file must hold at least the 8-byte header length, got 5 bytes");
  }

  @Test
  void aMissingFileIsNoSuchFileException() {
    Path path = dir.resolve("absent.safetensors");

    assertThatIOException()
        .isThrownBy(() -> RowLstmClassifier.load(path))
        .isInstanceOf(NoSuchFileException.class)
        .withMessage(path.toString());
  }

  // ---- atomic save

  @Test
  void anInterruptedSaveLeavesThePreviousFileIntactAndNoTempFile() throws IOException {
    Path path = saved(trained);
    byte[] previous = Files.readAllBytes(path);
    RowLstmClassifier other = RowLstmClassifier.create(SMALL.withSeed(9), 8, 8, 4);

    Thread.currentThread().interrupt(); // the file channel closes at its first write
    try {
      assertThatIOException()
          .isThrownBy(() -> other.save(path))
          .isInstanceOf(ClosedByInterruptException.class);
    } finally {
      Thread.interrupted();
    }

    assertThat(path).hasBinaryContent(previous);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("model.safetensors");
    }
    assertThat(RowLstmClassifier.load(path).parameters().values())
        .containsExactly(trained.parameters().values());
  }
}
