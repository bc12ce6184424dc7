package io.github.lstm4j.core.model;

import io.github.lstm4j.core.io.ConfigReader;
import io.github.lstm4j.core.io.Json;
import io.github.lstm4j.core.io.ModelFile;
import io.github.lstm4j.core.io.RecordJson;
import io.github.lstm4j.core.io.StateDict;
import io.github.lstm4j.core.io.TensorFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The model file of a {@link SequenceClassifier} or {@link SequenceTagger}: an lstm4j {@link
 * ModelFile} whose tensors are the parameters ({@code embedding.weight}, {@code lstm.weight_ih_l0},
 * …, {@code head.weight}, {@code head.bias}) and whose metadata is
 *
 * <pre>
 * model       "SequenceClassifier" or "SequenceTagger"
 * config      {"input":"TOKEN_IDS","inputSize":40,"embeddingDim":16,"hiddenSize":64,"numLayers":1,
 *              "bidirectional":true,"dropout":0.1,"readout":"MAX_OVER_TIME","seed":1}
 * classNames  ["de","en",…], a JSON array of the C names
 * </pre>
 *
 * <p>Loading checks the format, the model kind, the config (strictly: every key, no other), the
 * names, that the tensors hold at least as many values as the config describes (before allocating),
 * then every tensor's name and shape. Every problem is an {@link IOException} whose message starts
 * with the path. A training checkpoint of a model loads as the model.
 */
final class SequenceModelFile {
  static final String MODEL_KEY = "model";
  static final String CONFIG_KEY = "config";
  static final String CLASS_NAMES_KEY = "classNames";

  private SequenceModelFile() {}

  /** The metadata a model is saved with. */
  static Map<String, String> metadata(String kind, SequenceModelConfig config) {
    Map<String, Object> members = RecordJson.toMap(config);
    members.remove(CLASS_NAMES_KEY); // kept as a metadata entry of its own
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(MODEL_KEY, kind);
    metadata.put(CONFIG_KEY, Json.write(members));
    metadata.put(CLASS_NAMES_KEY, Json.write(config.classNames()));
    return metadata;
  }

  /** Writes the network's parameters atomically; a previous file is left intact on failure. */
  static void write(
      Path path, String kind, SequenceNetwork network, Map<String, String> extraMetadata)
      throws IOException {
    Objects.requireNonNull(path, "path");
    Map<String, String> metadata = metadata(kind, network.config);
    for (Map.Entry<String, String> extra : extraMetadata.entrySet()) {
      if (metadata.containsKey(extra.getKey())) {
        throw new IllegalArgumentException(
            "extraMetadata must not contain the key \""
                + extra.getKey()
                + "\", which the model file uses");
      }
      metadata.put(extra.getKey(), Objects.requireNonNull(extra.getValue(), extra.getKey()));
    }
    ModelFile.write(path, network.params, metadata);
  }

  /** Reads a network of the given kind; messages start with the path. */
  static SequenceNetwork read(Path path, String kind, SequenceNetwork.Head head)
      throws IOException {
    Objects.requireNonNull(path, "path");
    TensorFile file = ModelFile.read(path);
    try {
      SequenceModelConfig config = config(file, kind);
      StateDict.checkFits(file.tensors(), SequenceNetwork.parameterCount(config));
      SequenceNetwork network = new SequenceNetwork(config, head);
      ModelFile.loadWeights(file, network.params);
      return network;
    } catch (IOException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }

  /** Reads and checks the model kind and config of a model file or checkpoint. */
  static SequenceModelConfig config(TensorFile file, String kind) throws IOException {
    SequenceRegressor.requireKind(file, kind); // the same rule and message for every model
    Map<String, Object> members =
        new LinkedHashMap<>(
            ConfigReader.parse(ModelFile.metadata(file, CONFIG_KEY), "config").members());
    if (members.containsKey(CLASS_NAMES_KEY)) {
      throw new IOException(
          "config must not have the key \"classNames\", which is a metadata entry of its own");
    }
    members.put(CLASS_NAMES_KEY, classNames(ModelFile.metadata(file, CLASS_NAMES_KEY)));
    return RecordJson.read(ConfigReader.of(members, "config"), SequenceModelConfig.class);
  }

  private static List<String> classNames(String json) throws IOException {
    Object parsed;
    try {
      parsed = Json.parse(json);
    } catch (IOException e) {
      throw new IOException("metadata \"classNames\" is not JSON: " + e.getMessage(), e);
    }
    if (!(parsed instanceof List<?> list)) {
      throw new IOException(
          "metadata \"classNames\" must be a JSON array of strings, got " + shorten(json));
    }
    List<String> names = new ArrayList<>(list.size());
    for (int c = 0; c < list.size(); c++) {
      if (!(list.get(c) instanceof String name)) {
        throw new IOException(
            "metadata \"classNames\"[" + c + "] must be a string, got " + list.get(c));
      }
      names.add(name);
    }
    return names;
  }

  private static String shorten(String value) {
    return value.length() <= 60 ? value : value.substring(0, 57) + "...";
  }
}
