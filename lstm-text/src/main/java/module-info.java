/**
 * lstm4j text: vocabularies, compact token sequences, char-rnn batching and sampling for character-
 * and word-level LSTM language models.
 */
module io.github.lstm4j.text {
  requires transitive io.github.lstm4j.core;

  exports io.github.lstm4j.text;
}
