package io.github.lstm4j.core.io;

import io.github.lstm4j.core.nn.Init;
import io.github.lstm4j.core.nn.LstmConfig;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON form of an {@link LstmConfig}, which model files keep as a metadata string: one member
 * per record component, under its Java name, with the initialisers by enum name.
 *
 * <pre>
 * {"inputSize":65,"hiddenSize":256,"numLayers":2,"bidirectional":false,"dropout":0.2,
 *  "forgetBias":1.0,"inputInit":"PYTORCH_DEFAULT","recurrentInit":"PYTORCH_DEFAULT"}
 * </pre>
 *
 * <p>Reading is strict: every member must be present with its type, no other member is allowed, and
 * the record's validation applies; each problem is an {@link IOException} naming the key path and
 * the value ({@code "config.hiddenSize must be > 0, got 0"}). Doubles are written by {@link
 * Json#write} in their shortest round-trip form, so a config survives write and read exactly.
 *
 * <pre>{@code
 * String json = LstmConfigJson.write(config);
 * LstmConfig again = LstmConfigJson.read(json); // equals config
 * }</pre>
 */
public final class LstmConfigJson {
  private LstmConfigJson() {}

  /**
   * Returns the config as JSON members, to write alone or nested in a larger model config.
   *
   * @param config the config
   * @return its members in declaration order, a new modifiable map
   */
  public static Map<String, Object> toMap(LstmConfig config) {
    Objects.requireNonNull(config, "config");
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("inputSize", config.inputSize());
    members.put("hiddenSize", config.hiddenSize());
    members.put("numLayers", config.numLayers());
    members.put("bidirectional", config.bidirectional());
    members.put("dropout", config.dropout());
    members.put("forgetBias", config.forgetBias());
    members.put("inputInit", config.inputInit().name());
    members.put("recurrentInit", config.recurrentInit().name());
    return members;
  }

  /**
   * Writes the config as compact JSON.
   *
   * @param config the config
   * @return the JSON text
   */
  public static String write(LstmConfig config) {
    return Json.write(toMap(config));
  }

  /**
   * Reads a config written by {@link #write}; messages call the object {@code config}.
   *
   * @param json the JSON text
   * @return the config
   * @throws IOException if the text is not a JSON object, a member is missing, has the wrong type
   *     or is unknown, or the values break {@link LstmConfig}'s rules
   */
  public static LstmConfig read(String json) throws IOException {
    return read(ConfigReader.parse(json, "config"));
  }

  /**
   * Reads a config from a JSON object, e.g. one nested in a larger model config; rejects members
   * that are not part of an LSTM config.
   *
   * @param config the object
   * @return the config
   * @throws IOException as {@link #read(String)} does, naming keys by {@code config.path()}
   */
  public static LstmConfig read(ConfigReader config) throws IOException {
    int inputSize = config.intValue("inputSize");
    int hiddenSize = config.intValue("hiddenSize");
    int numLayers = config.intValue("numLayers");
    boolean bidirectional = config.booleanValue("bidirectional");
    double dropout = config.doubleValue("dropout");
    double forgetBias = config.doubleValue("forgetBias");
    Init inputInit = config.enumValue("inputInit", Init.class);
    Init recurrentInit = config.enumValue("recurrentInit", Init.class);
    config.requireNoOtherKeys();
    return config.build(
        () ->
            new LstmConfig(
                inputSize,
                hiddenSize,
                numLayers,
                bidirectional,
                dropout,
                forgetBias,
                inputInit,
                recurrentInit));
  }
}
