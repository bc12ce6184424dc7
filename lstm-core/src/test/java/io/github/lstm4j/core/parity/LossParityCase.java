package io.github.lstm4j.core.parity;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.Safetensors;
import io.github.lstm4j.core.io.StateDict;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.core.nn.ElementwiseLoss;
import io.github.lstm4j.core.nn.Embedding;
import io.github.lstm4j.core.nn.HuberLoss;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.MeanSquaredError;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.Reduction;
import io.github.lstm4j.core.nn.SigmoidBinaryCrossEntropy;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fixtures of {@code src/test/parity/make_loss_fixtures.py} run through lstm4j: each loss case
 * with the loss its metadata names, and the Embedding → LSTM → Linear → cross-entropy tagger with
 * its weights imported by name through {@link StateDict#load}. Results are named as in the files
 * ({@code loss}, {@code grad.input}, {@code grad.embedding.weight}, …).
 */
final class LossParityCase {
  /** The loss fixtures, by case name. */
  static final List<String> LOSS_FIXTURES =
      List.of(
          "mse_mean",
          "mse_sum_time_major",
          "mse_mean_masked",
          "huber_mean",
          "huber_sum_masked",
          "smooth_l1_mean",
          "bce_pos_weight_mean",
          "bce_single_label_sum",
          "bce_multi_label_mean_masked",
          "ce_ignore_weights_mean",
          "ce_ignore_pad_class_sum",
          "ce_weights_mean",
          "ce_smoothing_ignore_mean",
          "ce_smoothing_ignore_weights_sum",
          "ce_smoothing_weights_mean");

  /** The Embedding → LSTM → head fixture. */
  static final String TAGGER = "embedding_lstm_tagger";

  /** Tensors of the tagger file that are data or results, not weights. */
  private static final Set<String> TAGGER_DATA =
      Set.of("input_ids", "targets", "class_weight", "embedded", "output", "logits", "loss");

  private LossParityCase() {}

  /** Reads a fixture from the test resources. */
  static TensorFile fixture(String caseName) {
    String resource = "losses/" + caseName + ".safetensors";
    try (InputStream in = LossParityCase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no test resource " + resource);
      }
      return Safetensors.fromBytes(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a loss case: its loss and ∂loss/∂input, as {@code loss} and {@code grad.input}. */
  static Map<String, Tensor> runLoss(TensorFile file) {
    Map<String, String> meta = file.metadata();
    Map<String, Tensor> t = file.tensors();
    Reduction reduction =
        Reduction.valueOf(meta.get("reduction").toUpperCase(java.util.Locale.ROOT));
    Tensor input = t.get("input");
    Tensor target = t.get("target");
    Tensor dInput = Tensor.zeros(input.shape());
    double loss;
    if (meta.get("loss").equals("ce")) {
      SoftmaxCrossEntropy.Loss ce = SoftmaxCrossEntropy.withReduction(reduction);
      if (meta.containsKey("ignore_index")) {
        ce = ce.withIgnoreIndex(Integer.parseInt(meta.get("ignore_index")));
      }
      if (t.containsKey("weight")) {
        ce = ce.withClassWeights(t.get("weight").data());
      }
      if (meta.containsKey("label_smoothing")) {
        ce = ce.withLabelSmoothing(Double.parseDouble(meta.get("label_smoothing")));
      }
      int[] targets = ParityCase.ids(target);
      Tensor probs = Tensor.zeros(input.shape());
      loss = ce.forward(input, targets, probs);
      ce.backward(probs, targets, dInput);
    } else {
      ElementwiseLoss elementwise = elementwise(meta, t, reduction);
      if (t.containsKey("mask")) {
        float[] mask = t.get("mask").data();
        loss = elementwise.forward(input, target, mask);
        elementwise.backward(input, target, mask, dInput);
      } else {
        loss = elementwise.forward(input, target);
        elementwise.backward(input, target, dInput);
      }
    }
    Map<String, Tensor> results = new LinkedHashMap<>();
    results.put("loss", Tensor.wrap(new float[] {(float) loss}));
    results.put("grad.input", dInput);
    return results;
  }

  private static ElementwiseLoss elementwise(
      Map<String, String> meta, Map<String, Tensor> t, Reduction reduction) {
    return switch (meta.get("loss")) {
      case "mse" -> new MeanSquaredError(reduction);
      case "huber" -> new HuberLoss(Double.parseDouble(meta.get("delta")), reduction);
      case "smooth_l1" -> HuberLoss.smoothL1(Double.parseDouble(meta.get("beta")), reduction);
      case "bce" ->
          t.containsKey("pos_weight")
              ? new SigmoidBinaryCrossEntropy(reduction).withPosWeight(t.get("pos_weight").data())
              : new SigmoidBinaryCrossEntropy(reduction);
      default -> throw new IllegalArgumentException("unknown loss " + meta.get("loss"));
    };
  }

  /**
   * Runs the tagger: ids → Embedding (padding_idx) → bidirectional LSTM on the dense input API →
   * Linear → cross-entropy with ignore index and class weights, then the whole backward.
   */
  static Map<String, Tensor> runTagger(ComputeContext ctx, TensorFile file) throws IOException {
    Map<String, String> meta = file.metadata();
    Map<String, Tensor> t = file.tensors();
    int vocab = integer(meta, "vocab_size");
    int dim = integer(meta, "embedding_dim");
    int hidden = integer(meta, "hidden_size");
    int classes = integer(meta, "num_classes");
    int seqLen = integer(meta, "seq_len");
    int batch = integer(meta, "batch_size");
    LstmConfig config =
        LstmConfig.of(dim, hidden)
            .withNumLayers(integer(meta, "num_layers"))
            .withBidirectional(Boolean.parseBoolean(meta.get("bidirectional")));
    Parameters params = new Parameters();
    // Initialised from arbitrary seeds; every value is then overwritten by the import.
    Embedding embedding =
        Embedding.withPaddingIdx(
            "embedding", vocab, dim, integer(meta, "padding_idx"), params, new Rng(1));
    Lstm lstm = new Lstm("lstm.", config, params, new Rng(2));
    Linear head = new Linear("head", config.outputSize(), classes, params, new Rng(3));
    Map<String, Tensor> weights = new LinkedHashMap<>(t);
    weights.keySet().removeIf(name -> TAGGER_DATA.contains(name) || name.startsWith("grad."));
    StateDict.load(weights, params);

    int[] ids = ParityCase.ids(t.get("input_ids")); // (T·B), index t·B + b
    int[] targets = ParityCase.ids(t.get("targets"));
    SoftmaxCrossEntropy.Loss ce =
        SoftmaxCrossEntropy.withIgnoreIndex(integer(meta, "ignore_index"))
            .withClassWeights(t.get("class_weight").data());

    Tensor embedded = Tensor.zeros(seqLen, batch, dim);
    embedding.forward(ids, embedded);
    LstmCache cache = lstm.newTrainingCache(seqLen, batch, new Rng(4));
    Tensor output = lstm.forward(ctx, embedded, cache); // (T, B, 2H)
    Tensor logits = Tensor.zeros(seqLen, batch, classes);
    head.forward(ctx, output, logits);
    Tensor probs = Tensor.zeros(seqLen, batch, classes);
    double loss = ce.forward(logits, targets, probs);

    params.zeroGrad();
    Tensor dLogits = Tensor.zeros(seqLen, batch, classes);
    ce.backward(probs, targets, dLogits);
    Tensor dOutput = Tensor.zeros(output.shape());
    head.backward(ctx, output, dLogits, dOutput);
    lstm.backward(ctx, dOutput, cache);
    embedding.backward(ids, cache.inputGradient());

    Map<String, Tensor> results = new LinkedHashMap<>();
    results.put("embedded", embedded);
    results.put("output", output.copy());
    results.put("logits", logits);
    results.put("loss", Tensor.wrap(new float[] {(float) loss}));
    ParityCase.putGradients(params, results);
    return results;
  }

  private static int integer(Map<String, String> meta, String key) {
    return Integer.parseInt(meta.get(key));
  }
}
