/**
 * Ready-made models for users' own sequences, on the {@link io.github.lstm4j.core.train.Trainer}:
 * {@link io.github.lstm4j.core.model.SequenceClassifier} (one class per sequence) and {@link
 * io.github.lstm4j.core.model.SequenceTagger} (one class per step), over token ids or float
 * features of different lengths, scored by {@link
 * io.github.lstm4j.core.model.ClassificationMetrics}. Sequences are time-major inside, lists of
 * arrays at the API.
 */
package io.github.lstm4j.core.model;
