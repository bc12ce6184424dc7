package io.github.lstm4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.OnnxExport;
import io.github.lstm4j.core.io.OnnxExport.InitialState;
import io.github.lstm4j.core.io.OnnxExport.Input;
import io.github.lstm4j.core.io.OnnxExport.Output;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.LstmState;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs models written by {@link OnnxExport} in the real ONNX Runtime (Java API, CPU) and checks
 * that its logits and final states equal lstm4j's inference forward, for odd sizes (I = 5, H = 7, V
 * = 11, T = 3, B = 2) in every combination of layers, directions, input, output and initial state.
 * A native library that does not load fails the tests, it does not skip them.
 */
class OnnxRuntimeParityTest {
  private static final int INPUT = 5;
  private static final int HIDDEN = 7;
  private static final int CLASSES = 11;
  private static final int SEQ_LEN = 3;
  private static final int BATCH = 2;

  /** ORT sums the gate products in another order than lstm4j: float rounding, nothing more. */
  private static final double RELATIVE = 1e-5;

  private static final double ABSOLUTE_FLOOR = 1e-6;

  private static OrtEnvironment env;
  private static ComputeContext ctx;

  @BeforeAll
  static void start() {
    env = OrtEnvironment.getEnvironment();
    ctx = ComputeContext.of(1);
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  static Stream<Arguments> models() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (int layers = 1; layers <= 2; layers++) {
      for (boolean bidirectional : new boolean[] {false, true}) {
        for (Input input : Input.values()) {
          for (Output output : Output.values()) {
            for (InitialState state : InitialState.values()) {
              cases.add(Arguments.of(layers, bidirectional, input, output, state));
            }
          }
        }
      }
    }
    return cases.build();
  }

  @ParameterizedTest(name = "layers={0} bidirectional={1} {2} {3} {4}")
  @MethodSource("models")
  void onnxRuntimeComputesLstm4jsLogitsAndFinalState(
      int layers, boolean bidirectional, Input input, Output output, InitialState initialState)
      throws OrtException {
    Parameters params = new Parameters();
    LstmConfig config =
        LstmConfig.of(INPUT, HIDDEN).withNumLayers(layers).withBidirectional(bidirectional);
    Lstm lstm = new Lstm("lstm.", config, params, new Rng(1));
    Linear head = new Linear("head", config.outputSize(), CLASSES, params, new Rng(2));
    byte[] model =
        OnnxExport.lstmWithHead(lstm, head, params)
            .input(input)
            .output(output)
            .initialState(initialState)
            .toBytes();

    Rng rng = new Rng(3);
    Tensor dense = Tensor.zeros(SEQ_LEN, BATCH, INPUT);
    int[] tokens = new int[SEQ_LEN * BATCH];
    fill(dense.data(), rng);
    for (int j = 0; j < tokens.length; j++) {
      tokens[j] = rng.nextInt(INPUT);
    }
    LstmState initial = LstmState.zeros(config, BATCH);
    fill(initial.h().data(), rng);
    fill(initial.c().data(), rng);

    // lstm4j: forward on an inference cache, then the head on every step.
    LstmCache cache = lstm.newCache(SEQ_LEN, BATCH);
    boolean withState = initialState == InitialState.GRAPH_INPUTS;
    Tensor hidden;
    if (input == Input.DENSE) {
      hidden =
          withState ? lstm.forward(ctx, dense, initial, cache) : lstm.forward(ctx, dense, cache);
    } else {
      hidden =
          withState ? lstm.forward(ctx, tokens, initial, cache) : lstm.forward(ctx, tokens, cache);
    }
    float[] expectedLogits = expectedLogits(config, head, output, hidden, cache);

    Map<String, OnnxTensor> feeds = new HashMap<>();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model, options)) {
      if (input == Input.DENSE) {
        feeds.put("input", floats(dense));
      } else {
        long[] ids = new long[tokens.length];
        for (int j = 0; j < ids.length; j++) {
          ids[j] = tokens[j];
        }
        feeds.put(
            "tokens",
            OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {SEQ_LEN, BATCH}));
      }
      if (withState) {
        feeds.put("h0", floats(initial.h()));
        feeds.put("c0", floats(initial.c()));
      }
      try (OrtSession.Result result = session.run(feeds)) {
        assertClose("logits", values(result, "logits"), expectedLogits);
        assertClose("hn", values(result, "hn"), cache.finalState().h().data());
        assertClose("cn", values(result, "cn"), cache.finalState().c().data());
      }
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }

  @Test
  void onnxRuntimeLoadsTheWrittenFileWithItsDeclaredShapes(@TempDir Path dir) throws Exception {
    Parameters params = new Parameters();
    LstmConfig config = LstmConfig.of(INPUT, HIDDEN).withNumLayers(2).withBidirectional(true);
    Lstm lstm = new Lstm(config, params, new Rng(1));
    Linear head = new Linear("head", config.outputSize(), CLASSES, params, new Rng(2));
    Path file = dir.resolve("m.onnx");
    OnnxExport.lstmWithHead(lstm, head, params)
        .input(Input.TOKEN_IDS)
        .initialState(InitialState.GRAPH_INPUTS)
        .metadata(Map.of("vocabulary", "abcde"))
        .writeTo(file);
    assertThat(Files.list(dir)).containsExactly(file); // no temporary file left behind
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(file.toString(), options)) {
      assertThat(session.getInputNames()).containsExactlyInAnyOrder("tokens", "h0", "c0");
      assertThat(session.getOutputNames()).containsExactlyInAnyOrder("logits", "hn", "cn");
      assertThat(session.getInputInfo().get("tokens").getInfo().toString())
          .contains("INT64")
          .contains("dimNames=[seqLen,batch]");
      assertThat(session.getOutputInfo().get("logits").getInfo().toString())
          .contains("shape=[-1, -1, 11]");
      assertThat(session.getMetadata().getCustomMetadata()).containsEntry("vocabulary", "abcde");
      assertThat(session.getMetadata().getProducerName()).isEqualTo("lstm4j");
    }
  }

  /** lstm4j's logits: the head on every step, or on the readout the output names. */
  private static float[] expectedLogits(
      LstmConfig config, Linear head, Output output, Tensor hidden, LstmCache cache) {
    int width = config.outputSize();
    if (output == Output.ALL_STEPS) {
      Tensor logits = Tensor.zeros(SEQ_LEN, BATCH, CLASSES);
      head.forward(ctx, hidden, logits);
      return logits.data();
    }
    Tensor features = Tensor.zeros(BATCH, width); // (B, D·H)
    float[] f = features.data();
    float[] out = hidden.data(); // (T, B, D·H)
    for (int b = 0; b < BATCH; b++) {
      for (int k = 0; k < width; k++) {
        switch (output) {
          case LAST_STEP -> f[b * width + k] = out[((SEQ_LEN - 1) * BATCH + b) * width + k];
          case MEAN_OVER_TIME -> {
            double sum = 0;
            for (int t = 0; t < SEQ_LEN; t++) {
              sum += out[(t * BATCH + b) * width + k];
            }
            f[b * width + k] = (float) (sum / SEQ_LEN);
          }
          case MAX_OVER_TIME -> {
            float max = Float.NEGATIVE_INFINITY;
            for (int t = 0; t < SEQ_LEN; t++) {
              max = Math.max(max, out[(t * BATCH + b) * width + k]);
            }
            f[b * width + k] = max;
          }
          case FINAL_HIDDEN -> {
            // h_n (L·D, B, H): the top layer's slot of direction k / H
            int slot = (config.numLayers() - 1) * config.numDirections() + k / HIDDEN;
            f[b * width + k] =
                cache.finalState().h().data()[(slot * BATCH + b) * HIDDEN + k % HIDDEN];
          }
          default -> throw new AssertionError(output);
        }
      }
    }
    Tensor logits = Tensor.zeros(BATCH, CLASSES);
    head.forward(ctx, features, logits);
    return logits.data();
  }

  private static void fill(float[] values, Rng rng) {
    for (int j = 0; j < values.length; j++) {
      values[j] = rng.nextFloat() * 2 - 1;
    }
  }

  private static OnnxTensor floats(Tensor tensor) throws OrtException {
    long[] shape = new long[tensor.rank()];
    for (int axis = 0; axis < shape.length; axis++) {
      shape[axis] = tensor.dim(axis);
    }
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(tensor.data()), shape);
  }

  private static float[] values(OrtSession.Result result, String name) {
    FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
    float[] out = new float[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private static void assertClose(String name, float[] actual, float[] expected) {
    assertThat(actual).as(name + " size").hasSameSizeAs(expected);
    for (int j = 0; j < expected.length; j++) {
      double tolerance = Math.max(ABSOLUTE_FLOOR, RELATIVE * Math.abs(expected[j]));
      assertThat((double) actual[j])
          .as("%s[%d]", name, j)
          .isCloseTo(expected[j], org.assertj.core.api.Assertions.within(tolerance));
    }
  }
}
