/**
 * {@link io.github.lstm4j.core.compute.ComputeContext}: the explicit thread pool every layer and
 * kernel runs on. There is no global thread setting.
 */
package io.github.lstm4j.core.compute;
