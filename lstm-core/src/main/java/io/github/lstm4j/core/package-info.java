/**
 * Conventions shared by every lstm4j package.
 *
 * <ul>
 *   <li>All tensors are {@code float[]}, row-major. A matrix of shape (rows, cols) keeps element
 *       (r, c) at {@code offset + r * cols + c}.
 *   <li>Sequence batches are time-major: shape (T, B, F) with time step {@code t} of sample {@code
 *       b} at {@code (t * B + b) * F}. There is no batch-first flag.
 *   <li>Dimension letters used in comments and inside kernels: {@code T} sequence length, {@code B}
 *       batch size, {@code I} input size, {@code H} hidden size, {@code V} vocabulary or class
 *       count, {@code D} number of directions (1 or 2).
 *   <li>A {@code d} prefix names the gradient of the loss with respect to the forward quantity of
 *       the same name and shape: {@code dGates}, {@code dH}, {@code dWeightIh}.
 *   <li>LSTM gate blocks are ordered as in PyTorch: input, forget, cell (g), output.
 * </ul>
 *
 * <p>{@link io.github.lstm4j.core.Checks} holds the argument checks every public entry point uses.
 */
package io.github.lstm4j.core;
