package io.github.lstm4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDictTest {
  /** An encoder named as a PyTorch module with submodules "lstm" and "head": I = 2, H = 3. */
  private static Parameters prefixedModel(long seed) {
    Parameters params = new Parameters();
    Rng rng = new Rng(seed);
    new Lstm("lstm.", LstmConfig.of(2, 3).withBidirectional(true), params, rng);
    new Linear("head", 6, 2, params, rng);
    return params;
  }

  private static Tensor filled(float value, int... shape) {
    Tensor tensor = Tensor.zeros(shape);
    java.util.Arrays.fill(tensor.data(), value);
    return tensor;
  }

  @Test
  void exportNamesEveryTensorAsPyTorchsStateDictAndSplitsTheBias() {
    Parameters params = prefixedModel(1);

    Map<String, Tensor> tensors = StateDict.export(params);

    assertThat(tensors.keySet())
        .containsExactly(
            "lstm.weight_ih_l0",
            "lstm.weight_hh_l0",
            "lstm.bias_ih_l0",
            "lstm.bias_hh_l0",
            "lstm.weight_ih_l0_reverse",
            "lstm.weight_hh_l0_reverse",
            "lstm.bias_ih_l0_reverse",
            "lstm.bias_hh_l0_reverse",
            "head.weight",
            "head.bias");
    assertThat(tensors.get("lstm.bias_ih_l0_reverse").data())
        .isEqualTo(params.valueOf(params.get("lstm.bias_l0_reverse")).data());
    assertThat(tensors.get("lstm.bias_hh_l0_reverse").data()).containsOnly(0f);
    assertThat(tensors.get("lstm.weight_ih_l0").shape()).containsExactly(12, 2);
  }

  @Test
  void exportCopiesTheValues() {
    Parameters params = prefixedModel(1);
    Map<String, Tensor> tensors = StateDict.export(params);

    tensors.get("head.bias").data()[0] = 42f;

    assertThat(params.valueOf(params.get("head.bias")).data()[0]).isNotEqualTo(42f);
  }

  @Test
  void loadSumsThePyTorchBiasesInFloat() throws IOException {
    Parameters params = prefixedModel(1);
    Map<String, Tensor> tensors = StateDict.export(prefixedModel(2));
    tensors.put("lstm.bias_ih_l0", filled(0.1f, 12));
    tensors.put("lstm.bias_hh_l0", filled(0.2f, 12));

    StateDict.load(tensors, params);

    assertThat(params.valueOf(params.get("lstm.bias_l0")).data()).containsOnly(0.1f + 0.2f);
  }

  @Test
  void exportThenLoadRestoresEveryValueExactly() throws IOException {
    Parameters source = prefixedModel(1);
    Parameters target = prefixedModel(2);

    StateDict.load(StateDict.export(source), target);

    assertThat(target.values()).isEqualTo(source.values());
  }

  @Test
  void aParameterNamedLikeABiasButWithoutItsLstmStaysItself() throws IOException {
    Parameters params = new Parameters();
    params.add("bias_l0", 3);
    params.add("block.bias_l1_reverse", 2);

    assertThat(StateDict.export(params).keySet())
        .containsExactly("bias_l0", "block.bias_l1_reverse");
  }

  @Test
  void reservedTensorsAreIgnoredAndOthersRejected() throws IOException {
    Parameters params = prefixedModel(1);
    Map<String, Tensor> tensors = StateDict.export(prefixedModel(2));
    tensors.put("optimizer.exp_avg", Tensor.zeros(params.count()));
    tensors.put("state.h", Tensor.zeros(1, 2, 3));

    StateDict.load(tensors, params);
    assertThat(params.values()).isEqualTo(prefixedModel(2).values());

    tensors.put("optimizer_exp_avg", Tensor.zeros(1));
    assertThatIOException()
        .isThrownBy(() -> StateDict.load(tensors, params))
        .withMessage(
            "model file must hold only the model's parameters, got unexpected tensors"
                + " [\"optimizer_exp_avg\"]; the model has 8 parameters");
  }

  @Test
  void aPrefixMismatchNamesTheMissingAndTheUnmatchedTensors() {
    Parameters params = prefixedModel(1);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    StateDict.export(prefixedModel(2))
        .forEach((name, tensor) -> tensors.put(name.replace("lstm.", "rnn."), tensor));

    assertThatIOException()
        .isThrownBy(() -> StateDict.load(tensors, params))
        .withMessage(
            "model file must have a tensor for every parameter, got none for"
                + " [\"lstm.weight_ih_l0\" (12, 2), \"lstm.weight_hh_l0\" (12, 3),"
                + " \"lstm.bias_ih_l0\" (12), \"lstm.bias_hh_l0\" (12),"
                + " \"lstm.weight_ih_l0_reverse\" (12, 2), \"lstm.weight_hh_l0_reverse\" (12, 3),"
                + " \"lstm.bias_ih_l0_reverse\" (12), \"lstm.bias_hh_l0_reverse\" (12)];"
                + " unmatched tensors: [\"rnn.weight_ih_l0\", \"rnn.weight_hh_l0\","
                + " \"rnn.bias_ih_l0\", \"rnn.bias_hh_l0\", \"rnn.weight_ih_l0_reverse\","
                + " \"rnn.weight_hh_l0_reverse\", \"rnn.bias_ih_l0_reverse\","
                + " \"rnn.bias_hh_l0_reverse\"]");
  }

  @Test
  void aFailedLoadLeavesTheParametersUnchanged() {
    Parameters params = prefixedModel(1);
    float[] before = params.values().clone();
    Map<String, Tensor> tensors = StateDict.export(prefixedModel(2));
    tensors.put("head.bias", Tensor.zeros(3)); // the last parameter, after all others matched

    assertThatIOException()
        .isThrownBy(() -> StateDict.load(tensors, params))
        .withMessage("tensor \"head.bias\" must have shape (2), got (3)");
    assertThat(params.values()).isEqualTo(before);
  }

  @Test
  void nonFiniteWeightsLoadAsPyTorchAllowsThem() throws IOException {
    Parameters params = prefixedModel(1);
    Map<String, Tensor> tensors = StateDict.export(prefixedModel(2));
    tensors.get("head.weight").data()[0] = Float.NaN;
    tensors.get("head.weight").data()[1] = Float.NEGATIVE_INFINITY;

    StateDict.load(tensors, params);

    assertThat(params.valueOf(params.get("head.weight")).data())
        .startsWith(Float.NaN, Float.NEGATIVE_INFINITY);
  }

  @Test
  void parametersMustNotUseTheReservedPrefixes() {
    Parameters params = new Parameters();
    params.add("state.h", 2);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> StateDict.export(params))
        .withMessage(
            "parameter names must not start with \"optimizer.\" or \"state.\", which model files"
                + " reserve, got \"state.h\"");
  }

  @Test
  void exportRejectsTwoParametersForOneTensorName() {
    Parameters params = new Parameters();
    new Lstm(LstmConfig.of(2, 3), params, new Rng(1));
    params.add("bias_ih_l0", 12);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> StateDict.export(params))
        .withMessage(
            "parameters must map to distinct tensor names, got \"bias_ih_l0\" twice, the second"
                + " from parameter \"bias_ih_l0\"");
  }

  @Test
  void checkFitsComparesTheConfigWithTheValuesTheModelTensorsHold() throws IOException {
    Map<String, Tensor> tensors =
        Map.of("w", Tensor.zeros(10), "optimizer.exp_avg", Tensor.zeros(1000));

    StateDict.checkFits(tensors, 10);
    assertThatIOException()
        .isThrownBy(() -> StateDict.checkFits(tensors, 11))
        .withMessage(
            "config must fit the model file's tensors, got a config of 11 parameter values for"
                + " tensors that hold 10");
  }
}
