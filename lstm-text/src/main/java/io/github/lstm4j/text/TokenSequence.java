package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;
import java.util.Objects;

/**
 * A corpus as an immutable sequence of token ids, stored compactly: 2 bytes per id when {@code V <=
 * 65536} (a {@code short[]} read as unsigned), 4 bytes otherwise.
 *
 * <p>It is the one copy of the training text that {@link TokenBatches} and {@link
 * TrainValidationSplit} read; neither copies it again. For a {@link CharVocabulary} a token is one
 * code point, so a 1 MB ASCII text costs 2 MB here, with no {@code int[]} in between.
 *
 * <pre>{@code
 * CharVocabulary vocabulary = CharVocabulary.of(text);
 * TokenSequence ids = TokenSequence.encode(text, vocabulary);
 * }</pre>
 */
public final class TokenSequence {
  /** The largest vocabulary whose ids fit the 2-byte storage. */
  private static final int SHORT_IDS_MAX_VOCAB = 1 << 16;

  private final short[] shortIds; // (N) id & 0xFFFF, when vocabSize <= 65536; else null
  private final int[] intIds; // (N) when vocabSize > 65536; else null
  private final int offset; // where this sequence starts in the array (a sub-sequence is a view)
  private final int length;
  private final int vocabSize;

  private TokenSequence(short[] shortIds, int[] intIds, int length, int vocabSize) {
    this(shortIds, intIds, 0, length, vocabSize);
  }

  private TokenSequence(short[] shortIds, int[] intIds, int offset, int length, int vocabSize) {
    this.shortIds = shortIds;
    this.intIds = intIds;
    this.offset = offset;
    this.length = length;
    this.vocabSize = vocabSize;
  }

  /**
   * Encodes a text with a vocabulary.
   *
   * @param text the text
   * @param vocabulary the vocabulary to encode with
   * @return the ids of the text's tokens
   * @throws IllegalArgumentException if the vocabulary cannot encode the text (an unknown character
   *     of a {@link CharVocabulary})
   */
  public static TokenSequence encode(CharSequence text, Vocabulary vocabulary) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(vocabulary, "vocabulary");
    int vocabSize = vocabulary.size();
    if (vocabSize <= SHORT_IDS_MAX_VOCAB) {
      short[] ids = vocabulary.encodeCompact(text);
      return new TokenSequence(ids, null, ids.length, vocabSize);
    }
    return of(vocabulary.encode(text), vocabSize);
  }

  /**
   * Copies ids into a sequence.
   *
   * @param ids the ids, each {@code 0 <= id < vocabSize}
   * @param vocabSize the vocabulary size {@code V}, {@code > 0}
   * @return the sequence
   * @throws IllegalArgumentException if {@code vocabSize <= 0} or an id is out of range
   */
  public static TokenSequence of(int[] ids, int vocabSize) {
    Objects.requireNonNull(ids, "ids");
    Checks.positive("vocabSize", vocabSize);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= vocabSize) {
        throw new IllegalArgumentException(
            "ids[" + i + "] must be in [0, " + vocabSize + "), got " + ids[i]);
      }
    }
    if (vocabSize > SHORT_IDS_MAX_VOCAB) {
      return new TokenSequence(null, ids.clone(), ids.length, vocabSize);
    }
    short[] compact = new short[ids.length];
    for (int i = 0; i < ids.length; i++) {
      compact[i] = (short) ids[i];
    }
    return new TokenSequence(compact, null, ids.length, vocabSize);
  }

  /**
   * Returns the number of ids.
   *
   * @return {@code N}
   */
  public int length() {
    return length;
  }

  /**
   * Returns the size of the vocabulary the ids come from.
   *
   * @return {@code V}; every id is in {@code [0, V)}
   */
  public int vocabSize() {
    return vocabSize;
  }

  /**
   * Returns the bytes each id takes.
   *
   * @return 2 if {@code vocabSize <= 65536}, else 4
   */
  public int bytesPerId() {
    return shortIds != null ? Short.BYTES : Integer.BYTES;
  }

  /**
   * Returns one id.
   *
   * @param index the position, {@code 0 <= index < length()}
   * @return the id at that position
   * @throws IllegalArgumentException if {@code index} is out of range
   */
  public int id(int index) {
    Checks.index("index", index, length);
    return idUnchecked(index);
  }

  /** Reads an id whose index the caller has validated (the batching loop). */
  int idUnchecked(int index) {
    assert index >= 0 && index < length : index;
    return shortIds != null ? shortIds[offset + index] & 0xFFFF : intIds[offset + index];
  }

  /**
   * Returns a range of ids as a view sharing this sequence's storage (sequences are immutable).
   *
   * @param from the first position, inclusive
   * @param to the end position, exclusive; {@code 0 <= from <= to <= length()}
   * @return the ids in {@code [from, to)}
   * @throws IllegalArgumentException if the range is out of bounds
   */
  public TokenSequence subSequence(int from, int to) {
    if (from < 0 || from > to || to > length) {
      throw new IllegalArgumentException(
          "range must satisfy 0 <= from <= to <= length() = "
              + length
              + ", got from "
              + from
              + ", to "
              + to);
    }
    // A view, not a copy: a train/validation split of a large corpus costs no extra memory.
    return new TokenSequence(shortIds, intIds, offset + from, to - from, vocabSize);
  }

  /**
   * Returns the ids as a new {@code int[]}.
   *
   * @return {@code (N)} ids
   */
  public int[] toArray() {
    int[] ids = new int[length];
    for (int i = 0; i < length; i++) {
      ids[i] = idUnchecked(i);
    }
    return ids;
  }
}
