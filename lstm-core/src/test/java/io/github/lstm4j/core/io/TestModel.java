package io.github.lstm4j.core.io;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An LSTM with a linear head on every step, saved and loaded the way the lstm-text and lstm-vision
 * models use the core API: its config is one JSON object in the metadata ({@code {"lstm": {...},
 * "numClasses": V}}), read strictly, checked against the tensors before anything is allocated, then
 * the tensors are imported through {@link StateDict}.
 */
final class TestModel {
  final LstmConfig config;
  final int numClasses;
  final Parameters params = new Parameters();
  final Lstm lstm;
  final Linear head;

  TestModel(LstmConfig config, int numClasses, long seed) {
    this.config = config;
    this.numClasses = numClasses;
    Rng rng = new Rng(seed);
    this.lstm = new Lstm(config, params, rng);
    this.head = new Linear("head", config.outputSize(), numClasses, params, rng);
  }

  /** The metadata this model is saved with. */
  Map<String, String> metadata() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("lstm", RecordJson.toMap(this.config));
    config.put("numClasses", numClasses);
    return Map.of("config", Json.write(config));
  }

  void save(Path path) throws IOException {
    ModelFile.write(path, params, metadata());
  }

  static TestModel load(Path path) throws IOException {
    return load(ModelFile.read(path));
  }

  static TestModel load(TensorFile file) throws IOException {
    ConfigReader reader = ConfigReader.parse(ModelFile.metadata(file, "config"), "config");
    LstmConfig config = RecordJson.read(reader.object("lstm"), LstmConfig.class);
    int numClasses = reader.intValue("numClasses");
    reader.requireNoOtherKeys();
    reader.build(() -> Checks.positive("numClasses", numClasses));
    StateDict.checkFits(
        file.tensors(), config.parameterCount() + (long) numClasses * (config.outputSize() + 1));
    TestModel model = new TestModel(config, numClasses, 0);
    StateDict.load(file.tensors(), model.params);
    return model;
  }

  /** Inference: logits (T, B, V) for dense input (T, B, I) from a zero state. */
  Tensor logits(ComputeContext ctx, Tensor input) {
    Tensor output = lstm.forward(ctx, input, lstm.newCache(input.dim(0), input.dim(1)));
    Tensor logits = Tensor.zeros(input.dim(0), input.dim(1), numClasses);
    head.forward(ctx, output, logits);
    return logits;
  }
}
