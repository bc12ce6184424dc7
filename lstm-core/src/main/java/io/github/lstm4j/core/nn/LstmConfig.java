package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Records;
import java.util.Objects;

/**
 * The shape and initialisation of an {@link Lstm}, with PyTorch's {@code nn.LSTM} names.
 *
 * <pre>{@code
 * LstmConfig config = LstmConfig.of(65, 256).withNumLayers(2).withDropout(0.2);
 * }</pre>
 *
 * @param inputSize I: features per time step, or the vocabulary size for token-id input
 * @param hiddenSize H: units per direction
 * @param numLayers stacked layers; layer l > 0 reads the D·H outputs of layer l − 1
 * @param bidirectional whether each layer also runs over the reversed sequence (D = 2)
 * @param dropout probability of zeroing a layer's output before the next layer (training only; not
 *     applied after the last layer), in [0, 1)
 * @param forgetBias the value the forget-gate bias starts at (1.0 as in Keras and char-rnn)
 * @param inputInit initialiser of the input weights {@code weight_ih}
 * @param recurrentInit initialiser of the recurrent weights {@code weight_hh}
 */
public record LstmConfig(
    int inputSize,
    int hiddenSize,
    int numLayers,
    boolean bidirectional,
    double dropout,
    double forgetBias,
    Init inputInit,
    Init recurrentInit) {

  /**
   * Validates every field.
   *
   * @param inputSize see the record description
   * @param hiddenSize see the record description
   * @param numLayers see the record description
   * @param bidirectional see the record description
   * @param dropout see the record description
   * @param forgetBias see the record description
   * @param inputInit see the record description
   * @param recurrentInit see the record description
   */
  public LstmConfig {
    Checks.positive("inputSize", inputSize);
    checkStack(hiddenSize, numLayers, dropout);
    Checks.finite("forgetBias", forgetBias);
    Objects.requireNonNull(inputInit, "inputInit");
    Objects.requireNonNull(recurrentInit, "recurrentInit");
    Checks.argument(
        4L * hiddenSize * ((long) inputSize + hiddenSize + 1) < Integer.MAX_VALUE,
        "inputSize and hiddenSize must give fewer than 2^31 weights per layer, got inputSize "
            + inputSize
            + ", hiddenSize "
            + hiddenSize);
  }

  /**
   * Checks the stack fields as this record does, for the model configs that hold them: {@code
   * hiddenSize > 0}, {@code numLayers > 0} and {@code dropout} in [0, 1).
   *
   * <pre>{@code
   * LstmConfig.checkStack(hiddenSize, numLayers, dropout); // in a config's compact constructor
   * }</pre>
   *
   * @param hiddenSize H: units per direction
   * @param numLayers stacked layers
   * @param dropout probability of zeroing a layer's output before the next layer
   * @throws IllegalArgumentException naming the first field out of range and its value
   */
  public static void checkStack(int hiddenSize, int numLayers, double dropout) {
    Checks.positive("hiddenSize", hiddenSize);
    Checks.positive("numLayers", numLayers);
    Checks.inHalfOpenRange("dropout", dropout, 0.0, 1.0);
  }

  /**
   * One unidirectional layer without dropout, PyTorch's initialisation, forget bias 1.
   *
   * @param inputSize I
   * @param hiddenSize H
   * @return the config
   */
  public static LstmConfig of(int inputSize, int hiddenSize) {
    return new LstmConfig(
        inputSize, hiddenSize, 1, false, 0.0, 1.0, Init.PYTORCH_DEFAULT, Init.PYTORCH_DEFAULT);
  }

  /**
   * Returns the number of directions D.
   *
   * @return 2 if bidirectional, else 1
   */
  public int numDirections() {
    return bidirectional ? 2 : 1;
  }

  /**
   * Returns the width of the output: D·H.
   *
   * @return the features per time step of the last layer's output
   */
  public int outputSize() {
    return numDirections() * hiddenSize;
  }

  /**
   * Returns the input width of a layer: I for layer 0, D·H above.
   *
   * @param layer the layer index
   * @return that layer's input size
   */
  public int layerInputSize(int layer) {
    return layer == 0 ? inputSize : outputSize();
  }

  /**
   * Returns the number of values an {@link Lstm} with this config registers: for each layer l and
   * direction, 4H·in_l ({@code weight_ih}) + 4H·H ({@code weight_hh}) + 4H ({@code bias}). A model
   * loader compares it with the values a file holds before it builds anything.
   *
   * @return Σ over layers of D·4H·(in_l + H + 1), saturating at {@link Long#MAX_VALUE} (far more
   *     than one {@link Parameters} can hold)
   */
  public long parameterCount() {
    long first = (long) numDirections() * 4 * hiddenSize * (inputSize + hiddenSize + 1L);
    long above = (long) numDirections() * 4 * hiddenSize * (outputSize() + hiddenSize + 1L);
    long layersAbove = numLayers - 1L;
    if (layersAbove > 0 && above > (Long.MAX_VALUE - first) / layersAbove) {
      return Long.MAX_VALUE;
    }
    return first + layersAbove * above;
  }

  /**
   * Returns a copy with another layer count.
   *
   * @param value the number of layers
   * @return the new config
   */
  public LstmConfig withNumLayers(int value) {
    return Records.with(this, "numLayers", value);
  }

  /**
   * Returns a copy that is (or is not) bidirectional.
   *
   * @param value whether to add a reverse direction
   * @return the new config
   */
  public LstmConfig withBidirectional(boolean value) {
    return Records.with(this, "bidirectional", value);
  }

  /**
   * Returns a copy with another dropout between layers.
   *
   * @param value the probability, in [0, 1)
   * @return the new config
   */
  public LstmConfig withDropout(double value) {
    return Records.with(this, "dropout", value);
  }

  /**
   * Returns a copy with another initial forget-gate bias.
   *
   * @param value the bias
   * @return the new config
   */
  public LstmConfig withForgetBias(double value) {
    return Records.with(this, "forgetBias", value);
  }

  /**
   * Returns a copy with other initialisers.
   *
   * @param input for {@code weight_ih}
   * @param recurrent for {@code weight_hh}
   * @return the new config
   */
  public LstmConfig withInit(Init input, Init recurrent) {
    return Records.with(Records.with(this, "inputInit", input), "recurrentInit", recurrent);
  }
}
