/**
 * {@link io.github.lstm4j.core.tensor.Tensor}: a {@code float[]} with a shape, the only array type
 * that crosses lstm4j's public API.
 */
package io.github.lstm4j.core.tensor;
