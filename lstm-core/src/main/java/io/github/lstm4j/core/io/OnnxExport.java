package io.github.lstm4j.core.io;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.io.OnnxGraph.Dim;
import io.github.lstm4j.core.nn.Gate;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Param;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes an {@link Lstm} with a {@link Linear} head as an ONNX model (opset 14, IR version 7, the
 * pair ONNX 1.9 introduced), for ONNX Runtime or any other ONNX engine. The weights are read when
 * {@link #toBytes} or {@link #writeTo} runs, and the file holds a copy of them.
 *
 * <pre>{@code
 * OnnxExport.lstmWithHead(lstm, head, params).input(Input.TOKEN_IDS).writeTo(Path.of("m.onnx"));
 * }</pre>
 *
 * <p>The graph, with the dynamic dimensions {@code seqLen} (T) and {@code batch} (B):
 *
 * <pre>
 * input   (T, B, I) float             or  tokens (T, B) int64 → OneHot(depth I) → (T, B, I)
 * h0, c0  (L·D, B, H) float           graph inputs with {@link InitialState#GRAPH_INPUTS}, else zeros
 * for each layer l:  LSTM(hidden_size H, direction forward | bidirectional)
 *                    Y (T, D, B, H) → Squeeze (D = 1) or Transpose + Reshape (D = 2) → (T, B, D·H)
 * logits  (T, B, V)                   MatMul + Add, {@link Output#ALL_STEPS}
 *         (B, V)                      Gemm after Gather(t = T − 1) ({@link Output#LAST_STEP}),
 *                                     the top layer's Y_h ({@link Output#FINAL_HIDDEN}) or
 *                                     ReduceMean over T ({@link Output#MEAN_OVER_TIME}) or
 *                                     ReduceMax over T ({@link Output#MAX_OVER_TIME})
 * hn, cn  (L·D, B, H) float           Concat of every layer's Y_h, Y_c
 * </pre>
 *
 * <p>ONNX's {@code LSTM} operator has the same equations as lstm4j's (σ, tanh, tanh; no peepholes)
 * but its own layout, which the export converts to: gate blocks in the order i, o, f, c where
 * lstm4j (and PyTorch) use i, f, g, o; a bias pair {@code [Wb, Rb]} of 8H, here lstm4j's single
 * bias in {@code Wb} and zeros in {@code Rb}; the two directions of a bidirectional layer stacked
 * in one weight tensor (D, 4H, ·). Token ids become one-hot rows with the {@code OneHot} operator,
 * so the LSTM's input product adds one column of W_ih to zeros, which is exact for finite weights,
 * and the file holds no (V, V) identity; an id outside {@code [0, I)} gives a zero row, not an
 * error, as ONNX defines {@code OneHot}. Dropout does not exist at inference, so a model trained
 * with it exports as is.
 *
 * <p>It writes nothing ONNX cannot express: a model whose file would reach 2 GiB, the protobuf
 * limit (ONNX's external-data files are not written), is an {@link IllegalArgumentException}, as is
 * a head that does not fit the LSTM or parameters that are not the model's.
 */
public final class OnnxExport {
  /** The ONNX operator set the graph uses (default domain): opset 14. */
  public static final int OPSET_VERSION = 14;

  /** The ONNX IR version of the file: 7, the version that goes with opset 14. */
  public static final int IR_VERSION = 7;

  /** ONNX's gate blocks, i, o, f, c, as lstm4j's gates. */
  private static final Gate[] ONNX_GATE_ORDER = {Gate.INPUT, Gate.OUTPUT, Gate.FORGET, Gate.CELL};

  private static final String FIRST_WEIGHT = "weight_ih_l0";
  private static final String SEQ_LEN = "seqLen";
  private static final String BATCH = "batch";

  /** What the graph reads. */
  public enum Input {
    /** A float tensor {@code input} (seqLen, batch, inputSize). */
    DENSE,
    /** An int64 tensor {@code tokens} (seqLen, batch) of ids in [0, inputSize). */
    TOKEN_IDS
  }

  /** What the {@code logits} output holds: every step, or one readout per sequence. */
  public enum Output {
    /** Every step: (seqLen, batch, V), as {@link Linear#forward} on the whole LSTM output. */
    ALL_STEPS,
    /** The output at the last step, t = seqLen − 1: (batch, V). */
    LAST_STEP,
    /**
     * The top layer's final hidden state h_n of each direction, concatenated: (batch, V). Equal to
     * {@link #LAST_STEP} for a unidirectional LSTM; for a bidirectional one the reverse direction's
     * part is its state after reading step 0.
     */
    FINAL_HIDDEN,
    /** The top layer's output averaged over the time steps: (batch, V). */
    MEAN_OVER_TIME,
    /** The element-wise maximum of the top layer's output over the time steps: (batch, V). */
    MAX_OVER_TIME
  }

  /** Where the LSTM's initial state comes from. */
  public enum InitialState {
    /** Zeros, as {@link Lstm#forward} without a state. */
    ZEROS,
    /** Graph inputs {@code h0} and {@code c0}, each (numLayers·D, batch, H). */
    GRAPH_INPUTS
  }

  /** What the graph reads and writes besides the weights. */
  private record Settings(
      Input input, Output output, InitialState initialState, Map<String, String> metadata) {}

  private final LstmConfig config;
  private final String lstmPrefix;
  private final Linear head;
  private final Parameters params;
  private final Settings settings;

  private OnnxExport(
      LstmConfig config, String lstmPrefix, Linear head, Parameters params, Settings settings) {
    this.config = config;
    this.lstmPrefix = lstmPrefix;
    this.head = head;
    this.params = params;
    this.settings = settings;
  }

  /** A copy of this export with other settings; the metadata map is taken as it is. */
  private OnnxExport with(
      Input input, Output output, InitialState initialState, Map<String, String> metadata) {
    Settings changed =
        new Settings(
            Objects.requireNonNull(input, "input"),
            Objects.requireNonNull(output, "output"),
            Objects.requireNonNull(initialState, "initialState"),
            metadata);
    return new OnnxExport(config, lstmPrefix, head, params, changed);
  }

  /**
   * Starts an export of {@code lstm} followed by {@code head}, finding the LSTM's parameters in
   * {@code params} by name: the one prefix {@code p} for which {@code p + "weight_ih_l0"} and every
   * other parameter of an LSTM with {@code lstm}'s config exist with their shapes, and no more
   * layers or directions. Dense input, all steps, zero initial state.
   *
   * @param lstm the LSTM
   * @param head the head, reading the LSTM's D·H outputs
   * @param params the parameters both were registered in
   * @return the export
   * @throws IllegalArgumentException if the head does not fit, or params holds no LSTM of this
   *     shape, or several (then name the prefix with {@link #lstmWithHead(Lstm, String, Linear,
   *     Parameters)})
   */
  public static OnnxExport lstmWithHead(Lstm lstm, Linear head, Parameters params) {
    Objects.requireNonNull(lstm, "lstm");
    Objects.requireNonNull(params, "params");
    LstmConfig config = lstm.config();
    List<String> prefixes = new ArrayList<>();
    for (Param p : params.list()) {
      String name = p.name();
      if (name.endsWith(FIRST_WEIGHT)) {
        String prefix = name.substring(0, name.length() - FIRST_WEIGHT.length());
        if (missingLstmParameter(config, prefix, params).isEmpty()) {
          prefixes.add(prefix);
        }
      }
    }
    Checks.argument(
        !prefixes.isEmpty(),
        "params must hold the parameters of an LSTM with "
            + describe(config)
            + " (weight_ih_l0 of shape (4H, I) and the rest), got none");
    Checks.argument(
        prefixes.size() == 1,
        "params must hold one LSTM with "
            + describe(config)
            + ", got "
            + prefixes.size()
            + " (prefixes "
            + prefixes
            + "); name the prefix with lstmWithHead(lstm, prefix, head, params)");
    return lstmWithHead(lstm, prefixes.get(0), head, params);
  }

  /**
   * Starts an export of {@code lstm}, whose parameter names start with {@code lstmPrefix} (as given
   * to {@link Lstm#Lstm(String, LstmConfig, Parameters, io.github.lstm4j.core.Rng)}), followed by
   * {@code head}. Dense input, all steps, zero initial state.
   *
   * @param lstm the LSTM
   * @param lstmPrefix the prefix of its parameter names, e.g. {@code "lstm."} or {@code ""}
   * @param head the head, reading the LSTM's D·H outputs
   * @param params the parameters both were registered in
   * @return the export
   * @throws IllegalArgumentException if the head does not fit, or a parameter is missing from
   *     params or has another shape
   */
  public static OnnxExport lstmWithHead(
      Lstm lstm, String lstmPrefix, Linear head, Parameters params) {
    Objects.requireNonNull(lstm, "lstm");
    Objects.requireNonNull(lstmPrefix, "lstmPrefix");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(params, "params");
    LstmConfig config = lstm.config();
    Optional<String> missing = missingLstmParameter(config, lstmPrefix, params);
    Checks.argument(
        missing.isEmpty(),
        "params must hold the LSTM's parameters with prefix \""
            + lstmPrefix
            + "\" ("
            + describe(config)
            + "), got "
            + missing.orElse(""));
    Checks.argument(
        head.inFeatures() == config.outputSize(),
        "head must read the LSTM's output, inFeatures = D*hiddenSize = "
            + config.outputSize()
            + ", got "
            + head.inFeatures());
    for (Param p : List.of(head.weight(), head.bias())) {
      Checks.argument(
          params.contains(p.name()) && params.get(p.name()).equals(p),
          "head must be registered in params, got its parameter " + p + " missing");
    }
    return new OnnxExport(
        config,
        lstmPrefix,
        head,
        params,
        new Settings(Input.DENSE, Output.ALL_STEPS, InitialState.ZEROS, Map.of()));
  }

  /**
   * Returns a copy that reads the given kind of input.
   *
   * @param value dense features or token ids
   * @return the new export
   */
  public OnnxExport input(Input value) {
    return with(value, settings.output(), settings.initialState(), settings.metadata());
  }

  /**
   * Returns a copy whose {@code logits} output holds the given time steps.
   *
   * @param value all steps or the last one
   * @return the new export
   */
  public OnnxExport output(Output value) {
    return with(settings.input(), value, settings.initialState(), settings.metadata());
  }

  /**
   * Returns a copy whose LSTM starts from the given initial state.
   *
   * @param value zeros, or the graph inputs {@code h0} and {@code c0}
   * @return the new export
   */
  public OnnxExport initialState(InitialState value) {
    return with(settings.input(), settings.output(), value, settings.metadata());
  }

  /**
   * Returns a copy that stores the given entries in the model's {@code metadata_props} (for example
   * the vocabulary that maps characters to token ids), in the map's iteration order.
   *
   * @param value keys to values, copied
   * @return the new export
   */
  public OnnxExport metadata(Map<String, String> value) {
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : Objects.requireNonNull(value, "metadata").entrySet()) {
      copy.put(
          Objects.requireNonNull(entry.getKey(), "metadata key"),
          Objects.requireNonNull(entry.getValue(), "metadata value"));
    }
    return with(settings.input(), settings.output(), settings.initialState(), copy);
  }

  /**
   * Writes the model atomically, as {@link Safetensors#write} does: to a temporary file in the same
   * directory, then renamed over {@code path}.
   *
   * @param path the {@code .onnx} file
   * @throws IOException if writing fails; {@code path} is then unchanged
   * @throws IllegalArgumentException if the model would reach 2 GiB
   */
  public void writeTo(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    ByteBuffer bytes = ByteBuffer.wrap(toBytes());
    Safetensors.writeAtomically(
        path,
        channel -> {
          while (bytes.hasRemaining()) {
            channel.write(bytes);
          }
        });
  }

  /**
   * Returns the serialized {@code ModelProto}.
   *
   * @return the bytes of an {@code .onnx} file
   * @throws IllegalArgumentException if the model would reach 2 GiB
   */
  public byte[] toBytes() {
    OnnxGraph graph = new OnnxGraph("lstm4j");
    String x = input(graph);
    int layers = config.numLayers();
    String[] finalH = new String[layers];
    String[] finalC = new String[layers];
    for (int l = 0; l < layers; l++) {
      finalH[l] = layers == 1 ? "hn" : "Y_h_l" + l;
      finalC[l] = layers == 1 ? "cn" : "Y_c_l" + l;
      x = layer(graph, l, x, finalH[l], finalC[l]);
    }
    if (layers > 1) {
      graph.node("Concat", finalH, new String[] {"hn"}, OnnxGraph.intAttribute("axis", 0));
      graph.node("Concat", finalC, new String[] {"cn"}, OnnxGraph.intAttribute("axis", 0));
    }
    head(graph, x, finalH[layers - 1]);
    Dim[] state = {Dim.of(stateSlots()), Dim.named(BATCH), Dim.of(config.hiddenSize())};
    graph.output("hn", OnnxGraph.FLOAT, state);
    graph.output("cn", OnnxGraph.FLOAT, state);
    return graph.toModel(IR_VERSION, OPSET_VERSION, docString(), settings.metadata());
  }

  /** Declares the graph inputs; returns the LSTM's input, (T, B, I) float. */
  private String input(OnnxGraph graph) {
    Dim seqLen = Dim.named(SEQ_LEN);
    Dim batch = Dim.named(BATCH);
    String x;
    if (settings.input() == Input.DENSE) {
      x = "input";
      graph.input(x, OnnxGraph.FLOAT, seqLen, batch, Dim.of(config.inputSize()));
    } else {
      graph.input("tokens", OnnxGraph.INT64, seqLen, batch);
      x = "tokens_one_hot";
      graph.node(
          "OneHot",
          new String[] {
            "tokens",
            graph.longConstant("one_hot_depth", config.inputSize()),
            graph.floatConstant("one_hot_values", 0f, 1f)
          },
          new String[] {x},
          OnnxGraph.intAttribute("axis", -1));
    }
    if (settings.initialState() == InitialState.GRAPH_INPUTS) {
      Dim[] state = {Dim.of(stateSlots()), batch, Dim.of(config.hiddenSize())};
      graph.input("h0", OnnxGraph.FLOAT, state);
      graph.input("c0", OnnxGraph.FLOAT, state);
    }
    return x;
  }

  /** Appends layer l reading x (T, B, in); returns its output (T, B, D·H). */
  private String layer(OnnxGraph graph, int l, String x, String finalH, String finalC) {
    int directions = config.numDirections();
    int hidden = config.hiddenSize();
    int in = config.layerInputSize(l);
    String w = "W_l" + l;
    String r = "R_l" + l;
    String b = "B_l" + l;
    graph.floatInitializer(w, gateBlocks(l, "weight_ih", in), 0, directions, 4L * hidden, in);
    graph.floatInitializer(
        r, gateBlocks(l, "weight_hh", hidden), 0, directions, 4L * hidden, hidden);
    graph.floatInitializer(b, biasPairs(l), 0, directions, 8L * hidden);
    String[] inputs = {x, w, r, b};
    if (settings.initialState() == InitialState.GRAPH_INPUTS) { // sequence_lens left out: ""
      inputs =
          new String[] {x, w, r, b, "", stateSlice(graph, "h0", l), stateSlice(graph, "c0", l)};
    }
    String y = "Y_l" + l; // (T, D, B, H)
    graph.node(
        "LSTM",
        inputs,
        new String[] {y, finalH, finalC},
        OnnxGraph.intAttribute("hidden_size", hidden),
        OnnxGraph.stringAttribute("direction", directions == 1 ? "forward" : "bidirectional"));
    String out = "hidden_l" + l;
    if (directions == 1) {
      graph.node(
          "Squeeze",
          new String[] {y, graph.longConstant("axis_1", new long[] {1}, 1)},
          new String[] {out});
    } else {
      String transposed = y + "_t_b_d_h"; // (T, B, D, H)
      graph.node(
          "Transpose",
          new String[] {y},
          new String[] {transposed},
          OnnxGraph.intsAttribute("perm", 0, 2, 1, 3));
      graph.node(
          "Reshape",
          new String[] {
            transposed, graph.longConstant("shape_t_b_features", new long[] {0, 0, -1}, 3)
          },
          new String[] {out});
    }
    return out;
  }

  /** Slices layer l's D directions out of a (L·D, B, H) state input; the input itself if L = 1. */
  private String stateSlice(OnnxGraph graph, String state, int l) {
    if (config.numLayers() == 1) {
      return state;
    }
    long from = (long) l * config.numDirections();
    String slice = state + "_l" + l;
    graph.node(
        "Slice",
        new String[] {
          state,
          graph.longConstant("state_start_l" + l, new long[] {from}, 1),
          graph.longConstant("state_end_l" + l, new long[] {from + config.numDirections()}, 1),
          graph.longConstant("axis_0", new long[] {0}, 1)
        },
        new String[] {slice});
    return slice;
  }

  /**
   * Appends the readout and the head: {@code logits} from the top layer's output x (T, B, D·H) and
   * its final hidden state topH (D, B, H).
   */
  private void head(OnnxGraph graph, String x, String topH) {
    int classes = head.outFeatures();
    int features = head.inFeatures();
    float[] values = params.values();
    Dim batch = Dim.named(BATCH);
    graph.floatInitializer("head.bias", values, head.bias().offset(), classes);
    if (settings.output() == Output.ALL_STEPS) {
      float[] weightT = new float[features * classes]; // (D·H, V) = Wᵀ for MatMul
      int weight = head.weight().offset();
      for (int v = 0; v < classes; v++) {
        for (int k = 0; k < features; k++) {
          weightT[k * classes + v] = values[weight + v * features + k];
        }
      }
      graph.floatInitializer("head.weight_t", weightT, 0, features, classes);
      graph.node("MatMul", new String[] {x, "head.weight_t"}, new String[] {"head_product"});
      graph.node("Add", new String[] {"head_product", "head.bias"}, new String[] {"logits"});
      graph.output("logits", OnnxGraph.FLOAT, Dim.named(SEQ_LEN), batch, Dim.of(classes));
      return;
    }
    String read = "readout"; // (B, D·H)
    switch (settings.output()) {
      case LAST_STEP ->
          graph.node( // a scalar index: Gather drops the T axis
              "Gather",
              new String[] {x, graph.longConstant("last_step", -1)},
              new String[] {read},
              OnnxGraph.intAttribute("axis", 0));
      case MEAN_OVER_TIME -> reduceOverTime(graph, "ReduceMean", x, read);
      case MAX_OVER_TIME -> reduceOverTime(graph, "ReduceMax", x, read);
      case FINAL_HIDDEN -> {
        if (config.numDirections() == 1) {
          graph.node(
              "Squeeze",
              new String[] {topH, graph.longConstant("axis_0", new long[] {0}, 1)},
              new String[] {read});
        } else {
          String transposed = "top_h_b_d_h"; // (B, D, H)
          graph.node(
              "Transpose",
              new String[] {topH},
              new String[] {transposed},
              OnnxGraph.intsAttribute("perm", 1, 0, 2));
          graph.node(
              "Reshape",
              new String[] {
                transposed, graph.longConstant("shape_b_features", new long[] {0, -1}, 2)
              },
              new String[] {read});
        }
      }
      default -> throw new AssertionError(settings.output());
    }
    graph.floatInitializer("head.weight", values, head.weight().offset(), classes, features);
    graph.node(
        "Gemm",
        new String[] {read, "head.weight", "head.bias"},
        new String[] {"logits"},
        OnnxGraph.intAttribute("transB", 1));
    graph.output("logits", OnnxGraph.FLOAT, batch, Dim.of(classes));
  }

  private long stateSlots() {
    return (long) config.numLayers() * config.numDirections();
  }

  /**
   * Returns layer l's {@code weight_ih} or {@code weight_hh}, (4H, columns) per direction, as
   * ONNX's (D, 4H, columns) with the gate blocks reordered from i, f, g, o to i, o, f, c.
   */
  private float[] gateBlocks(int l, String kind, int columns) {
    int hidden = config.hiddenSize();
    int block = hidden * columns;
    int directions = config.numDirections();
    float[] out = new float[directions * 4 * block];
    for (int d = 0; d < directions; d++) {
      int from = params.get(parameterName(kind, l, d)).offset();
      for (int k = 0; k < 4; k++) {
        System.arraycopy(
            params.values(),
            from + ONNX_GATE_ORDER[k].blockOffset(hidden) * columns,
            out,
            (d * 4 + k) * block,
            block);
      }
    }
    return out;
  }

  /**
   * Adds a {@code ReduceMean} or {@code ReduceMax} of (T, B, D·H) {@code x} over T into {@code
   * read}.
   */
  private static void reduceOverTime(OnnxGraph graph, String op, String x, String read) {
    graph.node(
        op,
        new String[] {x},
        new String[] {read},
        OnnxGraph.intsAttribute("axes", 0),
        OnnxGraph.intAttribute("keepdims", 0));
  }

  /** Returns layer l's ONNX bias (D, 8H): per direction [Wb, Rb] = [bias in i, o, f, c; zeros]. */
  private float[] biasPairs(int l) {
    int hidden = config.hiddenSize();
    int directions = config.numDirections();
    float[] out = new float[directions * 8 * hidden];
    for (int d = 0; d < directions; d++) {
      int from = params.get(parameterName("bias", l, d)).offset();
      for (int k = 0; k < 4; k++) {
        System.arraycopy(
            params.values(),
            from + ONNX_GATE_ORDER[k].blockOffset(hidden),
            out,
            (d * 8 + k) * hidden,
            hidden);
      }
    }
    return out;
  }

  private String parameterName(String kind, int l, int d) {
    return lstmPrefix + kind + "_l" + l + (d == 1 ? "_reverse" : "");
  }

  /**
   * Returns a description of the first parameter of an LSTM with this config and prefix that is
   * missing or misshapen, or of a layer or direction too many; empty if params hold exactly that
   * LSTM.
   */
  private static Optional<String> missingLstmParameter(
      LstmConfig config, String prefix, Parameters params) {
    int hidden = config.hiddenSize();
    for (int l = 0; l < config.numLayers(); l++) {
      for (int d = 0; d < config.numDirections(); d++) {
        String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
        String[] names = {"weight_ih" + suffix, "weight_hh" + suffix, "bias" + suffix};
        int[][] shapes = {
          {4 * hidden, config.layerInputSize(l)}, {4 * hidden, hidden}, {4 * hidden}
        };
        for (int j = 0; j < names.length; j++) {
          String name = prefix + names[j];
          if (!params.contains(name)) {
            return Optional.of(name + " missing");
          }
          if (!Arrays.equals(params.get(name).shape(), shapes[j])) {
            return Optional.of(
                name
                    + " of shape "
                    + Tensor.shapeString(params.get(name).shape())
                    + " where "
                    + Tensor.shapeString(shapes[j])
                    + " fits");
          }
        }
      }
    }
    String extraLayer = prefix + "weight_ih_l" + config.numLayers();
    if (params.contains(extraLayer)) {
      return Optional.of(extraLayer + ", a layer more than numLayers = " + config.numLayers());
    }
    if (!config.bidirectional() && params.contains(prefix + "weight_ih_l0_reverse")) {
      return Optional.of(prefix + "weight_ih_l0_reverse of a bidirectional LSTM");
    }
    return Optional.empty();
  }

  private static String describe(LstmConfig config) {
    return String.format(
        Locale.ROOT,
        "inputSize %d, hiddenSize %d, numLayers %d, %s",
        config.inputSize(),
        config.hiddenSize(),
        config.numLayers(),
        config.bidirectional() ? "bidirectional" : "unidirectional");
  }

  private String docString() {
    return "lstm4j LSTM ("
        + describe(config)
        + ") with a Linear head of "
        + head.outFeatures()
        + " outputs; time-major inputs; "
        + (settings.output() == Output.ALL_STEPS
            ? "logits at every step"
            : "one logits row per sequence, readout " + settings.output());
  }
}
