/**
 * Optimizers that update {@code Parameters} from their accumulated gradients (each step refused or
 * skipped, per {@link io.github.lstm4j.core.optim.NonFinitePolicy}, when its loss or a gradient is
 * not finite), gradient clipping and learning-rate schedules.
 */
package io.github.lstm4j.core.optim;
