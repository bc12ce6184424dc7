package io.github.lstm4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The training texts embedded in the examples jar, so that an example can train without downloading
 * anything.
 *
 * <ul>
 *   <li>{@link #SHAKESPEARE}: Tiny Shakespeare, the 1,115,394-character text of char-rnn ({@code
 *       data/tinyshakespeare/input.txt} in github.com/karpathy/char-rnn, SHA-256 {@code
 *       86c4e6aa…c565ed}), stored gzip-compressed; Shakespeare's works are in the public domain.
 *   <li>{@link #LSTM4J_SOURCES}: lstm4j's own Java sources. The build ({@code
 *       src/build/SourceCorpusWriter.java}, run in {@code generate-resources}) concatenates every
 *       {@code src/main/java/**}{@code /*.java} of lstm-core, lstm-text, lstm-vision and
 *       lstm-examples, sorted by path, each file preceded by a line {@code // file: PATH}. A
 *       character model trained on it learns Java, not English.
 * </ul>
 *
 * <pre>{@code
 * String text = EmbeddedCorpus.SHAKESPEARE.load();
 * }</pre>
 */
public enum EmbeddedCorpus {
  /** Tiny Shakespeare (char-rnn's corpus), the default of {@code textgen}. */
  SHAKESPEARE("/io/github/lstm4j/examples/corpus/tinyshakespeare.txt.gz", "Tiny Shakespeare"),
  /** lstm4j's own Java sources, written into the jar at build time. */
  LSTM4J_SOURCES("/io/github/lstm4j/examples/corpus/lstm4j-sources.txt", "lstm4j's Java sources");

  private final String resource; // the classpath location, .gz when stored compressed
  private final String title;

  EmbeddedCorpus(String resource, String title) {
    this.resource = resource;
    this.title = title;
  }

  /**
   * Returns a human-readable name for banners.
   *
   * @return the title, such as "Tiny Shakespeare"
   */
  public String title() {
    return title;
  }

  /**
   * Reads the embedded text.
   *
   * @return the whole text, decoded as UTF-8 (and decompressed if stored as gzip)
   * @throws IllegalStateException if the resource is not on the classpath (the examples were not
   *     built with Maven)
   * @throws UncheckedIOException if the resource cannot be read
   */
  public String load() {
    try (InputStream in = EmbeddedCorpus.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "the embedded corpus "
                + resource
                + " is not on the classpath; build the examples with Maven"
                + " (mvn -pl lstm-examples -am package)");
      }
      byte[] bytes =
          resource.endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the embedded corpus " + resource, e);
    }
  }
}
