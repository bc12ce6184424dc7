/**
 * Language-model data for LSTMs: text ↔ token ids, training batches, and choosing the next token.
 *
 * <ul>
 *   <li>{@link io.github.lstm4j.text.Vocabulary} maps text to ids {@code 0..V-1} and back: {@link
 *       io.github.lstm4j.text.CharVocabulary} (one id per Unicode code point) or {@link
 *       io.github.lstm4j.text.WordVocabulary} (the most frequent words plus {@code <unk>}).
 *   <li>{@link io.github.lstm4j.text.TokenSequence} holds a corpus as compact ids; {@link
 *       io.github.lstm4j.text.TrainValidationSplit} cuts it into a training and a validation part.
 *   <li>{@link io.github.lstm4j.text.TokenBatches} cuts a sequence into {@code B} contiguous
 *       streams and serves time-major (T, B) windows whose hidden state can be carried from one
 *       window to the next.
 *   <li>{@link io.github.lstm4j.text.Sampler} picks the next id from logits under a {@link
 *       io.github.lstm4j.text.SamplingConfig} (temperature, top-k, top-p) with a seeded {@link
 *       io.github.lstm4j.core.Rng}; {@link io.github.lstm4j.text.BeamSearchConfig} configures
 *       {@link io.github.lstm4j.text.CharLstm#beamSearch} instead.
 *   <li>{@link io.github.lstm4j.text.CorpusWords} measures how many words of a sample are real
 *       words of the corpus.
 *   <li>{@link io.github.lstm4j.text.TextClassifier} classifies whole texts ({@link
 *       io.github.lstm4j.text.LabeledText}) with a character-level {@link
 *       io.github.lstm4j.core.model.SequenceClassifier}.
 * </ul>
 *
 * <p>Dimension letters as in {@code io.github.lstm4j.core}: {@code T} sequence length ({@code
 * seqLen}), {@code B} batch size, {@code V} vocabulary size, {@code N} number of ids in a corpus.
 */
package io.github.lstm4j.text;
