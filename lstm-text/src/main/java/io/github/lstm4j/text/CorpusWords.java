package io.github.lstm4j.text;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The words of a corpus, to measure how many words of a generated sample are real: the word hit
 * rate is the fraction of the sample's words of at least {@link #MIN_LENGTH} letters that occur in
 * the corpus.
 *
 * <p>A word is a maximal run of letters ({@link Character#isLetter(int)}, so "ne'er" is "ne" and
 * "er", and digits and punctuation separate words); words are compared exactly, case included.
 * Shorter words are left out because a character model produces them by chance ("th", "an"). It is
 * a coarse measure of spelling, not of grammar or sense: a sample of real words in random order
 * scores 1.
 *
 * <pre>{@code
 * CorpusWords words = CorpusWords.of(corpus);
 * double hit = words.hitRate(model.generate("", 500, sampling, 42L)); // 0.74: 74% real words
 * }</pre>
 */
public final class CorpusWords {
  /** The shortest word counted, in letters (code points). */
  public static final int MIN_LENGTH = 3;

  private final Set<String> words;

  private CorpusWords(Set<String> words) {
    this.words = words;
  }

  /**
   * Collects the words of a corpus.
   *
   * @param corpus any text
   * @return its set of words of at least {@link #MIN_LENGTH} letters
   */
  public static CorpusWords of(CharSequence corpus) {
    Set<String> words = new HashSet<>();
    forEachWord(corpus, words::add);
    return new CorpusWords(words);
  }

  /**
   * Returns how many distinct words of at least {@link #MIN_LENGTH} letters the corpus has.
   *
   * @return the count
   */
  public int size() {
    return words.size();
  }

  /**
   * Tells whether a word occurs in the corpus.
   *
   * @param word a run of letters
   * @return true if the corpus has it (exactly, case included)
   */
  public boolean contains(String word) {
    return words.contains(word);
  }

  /**
   * Returns the fraction of a sample's words (of at least {@link #MIN_LENGTH} letters, each
   * occurrence counted) that occur in the corpus.
   *
   * @param sample any text
   * @return hits / words in [0, 1], or NaN if the sample has no word of {@link #MIN_LENGTH} letters
   */
  public double hitRate(CharSequence sample) {
    long[] counts = new long[2]; // total, hits
    forEachWord(
        sample,
        word -> {
          counts[0]++;
          if (words.contains(word)) {
            counts[1]++;
          }
        });
    return counts[0] == 0 ? Double.NaN : (double) counts[1] / counts[0];
  }

  /** Calls {@code sink} with each maximal run of at least MIN_LENGTH letters, in order. */
  private static void forEachWord(CharSequence text, Consumer<String> sink) {
    Objects.requireNonNull(text, "text");
    int start = -1; // char index where the current run of letters began, or -1
    int letters = 0; // code points in the current run
    int i = 0;
    while (i <= text.length()) {
      int cp = i < text.length() ? Character.codePointAt(text, i) : ' ';
      if (Character.isLetter(cp)) {
        if (start < 0) {
          start = i;
          letters = 0;
        }
        letters++;
      } else if (start >= 0) {
        if (letters >= MIN_LENGTH) {
          sink.accept(text.subSequence(start, i).toString());
        }
        start = -1;
      }
      i += i < text.length() ? Character.charCount(cp) : 1;
    }
  }
}
