/**
 * Layers with forward and backward side by side: the LSTM ({@code Lstm}, {@code LstmLayer}, {@code
 * LstmCell}), {@code Linear}, {@code SoftmaxCrossEntropy}, and the flat {@code Parameters} they
 * train.
 *
 * <p>Letters inside the layers: {@code T} sequence length, {@code B} batch size, {@code I} input
 * size, {@code H} hidden size, {@code D} directions. Sequences are time-major (T, B, F).
 */
package io.github.lstm4j.core.nn;
