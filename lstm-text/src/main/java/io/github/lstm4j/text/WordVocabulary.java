package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The most frequent words of a corpus plus {@code <unk>}: the vocabulary of a word-level language
 * model.
 *
 * <p><b>Tokens.</b> {@link #tokenize(CharSequence)} reads a text left to right:
 *
 * <ul>
 *   <li>a <i>word</i> is a maximal run of letters, digits, combining marks and apostrophes ({@code
 *       '} and {@code ’}), case kept: {@code "Don't"} is one token;
 *   <li>a newline {@code '\n'} is a token of its own;
 *   <li>any other whitespace (space, tab, {@code '\r'}, …) only separates tokens and is dropped;
 *   <li>every other code point (punctuation, symbols, an unpaired surrogate) is a token of its own.
 * </ul>
 *
 * <p>A vocabulary itself never holds an unpaired surrogate: building one from text or tokens that
 * contain one fails, because such a token has no UTF-8 or JSON form ({@link #toJson()}).
 *
 * <p><b>Ids.</b> Id 0 is {@link #UNKNOWN} ({@code "<unk>"}, which the tokenizer never produces,
 * since {@code '<'} is a token by itself); ids {@code 1..} are the {@code maxWords} most frequent
 * tokens by descending count, ties broken by first occurrence in the corpus. Punctuation and
 * newline tokens count as words here. Encoding maps every other token to id 0.
 *
 * <p><b>Decoding</b> is readable, not lossless: tokens are joined by one space, except none at a
 * line start, before or after a newline, before <code>. , ; : ! ? ) ] &#125;</code> and after
 * <code>( [ &#123;</code>. {@code "Hello, world!\n"} encodes and decodes to itself; {@code "a b"}
 * decodes to {@code "a b"}.
 *
 * <pre>{@code
 * WordVocabulary vocabulary = WordVocabulary.of(text, 10_000);
 * int[] ids = vocabulary.encode("To be, or not to be");
 * }</pre>
 */
public final class WordVocabulary implements Vocabulary {
  /** The token that stands for every word outside the vocabulary. */
  public static final String UNKNOWN = "<unk>";

  /** The id of {@link #UNKNOWN}. */
  public static final int UNKNOWN_ID = 0;

  private final String[] tokens; // (V) tokens[0] = UNKNOWN, then by descending corpus frequency
  private final Map<String, Integer> ids; // token -> id, for every token but UNKNOWN

  private WordVocabulary(String[] tokens) {
    this.tokens = tokens;
    this.ids = new HashMap<>(2 * tokens.length);
    for (int id = 1; id < tokens.length; id++) {
      ids.put(tokens[id], id);
    }
  }

  /**
   * Keeps the {@code maxWords} most frequent tokens of a corpus.
   *
   * @param corpus the text to count tokens in
   * @param maxWords how many tokens besides {@code <unk>} to keep at most, {@code > 0}
   * @return the vocabulary, of size {@code min(maxWords, distinct tokens) + 1}
   * @throws IllegalArgumentException if {@code corpus} has no token or holds an unpaired surrogate,
   *     or if {@code maxWords <= 0}
   */
  public static WordVocabulary of(CharSequence corpus, int maxWords) {
    Objects.requireNonNull(corpus, "corpus");
    Checks.positive("maxWords", maxWords);
    Checks.argument(corpus.length() > 0, "text must not be empty");
    requireWellFormed("text", corpus);
    Map<String, int[]> counts = new LinkedHashMap<>(); // insertion order = first occurrence
    for (String token : tokenize(corpus)) {
      counts.computeIfAbsent(token, t -> new int[1])[0]++;
    }
    Checks.argument(
        !counts.isEmpty(),
        "text must contain at least one token, got " + corpus.length() + " whitespace characters");
    List<Map.Entry<String, int[]>> byCount = new ArrayList<>(counts.entrySet());
    byCount.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0])); // stable
    int kept = Math.min(maxWords, byCount.size());
    String[] tokens = new String[kept + 1];
    tokens[0] = UNKNOWN;
    for (int i = 0; i < kept; i++) {
      tokens[i + 1] = byCount.get(i).getKey();
    }
    return new WordVocabulary(tokens);
  }

  /**
   * Rebuilds a vocabulary from its tokens, as returned by {@link #tokens()}.
   *
   * @param tokens {@code <unk>} first, then distinct tokens as {@link #tokenize(CharSequence)}
   *     produces them, in id order
   * @return the vocabulary with {@code token(i) == tokens.get(i)}
   * @throws IllegalArgumentException if the first token is not {@code <unk>}, a token repeats, is
   *     not exactly one token of the tokenizer, or is an unpaired surrogate
   */
  public static WordVocabulary ofTokens(List<String> tokens) {
    Objects.requireNonNull(tokens, "tokens");
    Checks.argument(
        !tokens.isEmpty() && UNKNOWN.equals(tokens.get(0)),
        "tokens must start with \"" + UNKNOWN + "\", got " + (tokens.isEmpty() ? "[]" : tokens));
    String[] copy = tokens.toArray(new String[0]);
    Map<String, Integer> firstIndex = new HashMap<>(2 * copy.length);
    for (int i = 1; i < copy.length; i++) {
      Objects.requireNonNull(copy[i], "tokens[" + i + "]");
      requireWellFormed("tokens[" + i + "]", copy[i]);
      if (!tokenize(copy[i]).equals(List.of(copy[i]))) {
        throw new IllegalArgumentException(
            "tokens["
                + i
                + "] must be a single token of WordVocabulary.tokenize, got \""
                + copy[i]
                + "\"");
      }
      Integer earlier = firstIndex.putIfAbsent(copy[i], i);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "tokens must be distinct, got \"" + copy[i] + "\" at indices " + earlier + " and " + i);
      }
    }
    return new WordVocabulary(copy);
  }

  /**
   * Splits a text into tokens by the rule in the class documentation.
   *
   * @param text any text
   * @return the tokens in text order; empty for an empty or all-whitespace text
   */
  public static List<String> tokenize(CharSequence text) {
    Objects.requireNonNull(text, "text");
    List<String> tokens = new ArrayList<>();
    int n = text.length();
    for (int i = 0; i < n; ) {
      int codePoint = Character.codePointAt(text, i);
      int start = i;
      i += Character.charCount(codePoint);
      if (codePoint == '\n') {
        tokens.add("\n");
      } else if (isWordPart(codePoint)) {
        while (i < n && isWordPart(Character.codePointAt(text, i))) {
          i += Character.charCount(Character.codePointAt(text, i));
        }
        tokens.add(text.subSequence(start, i).toString());
      } else if (!Character.isWhitespace(codePoint) && !Character.isSpaceChar(codePoint)) {
        tokens.add(text.subSequence(start, i).toString());
      }
    }
    return tokens;
  }

  /** Rejects text with a surrogate that is not half of a pair: it has no UTF-8 or JSON form. */
  private static void requireWellFormed(String name, CharSequence text) {
    for (int i = 0; i < text.length(); ) {
      int codePoint = Character.codePointAt(text, i);
      if (Character.getType(codePoint) == Character.SURROGATE) {
        throw new IllegalArgumentException(
            name
                + " must be well-formed UTF-16, got an unpaired surrogate "
                + CharVocabulary.hex(codePoint)
                + " at index "
                + i);
      }
      i += Character.charCount(codePoint);
    }
  }

  private static boolean isWordPart(int codePoint) {
    if (Character.isLetterOrDigit(codePoint) || codePoint == '\'' || codePoint == '\u2019') {
      return true;
    }
    int type = Character.getType(codePoint);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
  }

  @Override
  public int size() {
    return tokens.length;
  }

  @Override
  public String token(int id) {
    return tokens[Checks.index("id", id, tokens.length)];
  }

  /**
   * Returns the id of a token.
   *
   * @param token a token as {@link #tokenize(CharSequence)} produces it
   * @return its id, or {@link #UNKNOWN_ID} if it is not in the vocabulary
   */
  public int id(String token) {
    Objects.requireNonNull(token, "token");
    Integer id = ids.get(token);
    return id == null ? UNKNOWN_ID : id;
  }

  /**
   * Returns all tokens in id order; {@link #ofTokens(List)} rebuilds the vocabulary.
   *
   * @return an unmodifiable list starting with {@code <unk>}
   */
  public List<String> tokens() {
    return List.of(tokens);
  }

  /**
   * Tokenizes a text and returns the id of every token, {@link #UNKNOWN_ID} for unknown words.
   *
   * @param text the text
   * @return one id per token
   */
  @Override
  public int[] encode(CharSequence text) {
    List<String> words = tokenize(text);
    int[] encoded = new int[words.size()];
    for (int i = 0; i < encoded.length; i++) {
      encoded[i] = id(words.get(i));
    }
    return encoded;
  }

  /**
   * Joins the tokens of ids with the spacing rule in the class documentation.
   *
   * @param ids ids, each {@code 0 <= id < size()}
   * @return readable text; {@code <unk>} appears as itself
   * @throws IllegalArgumentException if an id is out of range
   */
  @Override
  public String decode(int... ids) {
    Objects.requireNonNull(ids, "ids");
    StringBuilder text = new StringBuilder();
    String previous = null;
    for (int id : ids) {
      String next = token(id);
      if (previous != null && spaceBetween(previous, next)) {
        text.append(' ');
      }
      text.append(next);
      previous = next;
    }
    return text.toString();
  }

  private static boolean spaceBetween(String previous, String next) {
    return !previous.equals("\n")
        && !next.equals("\n")
        && !(next.length() == 1 && ".,;:!?)]}".indexOf(next.charAt(0)) >= 0)
        && !(previous.length() == 1 && "([{".indexOf(previous.charAt(0)) >= 0);
  }

  /**
   * Returns {@code {"type":"word","tokens":["<unk>",...]}}.
   *
   * @return the JSON text
   */
  @Override
  public String toJson() {
    return VocabularyJson.write(this);
  }

  /**
   * Two word vocabularies are equal when they hold the same tokens in the same order.
   *
   * @param other any object
   * @return true if {@code other} is a {@code WordVocabulary} with the same tokens and ids
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof WordVocabulary that && Arrays.equals(tokens, that.tokens);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(tokens);
  }

  /**
   * Returns a short description such as {@code WordVocabulary(10001 tokens)}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "WordVocabulary(" + tokens.length + (tokens.length == 1 ? " token)" : " tokens)");
  }
}
