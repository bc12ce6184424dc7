package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.Objects;

/**
 * The distinct Unicode code points of a corpus, sorted ascending, with ids {@code 0..V-1} in that
 * order: the vocabulary of a character-level language model.
 *
 * <p>A token is a code point, not a UTF-16 {@code char}: {@code "😀"} (two chars) is one token. An
 * unpaired surrogate in the text is treated as a code point of its own, so every string survives
 * {@code decode(encode(text))} unchanged. (The reverse can fail only for ids of a lone high
 * surrogate followed by a lone low surrogate, which Java strings cannot keep apart.)
 *
 * <p>It is not a tokenizer with an unknown token: encoding a character the corpus did not contain
 * throws, because a model cannot read it. Lookups are a binary search over the sorted code points.
 *
 * <pre>{@code
 * CharVocabulary vocabulary = CharVocabulary.of("hello world");
 * int[] ids = vocabulary.encode("hello"); // [3, 2, 4, 4, 5]
 * String text = vocabulary.decode(ids); // "hello"
 * }</pre>
 */
public final class CharVocabulary implements Vocabulary {
  private final int[] codePoints; // (V) strictly ascending; id = index

  private CharVocabulary(int[] codePoints) {
    this.codePoints = codePoints;
  }

  /**
   * Collects the distinct code points of a corpus.
   *
   * @param corpus the text to learn the characters from
   * @return its vocabulary, code points sorted ascending
   * @throws IllegalArgumentException if {@code corpus} is empty
   */
  public static CharVocabulary of(CharSequence corpus) {
    Objects.requireNonNull(corpus, "corpus");
    Checks.argument(corpus.length() > 0, "text must not be empty");
    BitSet seen = new BitSet(128);
    for (int i = 0; i < corpus.length(); ) {
      int codePoint = Character.codePointAt(corpus, i);
      seen.set(codePoint);
      i += Character.charCount(codePoint);
    }
    return new CharVocabulary(seen.stream().toArray());
  }

  /**
   * Rebuilds a vocabulary from its code points, as returned by {@link #codePoints()}.
   *
   * @param codePoints valid code points ({@code 0..0x10FFFF}), strictly ascending, at least one
   * @return the vocabulary with {@code id(codePoints[i]) == i}
   * @throws IllegalArgumentException if the array is empty, holds an invalid code point or is not
   *     strictly ascending
   */
  public static CharVocabulary ofCodePoints(int... codePoints) {
    Objects.requireNonNull(codePoints, "codePoints");
    Checks.argument(codePoints.length > 0, "codePoints must not be empty");
    int[] copy = codePoints.clone();
    for (int i = 0; i < copy.length; i++) {
      if (!Character.isValidCodePoint(copy[i])) {
        throw new IllegalArgumentException(
            "codePoints["
                + i
                + "] must be a code point in [0, 0x10FFFF], got "
                + copy[i]
                + "; was the vocabulary written by another program?");
      }
      if (i > 0 && copy[i] <= copy[i - 1]) {
        throw new IllegalArgumentException(
            "codePoints must be strictly ascending, got "
                + hex(copy[i])
                + " at index "
                + i
                + " after "
                + hex(copy[i - 1]));
      }
    }
    return new CharVocabulary(copy);
  }

  @Override
  public int size() {
    return codePoints.length;
  }

  /**
   * Returns the id of a code point.
   *
   * @param codePoint a code point of this vocabulary
   * @return its id, {@code 0 <= id < size()}
   * @throws IllegalArgumentException if the code point is not in the vocabulary, with a message
   *     that shows the character, its code point and the vocabulary size
   */
  public int id(int codePoint) {
    int id = Arrays.binarySearch(codePoints, codePoint);
    if (id < 0) {
      throw new IllegalArgumentException(
          "character '"
              + describe(codePoint)
              + "' ("
              + hex(codePoint)
              + ") is not in the vocabulary ("
              + characterCount()
              + "); was the model trained on a different text?");
    }
    return id;
  }

  /**
   * Tells whether a code point has an id.
   *
   * @param codePoint any int
   * @return true if {@link #id(int)} would succeed
   */
  public boolean contains(int codePoint) {
    return Arrays.binarySearch(codePoints, codePoint) >= 0;
  }

  /**
   * Returns the code point an id stands for.
   *
   * @param id the id, {@code 0 <= id < size()}
   * @return the code point
   * @throws IllegalArgumentException if {@code id} is out of range
   */
  public int codePoint(int id) {
    return codePoints[Checks.index("id", id, codePoints.length)];
  }

  /**
   * Returns all code points in id order; {@link #ofCodePoints(int...)} rebuilds the vocabulary.
   *
   * @return a copy of the strictly ascending code points
   */
  public int[] codePoints() {
    return codePoints.clone();
  }

  /**
   * Returns the character of an id as a string of one or two chars.
   *
   * @param id the id, {@code 0 <= id < size()}
   * @return the character
   * @throws IllegalArgumentException if {@code id} is out of range
   */
  @Override
  public String token(int id) {
    return new String(Character.toChars(codePoint(id)));
  }

  /**
   * Returns the id of every code point of a text.
   *
   * @param text the text
   * @return {@code (codePointCount)} ids
   * @throws IllegalArgumentException if a character is not in the vocabulary, naming it
   */
  @Override
  public int[] encode(CharSequence text) {
    Objects.requireNonNull(text, "text");
    int[] ids = new int[Character.codePointCount(text, 0, text.length())];
    int n = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = Character.codePointAt(text, i);
      ids[n++] = id(codePoint);
      i += Character.charCount(codePoint);
    }
    return ids;
  }

  @Override
  public short[] encodeCompact(CharSequence text) {
    Objects.requireNonNull(text, "text");
    if (size() > 1 << 16) {
      throw new IllegalStateException("size() must be <= 65536 for 16-bit ids, got " + size());
    }
    short[] ids = new short[Character.codePointCount(text, 0, text.length())];
    int n = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = Character.codePointAt(text, i);
      ids[n++] = (short) id(codePoint);
      i += Character.charCount(codePoint);
    }
    return ids;
  }

  /**
   * Concatenates the characters of ids.
   *
   * @param ids ids, each {@code 0 <= id < size()}
   * @return the text
   * @throws IllegalArgumentException if an id is out of range
   */
  @Override
  public String decode(int... ids) {
    Objects.requireNonNull(ids, "ids");
    StringBuilder text = new StringBuilder(ids.length);
    for (int id : ids) {
      text.appendCodePoint(codePoint(id));
    }
    return text.toString();
  }

  /**
   * Returns {@code {"type":"char","codePoints":[...]}} with the code points as decimal numbers.
   *
   * @return the JSON text
   */
  @Override
  public String toJson() {
    return VocabularyJson.write(this);
  }

  /**
   * Two character vocabularies are equal when they hold the same code points.
   *
   * @param other any object
   * @return true if {@code other} is a {@code CharVocabulary} with the same code points
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof CharVocabulary that && Arrays.equals(codePoints, that.codePoints);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(codePoints);
  }

  /**
   * Returns a short description such as {@code CharVocabulary(65 characters)}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "CharVocabulary(" + characterCount() + ")";
  }

  private String characterCount() {
    return codePoints.length + (codePoints.length == 1 ? " character" : " characters");
  }

  /** Formats {@code U+00E9}, {@code U+1F600}. */
  static String hex(int codePoint) {
    return String.format(Locale.ROOT, "U+%04X", codePoint);
  }

  /**
   * Shows a character inside quotes: itself if it prints, a Java escape ({@code \n}, {@code
   * \}{@code u0001}, {@code \}{@code uD800}) if it is a control, format, separator, surrogate,
   * private-use or unassigned code point.
   */
  static String describe(int codePoint) {
    switch (codePoint) {
      case '\n':
        return "\\n";
      case '\t':
        return "\\t";
      case '\r':
        return "\\r";
      case '\b':
        return "\\b";
      case '\f':
        return "\\f";
      case '\'':
        return "\\'";
      case '\\':
        return "\\\\";
      default:
        break;
    }
    if (!Character.isValidCodePoint(codePoint)) {
      return "?";
    }
    switch (Character.getType(codePoint)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.UNASSIGNED:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
        StringBuilder escaped = new StringBuilder();
        for (char unit : Character.toChars(codePoint)) {
          escaped.append(String.format(Locale.ROOT, "\\u%04X", (int) unit));
        }
        return escaped.toString();
      default:
        return new String(Character.toChars(codePoint));
    }
  }
}
