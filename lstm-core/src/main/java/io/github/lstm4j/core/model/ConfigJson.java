package io.github.lstm4j.core.model;

import io.github.lstm4j.core.io.ConfigReader;
import io.github.lstm4j.core.io.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON forms of {@link RegressorConfig} and {@link ForecasterConfig}, which model files keep as
 * their {@code config} metadata: one member per record component under its Java name, enums by
 * constant name, the regressor nested in the forecaster under {@code "regressor"}. Reading is
 * strict (see {@link ConfigReader}): every member present with its type, no other, and the record's
 * validation applied, each problem an {@link IOException} naming the key path and the value.
 */
final class ConfigJson {
  private ConfigJson() {}

  static Map<String, Object> toMap(RegressorConfig config) {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("hiddenSize", config.hiddenSize());
    members.put("numLayers", config.numLayers());
    members.put("dropout", config.dropout());
    members.put("loss", config.loss().name());
    members.put("huberDelta", config.huberDelta());
    members.put("batchSize", config.batchSize());
    members.put("epochs", config.epochs());
    members.put("maxMinutes", config.maxMinutes());
    members.put("learningRate", config.learningRate());
    members.put("gradientClip", config.gradientClip());
    members.put("seed", config.seed());
    members.put("threads", config.threads());
    return members;
  }

  static Map<String, Object> toMap(ForecasterConfig config) {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("window", config.window());
    members.put("horizon", config.horizon());
    members.put("normalization", config.normalization().name());
    members.put("validationFraction", config.validationFraction());
    members.put("regressor", toMap(config.regressor()));
    return members;
  }

  static String write(RegressorConfig config) {
    return Json.write(toMap(config));
  }

  static String write(ForecasterConfig config) {
    return Json.write(toMap(config));
  }

  static RegressorConfig readRegressor(ConfigReader config) throws IOException {
    RegressorConfig.Builder builder =
        RegressorConfig.builder()
            .hiddenSize(config.intValue("hiddenSize"))
            .numLayers(config.intValue("numLayers"))
            .dropout(config.doubleValue("dropout"))
            .loss(config.enumValue("loss", RegressionLoss.class))
            .huberDelta(config.doubleValue("huberDelta"))
            .batchSize(config.intValue("batchSize"))
            .epochs(config.intValue("epochs"))
            .maxMinutes(config.doubleValue("maxMinutes"))
            .learningRate(config.doubleValue("learningRate"))
            .gradientClip(config.doubleValue("gradientClip"))
            .seed(config.longValue("seed"))
            .threads(config.intValue("threads"));
    config.requireNoOtherKeys();
    return config.build(builder::build);
  }

  static ForecasterConfig readForecaster(ConfigReader config) throws IOException {
    ForecasterConfig.Builder builder =
        ForecasterConfig.builder()
            .window(config.intValue("window"))
            .horizon(config.intValue("horizon"))
            .normalization(config.enumValue("normalization", Normalization.class))
            .validationFraction(config.doubleValue("validationFraction"))
            .regressor(readRegressor(config.object("regressor")));
    config.requireNoOtherKeys();
    return config.build(builder::build);
  }
}
