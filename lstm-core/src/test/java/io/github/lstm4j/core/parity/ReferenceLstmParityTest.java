package io.github.lstm4j.core.parity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.io.Json;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.testing.ReferenceLstm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test-side double-precision {@link ReferenceLstm} (the oracle of the float code) against
 * PyTorch run in float64 on the {@code l1_bi_all_f64} fixture: forward, head, loss and every
 * gradient within {@link #TOLERANCE}. The library reader rounds F64 to float, so this test reads
 * the doubles itself.
 */
class ReferenceLstmParityTest {
  /** Absolute; the fixture's own float64 recomputation agreed with PyTorch to 2.3e-16. */
  private static final double TOLERANCE = 1e-12;

  @Test
  void doubleReferenceMatchesPyTorchInFloat64() throws IOException {
    Map<String, double[]> file = readF64("l1_bi_all_f64.safetensors");
    int inputSize = 7;
    int hidden = 13;
    int seqLen = 11;
    int batch = 3;
    int classes = 6;
    LstmConfig config = LstmConfig.of(inputSize, hidden).withBidirectional(true);
    Map<String, double[]> weights = new HashMap<>();
    for (String suffix : List.of("_l0", "_l0_reverse")) {
      weights.put("weight_ih" + suffix, file.get("weight_ih" + suffix));
      weights.put("weight_hh" + suffix, file.get("weight_hh" + suffix));
      double[] ih = file.get("bias_ih" + suffix);
      double[] hh = file.get("bias_hh" + suffix);
      double[] bias = new double[ih.length];
      for (int i = 0; i < bias.length; i++) {
        bias[i] = ih[i] + hh[i];
      }
      weights.put("bias" + suffix, bias);
    }
    ReferenceLstm reference = new ReferenceLstm(config, weights);

    ReferenceLstm.Forward f = reference.forward(file.get("input"), null, null, seqLen, batch, null);
    assertClose("output", f.outputFlat(), file.get("output"));
    assertClose("h_n", f.hNFlat(), file.get("h_n"));
    assertClose("c_n", f.cNFlat(), file.get("c_n"));

    // Head on every step, mean cross-entropy, and their backward, in double.
    int rows = seqLen * batch;
    int width = 2 * hidden;
    double[] features = f.outputFlat(); // (T·B, 2H)
    double[] w = file.get("head.weight"); // (V, 2H)
    double[] logits = new double[rows * classes];
    double[] dLogits = new double[rows * classes];
    double loss = 0;
    for (int r = 0; r < rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int v = 0; v < classes; v++) {
        double z = file.get("head.bias")[v];
        for (int j = 0; j < width; j++) {
          z += features[r * width + j] * w[v * width + j];
        }
        logits[r * classes + v] = z;
        max = Math.max(max, z);
      }
      double sum = 0;
      for (int v = 0; v < classes; v++) {
        sum += Math.exp(logits[r * classes + v] - max);
      }
      int target = (int) file.get("targets")[r];
      loss += max + Math.log(sum) - logits[r * classes + target];
      for (int v = 0; v < classes; v++) {
        double p = Math.exp(logits[r * classes + v] - max) / sum;
        dLogits[r * classes + v] = (p - (v == target ? 1 : 0)) / rows;
      }
    }
    assertClose("logits", logits, file.get("logits"));
    assertClose("loss", new double[] {loss / rows}, file.get("loss"));

    double[] dFeatures = new double[rows * width];
    double[] dHeadWeight = new double[classes * width];
    double[] dHeadBias = new double[classes];
    for (int r = 0; r < rows; r++) {
      for (int v = 0; v < classes; v++) {
        double d = dLogits[r * classes + v];
        dHeadBias[v] += d;
        for (int j = 0; j < width; j++) {
          dFeatures[r * width + j] += d * w[v * width + j];
          dHeadWeight[v * width + j] += d * features[r * width + j];
        }
      }
    }
    assertClose("grad.head.weight", dHeadWeight, file.get("grad.head.weight"));
    assertClose("grad.head.bias", dHeadBias, file.get("grad.head.bias"));

    ReferenceLstm.Backward g = reference.backward(f, dFeatures, null, null);
    for (String suffix : List.of("_l0", "_l0_reverse")) {
      assertClose(
          "grad.weight_ih" + suffix,
          g.weights.get("weight_ih" + suffix),
          file.get("grad.weight_ih" + suffix));
      assertClose(
          "grad.weight_hh" + suffix,
          g.weights.get("weight_hh" + suffix),
          file.get("grad.weight_hh" + suffix));
      assertClose(
          "grad.bias_ih" + suffix,
          g.weights.get("bias" + suffix),
          file.get("grad.bias_ih" + suffix));
      assertClose(
          "grad.bias_hh" + suffix,
          g.weights.get("bias" + suffix),
          file.get("grad.bias_hh" + suffix));
    }
    assertClose("grad.input", ReferenceLstm.flatten(g.input), file.get("grad.input"));
  }

  private static void assertClose(String name, double[] actual, double[] expected) {
    assertThat(actual).as(name + " length").hasSameSizeAs(expected);
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    }
    assertThat(worst).as(name + ": max |reference - PyTorch|").isLessThanOrEqualTo(TOLERANCE);
  }

  /** Every tensor of a fixture whose tensors are all F64, as doubles in row-major order. */
  private static Map<String, double[]> readF64(String resource) throws IOException {
    byte[] bytes;
    try (InputStream in = ReferenceLstmParityTest.class.getResourceAsStream(resource)) {
      bytes = in.readAllBytes();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = (int) buffer.getLong(0);
    Map<String, Object> header = Json.parseObject(new String(bytes, 8, headerLength, UTF_8));
    Map<String, double[]> tensors = new HashMap<>();
    for (Map.Entry<String, Object> entry : header.entrySet()) {
      if (entry.getKey().equals("__metadata__")) {
        continue;
      }
      Map<?, ?> info = (Map<?, ?>) entry.getValue();
      assertThat(info.get("dtype")).as(entry.getKey() + " dtype").isEqualTo("F64");
      List<?> offsets = (List<?>) info.get("data_offsets");
      long begin = (Long) offsets.get(0);
      long end = (Long) offsets.get(1);
      double[] values = new double[(int) (end - begin) / 8];
      for (int i = 0; i < values.length; i++) {
        values[i] = buffer.getDouble(8 + headerLength + (int) begin + 8 * i);
      }
      tensors.put(entry.getKey(), values);
    }
    return tensors;
  }
}
