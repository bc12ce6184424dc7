package io.github.lstm4j.core.io;

import static io.github.lstm4j.core.io.ProtobufReader.all;
import static io.github.lstm4j.core.io.ProtobufReader.longs;
import static io.github.lstm4j.core.io.ProtobufReader.one;
import static io.github.lstm4j.core.io.ProtobufReader.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.io.OnnxExport.InitialState;
import io.github.lstm4j.core.io.OnnxExport.Input;
import io.github.lstm4j.core.io.OnnxExport.Output;
import io.github.lstm4j.core.io.ProtobufReader.Field;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Param;
import io.github.lstm4j.core.nn.Parameters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The structure of the ONNX files {@link OnnxExport} writes, decoded field by field with the
 * numbers of {@code onnx.proto}. That ONNX Runtime computes lstm4j's numbers from them is tested in
 * the benchmarks module ({@code OnnxRuntimeParityTest}), which may depend on it.
 */
class OnnxExportTest {
  private static final int I = 3;
  private static final int H = 2;
  private static final int V = 4;

  /** ONNX's gate blocks i, o, f, c as indices of PyTorch's i, f, g, o, written out by hand. */
  private static final int[] PYTORCH_BLOCK_OF_ONNX_BLOCK = {0, 3, 1, 2};

  @TempDir Path dir;

  private final Parameters params = new Parameters();

  private Lstm lstm(LstmConfig config) {
    return new Lstm("lstm.", config, params, new Rng(1));
  }

  private Linear head(LstmConfig config) {
    return new Linear("head", config.outputSize(), V, params, new Rng(2));
  }

  @Test
  void aModelDeclaresIrVersion7OpsetFourteenAndItsProducer() {
    LstmConfig config = LstmConfig.of(I, H);
    List<Field> model = ProtobufReader.parse(export(config).toBytes());

    assertThat(one(model, 1).value()).isEqualTo(7); // ir_version
    assertThat(one(model, 2).string()).isEqualTo("lstm4j"); // producer_name
    List<Field> opset = one(model, 8).message(); // opset_import
    assertThat(all(opset, 1)).isEmpty(); // the default domain
    assertThat(one(opset, 2).value()).isEqualTo(14);
    assertThat(one(model, 6).string()).contains("hiddenSize 2"); // doc_string
    assertThat(OnnxExport.OPSET_VERSION).isEqualTo(14);
    assertThat(OnnxExport.IR_VERSION).isEqualTo(7);
  }

  @Test
  void aStackedBidirectionalTokenModelChainsTwoLstmNodesWithStateSlices() {
    LstmConfig config = LstmConfig.of(I, H).withNumLayers(2).withBidirectional(true);
    List<Field> graph =
        graph(
            export(config)
                .input(Input.TOKEN_IDS)
                .initialState(InitialState.GRAPH_INPUTS)
                .toBytes());

    assertThat(opTypes(graph))
        .containsExactly(
            "OneHot",
            "Slice",
            "Slice",
            "LSTM",
            "Transpose",
            "Reshape",
            "Slice",
            "Slice",
            "LSTM",
            "Transpose",
            "Reshape",
            "Concat",
            "Concat",
            "MatMul",
            "Add");
    List<Field> lstm1 = nodes(graph, "LSTM").get(1);
    assertThat(strings(lstm1, 1)) // inputs, with sequence_lens left out
        .containsExactly("hidden_l0", "W_l1", "R_l1", "B_l1", "", "h0_l1", "c0_l1");
    assertThat(strings(lstm1, 2)).containsExactly("Y_l1", "Y_h_l1", "Y_c_l1");
    assertThat(intAttribute(lstm1, "hidden_size")).isEqualTo(H);
    assertThat(stringAttribute(lstm1, "direction")).isEqualTo("bidirectional");
    assertThat(strings(nodes(graph, "Slice").get(2), 1))
        .containsExactly("h0", "state_start_l1", "state_end_l1", "axis_0");
    assertThat(longInitializer(graph, "state_start_l1")).containsExactly(2);
    assertThat(longInitializer(graph, "state_end_l1")).containsExactly(4);
    assertThat(strings(nodes(graph, "Concat").get(0), 1)).containsExactly("Y_h_l0", "Y_h_l1");
    assertThat(longInitializer(graph, "shape_t_b_features")).containsExactly(0, 0, -1);
    assertThat(ints(nodes(graph, "Transpose").get(0), "perm")).containsExactly(0, 2, 1, 3);
    assertThat(intAttribute(nodes(graph, "OneHot").get(0), "axis")).isEqualTo(-1);
    assertThat(longInitializer(graph, "one_hot_depth")).containsExactly(I);
    assertThat(floatInitializer(graph, "one_hot_values")).containsExactly(0f, 1f);

    assertThat(valueInfos(graph, 11)) // inputs
        .containsExactly(
            "tokens INT64 (seqLen, batch)", "h0 FLOAT (4, batch, 2)", "c0 FLOAT (4, batch, 2)");
    assertThat(valueInfos(graph, 12)) // outputs
        .containsExactly(
            "logits FLOAT (seqLen, batch, 4)", "hn FLOAT (4, batch, 2)", "cn FLOAT (4, batch, 2)");
  }

  @Test
  void weightsAreStackedByDirectionWithGateBlocksInOnnxOrder() {
    LstmConfig config = LstmConfig.of(I, H).withNumLayers(2).withBidirectional(true);
    List<Field> graph = graph(export(config).toBytes());

    for (int l = 0; l < 2; l++) {
      int in = config.layerInputSize(l);
      assertThat(dims(initializer(graph, "W_l" + l))).containsExactly(2, 4 * H, in);
      assertThat(dims(initializer(graph, "R_l" + l))).containsExactly(2, 4 * H, H);
      assertThat(dims(initializer(graph, "B_l" + l))).containsExactly(2, 8 * H);
      float[] w = floatInitializer(graph, "W_l" + l);
      float[] r = floatInitializer(graph, "R_l" + l);
      float[] b = floatInitializer(graph, "B_l" + l);
      for (int d = 0; d < 2; d++) {
        String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
        float[] weightIh = values("lstm.weight_ih" + suffix);
        float[] weightHh = values("lstm.weight_hh" + suffix);
        float[] bias = values("lstm.bias" + suffix);
        for (int k = 0; k < 4; k++) {
          int source = PYTORCH_BLOCK_OF_ONNX_BLOCK[k] * H;
          for (int row = 0; row < H; row++) {
            int onnxRow = d * 4 * H + k * H + row;
            assertThat(Arrays.copyOfRange(w, onnxRow * in, (onnxRow + 1) * in))
                .containsExactly(
                    Arrays.copyOfRange(weightIh, (source + row) * in, (source + row + 1) * in));
            assertThat(Arrays.copyOfRange(r, onnxRow * H, (onnxRow + 1) * H))
                .containsExactly(
                    Arrays.copyOfRange(weightHh, (source + row) * H, (source + row + 1) * H));
            assertThat(b[d * 8 * H + k * H + row]).isEqualTo(bias[source + row]); // Wb
            assertThat(b[d * 8 * H + 4 * H + k * H + row]).isZero(); // Rb
          }
        }
      }
    }
    float[] weightT = floatInitializer(graph, "head.weight_t"); // (D·H, V) for MatMul
    float[] weight = values("head.weight"); // (V, D·H)
    assertThat(dims(initializer(graph, "head.weight_t"))).containsExactly(2 * H, V);
    for (int v = 0; v < V; v++) {
      for (int k = 0; k < 2 * H; k++) {
        assertThat(weightT[k * V + v]).isEqualTo(weight[v * 2 * H + k]);
      }
    }
    assertThat(floatInitializer(graph, "head.bias")).containsExactly(values("head.bias"));
  }

  @Test
  void aUnidirectionalLastStepModelSqueezesGathersStepMinusOneAndAppliesGemm() {
    LstmConfig config = LstmConfig.of(I, H);
    List<Field> graph = graph(export(config).output(Output.LAST_STEP).toBytes());

    assertThat(opTypes(graph)).containsExactly("LSTM", "Squeeze", "Gather", "Gemm");
    List<Field> lstm = nodes(graph, "LSTM").get(0);
    assertThat(strings(lstm, 1)).containsExactly("input", "W_l0", "R_l0", "B_l0");
    assertThat(strings(lstm, 2)).containsExactly("Y_l0", "hn", "cn");
    assertThat(stringAttribute(lstm, "direction")).isEqualTo("forward");
    assertThat(strings(nodes(graph, "Squeeze").get(0), 1)).containsExactly("Y_l0", "axis_1");
    assertThat(longInitializer(graph, "axis_1")).containsExactly(1);
    assertThat(dims(initializer(graph, "last_step"))).isEmpty(); // a scalar index drops the T axis
    assertThat(longInitializer(graph, "last_step")).containsExactly(-1);
    List<Field> gemm = nodes(graph, "Gemm").get(0);
    assertThat(strings(gemm, 1)).containsExactly("readout", "head.weight", "head.bias");
    assertThat(intAttribute(gemm, "transB")).isEqualTo(1);
    assertThat(floatInitializer(graph, "head.weight")).containsExactly(values("head.weight"));
    assertThat(valueInfos(graph, 11)).containsExactly("input FLOAT (seqLen, batch, 3)");
    assertThat(valueInfos(graph, 12))
        .containsExactly(
            "logits FLOAT (batch, 4)", "hn FLOAT (1, batch, 2)", "cn FLOAT (1, batch, 2)");
  }

  @Test
  void aFinalHiddenReadoutConcatenatesTheTopLayersDirectionsAndAMeanReducesTime() {
    LstmConfig config = LstmConfig.of(I, H).withBidirectional(true);
    OnnxExport export = export(config);
    List<Field> finalHidden = graph(export.output(Output.FINAL_HIDDEN).toBytes());
    List<Field> mean = graph(export.output(Output.MEAN_OVER_TIME).toBytes());

    assertThat(opTypes(finalHidden))
        .containsExactly("LSTM", "Transpose", "Reshape", "Transpose", "Reshape", "Gemm");
    List<Field> transposeH = nodes(finalHidden, "Transpose").get(1);
    assertThat(strings(transposeH, 1)).containsExactly("hn"); // (D, B, H)
    assertThat(ints(transposeH, "perm")).containsExactly(1, 0, 2);
    assertThat(longInitializer(finalHidden, "shape_b_features")).containsExactly(0, -1);
    assertThat(strings(nodes(finalHidden, "Gemm").get(0), 1))
        .containsExactly("readout", "head.weight", "head.bias");

    assertThat(opTypes(mean)).containsExactly("LSTM", "Transpose", "Reshape", "ReduceMean", "Gemm");
    List<Field> reduce = nodes(mean, "ReduceMean").get(0);
    assertThat(strings(reduce, 1)).containsExactly("hidden_l0");
    assertThat(ints(reduce, "axes")).containsExactly(0);
    assertThat(intAttribute(reduce, "keepdims")).isZero();
    assertThat(valueInfos(mean, 12)).first().isEqualTo("logits FLOAT (batch, 4)");
  }

  @Test
  void metadataGoesToMetadataPropsInOrder() {
    List<Field> model =
        ProtobufReader.parse(
            export(LstmConfig.of(I, H))
                .metadata(new java.util.LinkedHashMap<>(Map.of("vocabulary", "abc")))
                .toBytes());

    List<Field> entry = one(model, 14).message();
    assertThat(one(entry, 1).string()).isEqualTo("vocabulary");
    assertThat(one(entry, 2).string()).isEqualTo("abc");
  }

  @Test
  void writeToWritesTheBytesAtomically() throws IOException {
    OnnxExport export = export(LstmConfig.of(I, H));
    Path file = dir.resolve("m.onnx");
    Files.write(file, new byte[] {1, 2, 3});

    export.writeTo(file);

    assertThat(Files.readAllBytes(file)).isEqualTo(export.toBytes());
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void findsTheLstmParametersByPrefixOrByTheNameGiven() {
    LstmConfig config = LstmConfig.of(I, H);
    Lstm lstm = lstm(config);
    Linear head = head(config);

    byte[] found = OnnxExport.lstmWithHead(lstm, head, params).toBytes();
    assertThat(OnnxExport.lstmWithHead(lstm, "lstm.", head, params).toBytes()).isEqualTo(found);
  }

  @Test
  void rejectsAHeadThatDoesNotReadTheLstmOutput() {
    LstmConfig config = LstmConfig.of(I, H).withBidirectional(true);
    Lstm lstm = lstm(config);
    Linear head = new Linear("head", H, V, params, new Rng(2));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> OnnxExport.lstmWithHead(lstm, head, params))
        .withMessage("head must read the LSTM's output, inFeatures = D*hiddenSize = 4, got 2");
  }

  @Test
  void rejectsAHeadFromOtherParameters() {
    LstmConfig config = LstmConfig.of(I, H);
    Lstm lstm = lstm(config);
    Linear elsewhere = new Linear("head", H, V, new Parameters(), new Rng(2));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> OnnxExport.lstmWithHead(lstm, elsewhere, params))
        .withMessageStartingWith(
            "head must be registered in params, got its parameter head.weight");
  }

  @Test
  void rejectsParametersWithoutTheLstmOrWithTwoCandidates() {
    LstmConfig config = LstmConfig.of(I, H);
    Lstm lstm = lstm(config);
    Linear head = head(config);
    new Lstm("other.", config, params, new Rng(3));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> OnnxExport.lstmWithHead(lstm, head, params))
        .withMessage(
            "params must hold one LSTM with inputSize 3, hiddenSize 2, numLayers 1,"
                + " unidirectional, got 2 (prefixes [lstm., other.]); name the prefix with"
                + " lstmWithHead(lstm, prefix, head, params)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OnnxExport.lstmWithHead(lstm, head, new Parameters()))
        .withMessage(
            "params must hold the parameters of an LSTM with inputSize 3, hiddenSize 2,"
                + " numLayers 1, unidirectional (weight_ih_l0 of shape (4H, I) and the rest), got"
                + " none");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OnnxExport.lstmWithHead(lstm, "", head, params))
        .withMessage(
            "params must hold the LSTM's parameters with prefix \"\" (inputSize 3, hiddenSize 2,"
                + " numLayers 1, unidirectional), got weight_ih_l0 missing");
  }

  @Test
  void rejectsParametersOfALargerLstmUnderThePrefix() {
    LstmConfig config = LstmConfig.of(I, H);
    Lstm oneLayer = new Lstm("lstm.", config, new Parameters(), new Rng(1));
    Lstm twoLayers = lstm(config.withNumLayers(2).withBidirectional(true));
    Linear head = head(twoLayers.config());

    assertThatIllegalArgumentException()
        .isThrownBy(() -> OnnxExport.lstmWithHead(oneLayer, "lstm.", head, params))
        .withMessageEndingWith("got lstm.weight_ih_l1, a layer more than numLayers = 1");
    Lstm twoForward = new Lstm("lstm.", config.withNumLayers(2), new Parameters(), new Rng(1));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OnnxExport.lstmWithHead(twoForward, "lstm.", head, params))
        .withMessageEndingWith("got lstm.weight_ih_l1 of shape (8, 4) where (8, 2) fits");
  }

  // ---- helpers: an export of a fresh model, and a walk through onnx.proto's fields

  private OnnxExport export(LstmConfig config) {
    Lstm lstm = lstm(config);
    return OnnxExport.lstmWithHead(lstm, head(config), params);
  }

  private float[] values(String name) {
    Param p = params.get(name);
    return Arrays.copyOfRange(params.values(), p.offset(), p.offset() + p.size());
  }

  private static List<Field> graph(byte[] model) {
    return one(ProtobufReader.parse(model), 7).message();
  }

  private static List<String> opTypes(List<Field> graph) {
    return all(graph, 1).stream().map(node -> one(node.message(), 4).string()).toList();
  }

  private static List<List<Field>> nodes(List<Field> graph, String opType) {
    return all(graph, 1).stream() // GraphProto.node
        .map(Field::message)
        .filter(node -> one(node, 4).string().equals(opType)) // NodeProto.op_type
        .toList();
  }

  /** The message in the repeated field whose string field {@code nameField} is {@code name}. */
  private static List<Field> named(List<Field> message, int field, int nameField, String name) {
    return all(message, field).stream()
        .map(Field::message)
        .filter(m -> one(m, nameField).string().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static List<Field> attribute(List<Field> node, String name) {
    return named(node, 5, 1, name); // NodeProto.attribute, AttributeProto.name
  }

  private static long intAttribute(List<Field> node, String name) {
    List<Field> attribute = attribute(node, name);
    assertThat(one(attribute, 20).value()).isEqualTo(2); // AttributeType.INT
    return one(attribute, 3).value();
  }

  private static long[] ints(List<Field> node, String name) {
    List<Field> attribute = attribute(node, name);
    assertThat(one(attribute, 20).value()).isEqualTo(7); // AttributeType.INTS
    return longs(attribute, 8);
  }

  private static String stringAttribute(List<Field> node, String name) {
    List<Field> attribute = attribute(node, name);
    assertThat(one(attribute, 20).value()).isEqualTo(3); // AttributeType.STRING
    return one(attribute, 4).string();
  }

  private static List<Field> initializer(List<Field> graph, String name) {
    return named(graph, 5, 8, name); // GraphProto.initializer, TensorProto.name
  }

  private static long[] dims(List<Field> tensor) {
    return longs(tensor, 1);
  }

  private static float[] floatInitializer(List<Field> graph, String name) {
    FloatBuffer raw = rawData(graph, name, 1, 4).asFloatBuffer(); // FLOAT
    float[] out = new float[raw.remaining()];
    raw.get(out);
    return out;
  }

  private static long[] longInitializer(List<Field> graph, String name) {
    LongBuffer raw = rawData(graph, name, 7, 8).asLongBuffer(); // INT64
    long[] out = new long[raw.remaining()];
    raw.get(out);
    return out;
  }

  /** An initializer's raw_data, checked to be Π dims values of the data type's width. */
  private static ByteBuffer rawData(List<Field> graph, String name, int dataType, int width) {
    List<Field> tensor = initializer(graph, name);
    assertThat(one(tensor, 2).value()).isEqualTo(dataType);
    byte[] raw = one(tensor, 9).bytes();
    assertThat((long) raw.length)
        .isEqualTo(width * Arrays.stream(dims(tensor)).reduce(1, (a, b) -> a * b));
    return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Each ValueInfoProto of the field as "name TYPE (dims)". */
  private static List<String> valueInfos(List<Field> graph, int field) {
    return all(graph, field).stream()
        .map(
            info -> {
              List<Field> fields = info.message();
              List<Field> tensorType = one(one(fields, 2).message(), 1).message();
              String type = one(tensorType, 1).value() == 1 ? "FLOAT" : "INT64";
              List<String> dims =
                  all(one(tensorType, 2).message(), 1).stream()
                      .map(
                          dim -> {
                            Field d = dim.message().get(0);
                            return d.number() == 1 ? Long.toString(d.value()) : d.string();
                          })
                      .toList();
              return one(fields, 1).string() + " " + type + " (" + String.join(", ", dims) + ")";
            })
        .toList();
  }
}
