/**
 * Layers with forward and backward side by side: the LSTM ({@code Lstm}, {@code LstmLayer}, {@code
 * LstmCell}), {@code Embedding}, {@code Linear}, the losses ({@code SoftmaxCrossEntropy}, and the
 * {@code ElementwiseLoss}es {@code MeanSquaredError}, {@code HuberLoss} and {@code
 * SigmoidBinaryCrossEntropy}, each with a {@code Reduction} and a row mask), and the flat {@code
 * Parameters} they train.
 *
 * <p>Letters inside the layers: {@code T} sequence length, {@code B} batch size, {@code I} input
 * size, {@code H} hidden size, {@code D} directions. Sequences are time-major (T, B, F).
 */
package io.github.lstm4j.core.nn;
