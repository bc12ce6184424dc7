package io.github.lstm4j.text;

/**
 * A bijection between tokens and ids {@code 0..size()-1}: how a language model reads and writes
 * text.
 *
 * <p>Two kinds exist: {@link CharVocabulary} (a token is one Unicode code point; encoding is exact
 * and an unknown character is an error) and {@link WordVocabulary} (a token is a word, a
 * punctuation mark or a newline; unknown words become {@code <unk>} and decoding re-inserts
 * spaces). A vocabulary is immutable and safe to share between threads.
 *
 * <p>{@link #toJson()} and {@link #fromJson(String)} turn a vocabulary into a short ASCII-only
 * string and back, so that a model file can keep it in its string metadata:
 *
 * <pre>{@code
 * String json = vocabulary.toJson(); // {"type":"char","codePoints":[10,32,33,...]}
 * Vocabulary same = Vocabulary.fromJson(json);
 * }</pre>
 */
public sealed interface Vocabulary permits CharVocabulary, WordVocabulary {

  /**
   * Returns the number of ids.
   *
   * @return {@code V}, at least 1
   */
  int size();

  /**
   * Returns the token an id stands for.
   *
   * @param id the id, {@code 0 <= id < size()}
   * @return the token text
   * @throws IllegalArgumentException if {@code id} is out of range
   */
  String token(int id);

  /**
   * Splits a text into tokens and returns their ids.
   *
   * @param text the text
   * @return one id per token, in text order
   * @throws IllegalArgumentException if the text holds a token this vocabulary cannot represent
   *     (only {@link CharVocabulary} has such tokens)
   */
  int[] encode(CharSequence text);

  /**
   * Splits a text into tokens and returns their ids in 16 bits each, for a vocabulary of at most
   * 65536 tokens: {@code ids[i] & 0xFFFF} is the id. A {@link CharVocabulary} writes them straight,
   * without the temporary {@code int[]} of {@link #encode}, which would double the peak memory of a
   * large text.
   *
   * <pre>{@code
   * short[] ids = vocabulary.encodeCompact(text);
   * }</pre>
   *
   * @param text the text
   * @return one id per token, in text order, each as its low 16 bits
   * @throws IllegalArgumentException as {@link #encode} does
   * @throws IllegalStateException if the vocabulary has more than 65536 tokens
   */
  default short[] encodeCompact(CharSequence text) {
    if (size() > 1 << 16) {
      throw new IllegalStateException("size() must be <= 65536 for 16-bit ids, got " + size());
    }
    int[] ids = encode(text);
    short[] compact = new short[ids.length];
    for (int i = 0; i < ids.length; i++) {
      compact[i] = (short) ids[i];
    }
    return compact;
  }

  /**
   * Turns ids back into text.
   *
   * @param ids ids, each {@code 0 <= id < size()}
   * @return the text
   * @throws IllegalArgumentException if an id is out of range
   */
  String decode(int... ids);

  /**
   * Returns this vocabulary as a JSON object of printable ASCII characters (every other character
   * is written as a {@code \}{@code uXXXX} escape), readable by {@link #fromJson(String)}.
   *
   * @return the JSON text
   */
  String toJson();

  /**
   * Reads a vocabulary written by {@link #toJson()}.
   *
   * @param json the JSON text
   * @return a vocabulary equal to the one that was written
   * @throws IllegalArgumentException if {@code json} is not a vocabulary written by {@link
   *     #toJson()}, naming what is wrong
   */
  static Vocabulary fromJson(String json) {
    return VocabularyJson.read(json);
  }
}
