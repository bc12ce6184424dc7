package io.github.lstm4j.vision;

import io.github.lstm4j.core.io.ConfigReader;
import io.github.lstm4j.core.io.Json;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON form of a {@link ClassifierConfig}, which a {@link RowLstmClassifier}'s model file keeps
 * as its {@code config} metadata: one member per record component, under its Java name, with the
 * enums by constant name.
 *
 * <pre>
 * {"hiddenSize":128,"numLayers":1,"bidirectional":false,"dropout":0.0,"readout":"LAST_HIDDEN",
 *  "batchSize":128,"epochs":5,"learningRate":0.001,"weightDecay":0.0,"gradientClip":5.0,
 *  "schedule":"COSINE","validationFraction":0.08333333333333333,"augmentShift":0,"seed":42,
 *  "threads":1}
 * </pre>
 *
 * <p>Reading is strict, as {@link io.github.lstm4j.core.io.LstmConfigJson} is: every member must be
 * present with its type, no other member is allowed, and the record's validation applies; each
 * problem is an {@link IOException} naming the key and the value ({@code "config.hiddenSize must be
 * > 0, got 0"}). Doubles survive a write and read exactly. It is not a general binder: adding a
 * record component means adding it here.
 *
 * <p>One member is optional: {@code "nonFinitePolicy"} is written only when it is not {@code THROW}
 * and read as {@code THROW} when absent, so files of the default policy are the bytes they were
 * before the member existed, and older files still load.
 */
final class ClassifierConfigJson {
  private ClassifierConfigJson() {}

  /** Returns the config as JSON members in declaration order. */
  static Map<String, Object> toMap(ClassifierConfig config) {
    Objects.requireNonNull(config, "config");
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("hiddenSize", config.hiddenSize());
    members.put("numLayers", config.numLayers());
    members.put("bidirectional", config.bidirectional());
    members.put("dropout", config.dropout());
    members.put("readout", config.readout().name());
    members.put("batchSize", config.batchSize());
    members.put("epochs", config.epochs());
    members.put("learningRate", config.learningRate());
    members.put("weightDecay", config.weightDecay());
    members.put("gradientClip", config.gradientClip());
    members.put("schedule", config.schedule().name());
    members.put("validationFraction", config.validationFraction());
    members.put("augmentShift", config.augmentShift());
    members.put("seed", config.seed());
    members.put("threads", config.threads());
    if (config.nonFinitePolicy() != NonFinitePolicy.THROW) { // see the class description
      members.put("nonFinitePolicy", config.nonFinitePolicy().name());
    }
    return members;
  }

  /** Writes the config as compact JSON. */
  static String write(ClassifierConfig config) {
    return Json.write(toMap(config));
  }

  /**
   * Reads a config written by {@link #write}; messages call the object {@code config}.
   *
   * @throws IOException if the text is not a JSON object, a member is missing, has the wrong type
   *     or is unknown, or the values break {@link ClassifierConfig}'s rules
   */
  static ClassifierConfig read(String json) throws IOException {
    return read(ConfigReader.parse(json, "config"));
  }

  /** Reads a config from a JSON object, rejecting members that are not part of the config. */
  static ClassifierConfig read(ConfigReader config) throws IOException {
    ClassifierConfig.Builder builder =
        ClassifierConfig.builder()
            .hiddenSize(config.intValue("hiddenSize"))
            .numLayers(config.intValue("numLayers"))
            .bidirectional(config.booleanValue("bidirectional"))
            .dropout(config.doubleValue("dropout"))
            .readout(config.enumValue("readout", Readout.class))
            .batchSize(config.intValue("batchSize"))
            .epochs(config.intValue("epochs"))
            .learningRate(config.doubleValue("learningRate"))
            .weightDecay(config.doubleValue("weightDecay"))
            .gradientClip(config.doubleValue("gradientClip"))
            .schedule(config.enumValue("schedule", ClassifierConfig.Schedule.class))
            .validationFraction(config.doubleValue("validationFraction"))
            .augmentShift(config.intValue("augmentShift"))
            .seed(config.longValue("seed"))
            .threads(config.intValue("threads"));
    if (config.has("nonFinitePolicy")) { // absent from files written before it existed: THROW
      builder.nonFinitePolicy(config.enumValue("nonFinitePolicy", NonFinitePolicy.class));
    }
    config.requireNoOtherKeys();
    return config.build(builder::build);
  }
}
