/**
 * The one training engine: {@link io.github.lstm4j.core.train.Trainer} runs a {@link
 * io.github.lstm4j.core.train.TrainingTask} (a model's loss step and validation) with the
 * optimizer, schedule, clipping, non-finite policy, validation, early stopping, best-model keeping
 * and exact resume of a {@link io.github.lstm4j.core.train.TrainerConfig}, and reports through one
 * {@link io.github.lstm4j.core.train.TrainingListener}. It knows {@code nn}, {@code optim} and
 * {@code io}; none of them knows it.
 */
package io.github.lstm4j.core.train;
