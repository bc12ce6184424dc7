package io.github.lstm4j.text;

import io.github.lstm4j.core.io.ConfigReader;
import io.github.lstm4j.core.io.Json;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link CharLstmConfig} as JSON, for model files: every field by its record name, read back
 * strictly (a missing, unknown, mistyped or invalid field is an {@link IOException} naming it). One
 * field is optional: {@code nonFinitePolicy} is written only when it is not {@code THROW} and read
 * as {@code THROW} when absent, so files of the default policy are the bytes they were before the
 * field existed, and older files still load.
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
    if (c.nonFinitePolicy() != NonFinitePolicy.THROW) { // see the class description
      m.put("nonFinitePolicy", c.nonFinitePolicy().name());
    }
    return Json.write(m);
  }

  static CharLstmConfig read(String json) throws IOException {
    ConfigReader r = ConfigReader.parse(json, "config");
    CharLstmConfig.Builder config =
        CharLstmConfig.defaults().toBuilder() // every field is set below
            .level(r.enumValue("level", CharLstmConfig.Level.class))
            .maxVocabulary(r.intValue("maxVocabulary"))
            .numLayers(r.intValue("numLayers"))
            .hiddenSize(r.intValue("hiddenSize"))
            .dropout(r.doubleValue("dropout"))
            .forgetBias(r.doubleValue("forgetBias"))
            .seqLen(r.intValue("seqLen"))
            .batchSize(r.intValue("batchSize"))
            .learningRate(r.doubleValue("learningRate"))
            .weightDecay(r.doubleValue("weightDecay"))
            .gradientClip(r.doubleValue("gradientClip"))
            .schedule(r.enumValue("schedule", CharLstmConfig.Schedule.class))
            .warmupSteps(r.intValue("warmupSteps"))
            .epochs(r.intValue("epochs"))
            .maxMinutes(r.doubleValue("maxMinutes"))
            .validationFraction(r.doubleValue("validationFraction"))
            .evaluateEvery(r.intValue("evaluateEvery"))
            .earlyStoppingPatience(r.intValue("earlyStoppingPatience"))
            .seed(r.longValue("seed"))
            .threads(r.intValue("threads"));
    if (r.has("nonFinitePolicy")) { // absent from files written before it existed: THROW
      config.nonFinitePolicy(r.enumValue("nonFinitePolicy", NonFinitePolicy.class));
    }
    r.requireNoOtherKeys();
    return r.build(config::build);
  }
}
