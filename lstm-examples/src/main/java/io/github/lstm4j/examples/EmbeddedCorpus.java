package io.github.lstm4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The default training text of the examples: lstm4j's own Java sources, embedded in the examples
 * jar at build time, so that an example can train without downloading anything.
 *
 * <p>The build ({@code src/build/SourceCorpusWriter.java}, run in {@code generate-resources})
 * concatenates every {@code src/main/java/**}{@code /*.java} of lstm-core, lstm-text, lstm-vision
 * and lstm-examples, sorted by path, each file preceded by a line {@code // file: PATH}. It is not
 * a natural-language corpus: a character model trained on it learns Java.
 *
 * <pre>{@code
 * String text = EmbeddedCorpus.load();
 * }</pre>
 */
public final class EmbeddedCorpus {
  /** The classpath location of the corpus. */
  public static final String RESOURCE = "/io/github/lstm4j/examples/corpus/lstm4j-sources.txt";

  private EmbeddedCorpus() {}

  /**
   * Reads the embedded corpus.
   *
   * @return the whole text, decoded as UTF-8
   * @throws IllegalStateException if the resource is not on the classpath (the examples were not
   *     built with Maven)
   * @throws UncheckedIOException if the resource cannot be read
   */
  public static String load() {
    try (InputStream in = EmbeddedCorpus.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the embedded corpus "
                + RESOURCE
                + " is not on the classpath; build the examples with Maven"
                + " (mvn -pl lstm-examples -am package), whose generate-resources phase writes it");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the embedded corpus " + RESOURCE, e);
    }
  }
}
