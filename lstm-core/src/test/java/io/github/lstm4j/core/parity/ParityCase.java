package io.github.lstm4j.core.parity;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.Safetensors;
import io.github.lstm4j.core.io.StateDict;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.core.nn.Init;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.LstmState;
import io.github.lstm4j.core.nn.Param;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One parity file (format {@code lstm4j-parity-1}, see {@code src/test/parity/README.md}) run
 * through lstm4j: the model is built from the metadata, its weights imported through the public
 * {@link StateDict#load}, and forward, loss and backward computed as the README's PyTorch snippet
 * does. Results are named as in the file ({@code output}, {@code h_n}, {@code grad.bias_ih_l0}, …)
 * so that they can be compared with it, or exported in its format.
 */
final class ParityCase {
  /** The fixtures that make_fixtures.py writes, by case name. */
  static final List<String> FIXTURES =
      List.of(
          "l1_uni_all",
          "l1_uni_state_last",
          "l2_uni_state_all",
          "l1_bi_all",
          "l2_bi_state_last",
          "l2_uni_tokens_all",
          "l1_uni_packed_all",
          "l2_bi_state_packed_last",
          "l1_bi_state_packed_all",
          "l2_uni_packed_last",
          "l1_bi_all_f64");

  /** Tensors of a parity file that are data or results, not weights. */
  static final Set<String> DATA_NAMES =
      Set.of(
          "input",
          "input_ids",
          "h0",
          "c0",
          "targets",
          "lengths",
          "output",
          "h_n",
          "c_n",
          "logits",
          "loss");

  private static final Pattern LSTM_BIAS = Pattern.compile("(.*)bias_l(\\d+)(_reverse)?");

  final TensorFile file;
  final LstmConfig config;
  final int numClasses;
  final boolean headOnLastState;
  final Parameters params = new Parameters();
  final Lstm lstm;
  final Linear head;

  ParityCase(TensorFile file) throws IOException {
    this.file = file;
    Map<String, String> meta = file.metadata();
    this.config =
        LstmConfig.of(integer(meta, "input_size"), integer(meta, "hidden_size"))
            .withNumLayers(integer(meta, "num_layers"))
            .withBidirectional(Boolean.parseBoolean(meta.get("bidirectional")));
    this.numClasses = integer(meta, "num_classes");
    this.headOnLastState = meta.get("head_mode").equals("last");
    // Initialised from arbitrary seeds; every value is then overwritten by the import.
    this.lstm = new Lstm(config, params, new Rng(1));
    this.head = new Linear("head", config.outputSize(), numClasses, params, new Rng(2));
    Map<String, Tensor> weights = new LinkedHashMap<>(file.tensors());
    weights.keySet().removeIf(name -> DATA_NAMES.contains(name) || name.startsWith("grad."));
    StateDict.load(weights, params);
  }

  /** Reads a fixture from the test resources. */
  static ParityCase fixture(String caseName) {
    try (InputStream in = ParityCase.class.getResourceAsStream(caseName + ".safetensors")) {
      if (in == null) {
        throw new IOException("no test resource " + caseName + ".safetensors");
      }
      return new ParityCase(Safetensors.fromBytes(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A model initialised by lstm4j itself, in the parity format without results: weights (Xavier
   * input weights, orthogonal recurrent weights, biases ~ 0.3·N(0, 1) so that every bias matters),
   * seeded input, initial state and targets. L = 2, bidirectional, I = 5, H = 6, V = 4, T = 5, B =
   * 3, head on the last state.
   */
  static TensorFile lstm4jModel(long seed) {
    LstmConfig config =
        LstmConfig.of(5, 6)
            .withNumLayers(2)
            .withBidirectional(true)
            .withInit(Init.XAVIER_UNIFORM, Init.ORTHOGONAL);
    int numClasses = 4;
    int seqLen = 5;
    int batch = 3;
    Rng rng = new Rng(seed);
    Parameters params = new Parameters();
    new Lstm(config, params, rng);
    new Linear("head", config.outputSize(), numClasses, params, rng);
    for (Param p : params.list()) {
      if (LSTM_BIAS.matcher(p.name()).matches()) {
        for (int i = 0; i < p.size(); i++) {
          params.values()[p.offset() + i] = (float) (0.3 * rng.nextGaussian());
        }
      }
    }
    int slots = config.numLayers() * config.numDirections();
    Map<String, Tensor> tensors = new LinkedHashMap<>(StateDict.export(params));
    tensors.put("input", TestData.gaussian(rng, 1.0, seqLen, batch, config.inputSize()));
    tensors.put("h0", TestData.gaussian(rng, 0.5, slots, batch, config.hiddenSize()));
    tensors.put("c0", TestData.gaussian(rng, 0.5, slots, batch, config.hiddenSize()));
    float[] targets = new float[batch];
    for (int b = 0; b < batch; b++) {
      targets[b] = rng.nextInt(numClasses);
    }
    tensors.put("targets", Tensor.wrap(targets, batch));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("case", "lstm4j_l2_bi_state_last");
    meta.put("input_size", "5");
    meta.put("hidden_size", "6");
    meta.put("num_layers", "2");
    meta.put("bidirectional", "true");
    meta.put("seq_len", Integer.toString(seqLen));
    meta.put("batch_size", Integer.toString(batch));
    meta.put("num_classes", Integer.toString(numClasses));
    meta.put("head_mode", "last");
    meta.put("has_initial_state", "true");
    return new TensorFile(tensors, meta);
  }

  private static int integer(Map<String, String> meta, String key) {
    return Integer.parseInt(meta.get(key));
  }

  String name() {
    return file.metadata().get("case");
  }

  boolean hasTokens() {
    return file.tensors().containsKey("input_ids");
  }

  boolean hasInitialState() {
    return file.tensors().containsKey("h0");
  }

  /**
   * Runs forward, loss and backward.
   *
   * @param tokenPath feed {@code input_ids} through the index-lookup path instead of the dense
   *     {@code input}
   * @return output, h_n, c_n, logits, loss and every gradient, under the file's names; {@code
   *     grad.input} only for the dense path, {@code grad.h0}/{@code grad.c0} only with a state
   */
  Map<String, Tensor> run(ComputeContext ctx, boolean tokenPath) {
    Tensor input = file.tensors().get("input");
    int seqLen = input == null ? file.tensors().get("input_ids").dim(0) : input.dim(0);
    int batch = input == null ? file.tensors().get("input_ids").dim(1) : input.dim(1);
    LstmCache cache = lstm.newTrainingCache(seqLen, batch, new Rng(3));
    LstmState initial =
        hasInitialState()
            ? new LstmState(file.tensors().get("h0"), file.tensors().get("c0"))
            : LstmState.zeros(config, batch);
    Tensor output;
    if (file.tensors().containsKey("lengths")) {
      // PyTorch ran pack_padded_sequence(input, lengths, enforce_sorted=False).
      int[] lengths = ids(file.tensors().get("lengths"));
      output =
          tokenPath
              ? lstm.forward(ctx, ids(file.tensors().get("input_ids")), lengths, initial, cache)
              : lstm.forward(ctx, input, lengths, initial, cache);
    } else {
      output =
          tokenPath
              ? lstm.forward(ctx, ids(file.tensors().get("input_ids")), initial, cache)
              : lstm.forward(ctx, input, initial, cache);
    }
    LstmState last = cache.finalState();

    // features: (T, B, D·H) every step, or (B, D·H) = [h_n of the top forward | top reverse]
    int hidden = config.hiddenSize();
    int topSlot = (config.numLayers() - 1) * config.numDirections();
    Tensor features;
    if (headOnLastState) {
      features = Tensor.zeros(batch, config.outputSize());
      for (int d = 0; d < config.numDirections(); d++) {
        for (int b = 0; b < batch; b++) {
          System.arraycopy(
              last.h().data(),
              ((topSlot + d) * batch + b) * hidden,
              features.data(),
              b * config.outputSize() + d * hidden,
              hidden);
        }
      }
    } else {
      features = output;
    }
    int[] featureShape = features.shape();
    int[] logitShape = featureShape.clone();
    logitShape[logitShape.length - 1] = numClasses;
    Tensor logits = Tensor.zeros(logitShape);
    head.forward(ctx, features, logits);
    int[] targets = ids(file.tensors().get("targets"));
    Tensor probs = Tensor.zeros(logitShape);
    double loss = SoftmaxCrossEntropy.forward(logits, targets, probs);

    params.zeroGrad();
    Tensor dLogits = Tensor.zeros(logitShape);
    SoftmaxCrossEntropy.backward(probs, targets, dLogits);
    Tensor dFeatures = Tensor.zeros(featureShape);
    head.backward(ctx, features, dLogits, dFeatures);
    if (headOnLastState) {
      // The loss reads only h_n of the top layer: its gradient enters through dFinalState.h.
      LstmState dFinal = LstmState.zeros(config, batch);
      for (int d = 0; d < config.numDirections(); d++) {
        for (int b = 0; b < batch; b++) {
          System.arraycopy(
              dFeatures.data(),
              b * config.outputSize() + d * hidden,
              dFinal.h().data(),
              ((topSlot + d) * batch + b) * hidden,
              hidden);
        }
      }
      lstm.backward(ctx, dFinal, cache);
    } else {
      lstm.backward(ctx, dFeatures, cache);
    }

    Map<String, Tensor> results = new LinkedHashMap<>();
    results.put("output", output.copy());
    results.put("h_n", last.h().copy());
    results.put("c_n", last.c().copy());
    results.put("logits", logits);
    results.put("loss", Tensor.wrap(new float[] {(float) loss}));
    putGradients(params, results);
    if (!tokenPath) {
      results.put("grad.input", cache.inputGradient().copy());
    }
    if (hasInitialState()) {
      results.put("grad.h0", cache.initialStateGradient().h().copy());
      results.put("grad.c0", cache.initialStateGradient().c().copy());
    }
    return results;
  }

  /**
   * Puts every parameter's gradient under PyTorch's name, {@code grad.<name>}; an LSTM bias ({@code
   * <prefix>bias_l<k>…}) as both {@code grad.<prefix>bias_ih_l<k>…} and {@code
   * grad.<prefix>bias_hh_l<k>…}, since PyTorch's two biases both receive the gradient of our one.
   */
  static void putGradients(Parameters params, Map<String, Tensor> results) {
    for (Param p : params.list()) {
      Tensor grad = params.gradOf(p);
      Matcher bias = LSTM_BIAS.matcher(p.name());
      if (bias.matches()) {
        String suffix = "_l" + bias.group(2) + (bias.group(3) == null ? "" : bias.group(3));
        results.put("grad." + bias.group(1) + "bias_ih" + suffix, grad);
        results.put("grad." + bias.group(1) + "bias_hh" + suffix, grad.copy());
      } else {
        results.put("grad." + p.name(), grad);
      }
    }
  }

  /** Integer-valued floats (token ids, class ids) as ints, in row-major order. */
  static int[] ids(Tensor values) {
    int[] ids = new int[values.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (int) values.data()[i];
      if (ids[i] != values.data()[i]) {
        throw new IllegalArgumentException("ids must be integers, got " + values.data()[i]);
      }
    }
    return ids;
  }

  /**
   * Returns this model in the parity format, as check_export.py reads it: the weights from {@link
   * StateDict#export}, this file's inputs and targets, and lstm4j's results and gradients.
   *
   * @param results what {@link #run} returned
   * @param tokenPath whether the results came from the token path (then only {@code input_ids} is
   *     written, and check_export.py expands it to one-hot rows)
   */
  Map<String, Tensor> export(Map<String, Tensor> results, boolean tokenPath) {
    Map<String, Tensor> tensors = new LinkedHashMap<>(StateDict.export(params));
    tensors.put(
        tokenPath ? "input_ids" : "input", file.tensors().get(tokenPath ? "input_ids" : "input"));
    for (String name : List.of("h0", "c0", "targets", "lengths")) {
      if (file.tensors().containsKey(name)) {
        tensors.put(name, file.tensors().get(name));
      }
    }
    tensors.putAll(results);
    return tensors;
  }

  /** The parity-format metadata of {@link #export}. */
  Map<String, String> exportMetadata(String description) {
    Map<String, String> meta = new LinkedHashMap<>();
    for (String key :
        List.of(
            "input_size",
            "hidden_size",
            "num_layers",
            "bidirectional",
            "seq_len",
            "batch_size",
            "num_classes",
            "head_mode",
            "has_initial_state")) {
      meta.put(key, file.metadata().get(key));
    }
    if (file.metadata().containsKey("lengths")) {
      meta.put("lengths", file.metadata().get("lengths"));
    }
    meta.put("format", "lstm4j-parity-1");
    meta.put("case", name());
    meta.put("description", description);
    meta.put("dtype", "F32");
    return meta;
  }
}
