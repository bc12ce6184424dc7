/**
 * Optimizers that update {@code Parameters} from their accumulated gradients, gradient clipping and
 * learning-rate schedules.
 */
package io.github.lstm4j.core.optim;
