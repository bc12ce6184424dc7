package io.github.lstm4j.text;

import io.github.lstm4j.core.io.ConfigReader;
import io.github.lstm4j.core.io.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link CharLstmConfig} as JSON, for model files: every field by its record name, read back
 * strictly (a missing, unknown, mistyped or invalid field is an {@link IOException} naming it).
 */
final class CharLstmConfigJson {
  private CharLstmConfigJson() {}

  static String write(CharLstmConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("level", c.level().name());
    m.put("maxVocabulary", c.maxVocabulary());
    m.put("numLayers", c.numLayers());
    m.put("hiddenSize", c.hiddenSize());
    m.put("dropout", c.dropout());
    m.put("forgetBias", c.forgetBias());
    m.put("seqLen", c.seqLen());
    m.put("batchSize", c.batchSize());
    m.put("learningRate", c.learningRate());
    m.put("weightDecay", c.weightDecay());
    m.put("gradientClip", c.gradientClip());
    m.put("schedule", c.schedule().name());
    m.put("warmupSteps", c.warmupSteps());
    m.put("epochs", c.epochs());
    m.put("maxMinutes", c.maxMinutes());
    m.put("validationFraction", c.validationFraction());
    m.put("evaluateEvery", c.evaluateEvery());
    m.put("earlyStoppingPatience", c.earlyStoppingPatience());
    m.put("seed", c.seed());
    m.put("threads", c.threads());
    return Json.write(m);
  }

  static CharLstmConfig read(String json) throws IOException {
    ConfigReader r = ConfigReader.parse(json, "config");
    CharLstmConfig.Level level = r.enumValue("level", CharLstmConfig.Level.class);
    int maxVocabulary = r.intValue("maxVocabulary");
    int numLayers = r.intValue("numLayers");
    int hiddenSize = r.intValue("hiddenSize");
    double dropout = r.doubleValue("dropout");
    double forgetBias = r.doubleValue("forgetBias");
    int seqLen = r.intValue("seqLen");
    int batchSize = r.intValue("batchSize");
    double learningRate = r.doubleValue("learningRate");
    double weightDecay = r.doubleValue("weightDecay");
    double gradientClip = r.doubleValue("gradientClip");
    CharLstmConfig.Schedule schedule = r.enumValue("schedule", CharLstmConfig.Schedule.class);
    int warmupSteps = r.intValue("warmupSteps");
    int epochs = r.intValue("epochs");
    double maxMinutes = r.doubleValue("maxMinutes");
    double validationFraction = r.doubleValue("validationFraction");
    int evaluateEvery = r.intValue("evaluateEvery");
    int earlyStoppingPatience = r.intValue("earlyStoppingPatience");
    long seed = r.longValue("seed");
    int threads = r.intValue("threads");
    r.requireNoOtherKeys();
    return r.build(
        () ->
            new CharLstmConfig(
                level,
                maxVocabulary,
                numLayers,
                hiddenSize,
                dropout,
                forgetBias,
                seqLen,
                batchSize,
                learningRate,
                weightDecay,
                gradientClip,
                schedule,
                warmupSteps,
                epochs,
                maxMinutes,
                validationFraction,
                evaluateEvery,
                earlyStoppingPatience,
                seed,
                threads));
  }
}
