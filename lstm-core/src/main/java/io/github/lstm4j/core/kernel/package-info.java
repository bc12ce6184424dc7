/**
 * Loops on {@code float[]} plus offsets: matrix products and pointwise functions.
 *
 * <p>Not exported: layers in {@code nn} are the public face of these kernels. Kernels allocate
 * nothing and validate nothing beyond {@code assert}; the public entry points that call them check
 * shapes once. Matrices are row-major and contiguous; BLAS letters {@code m, n, k} name the sizes
 * of C (m×n) = A (m×k) · B (k×n).
 */
package io.github.lstm4j.core.kernel;
