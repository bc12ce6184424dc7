package io.github.lstm4j.core.io;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a config record component that was added after files of the config existed: {@link
 * RecordJson} reads it as {@link #value()} when a file lacks it, and leaves it out when it has that
 * value, so files of the default keep the bytes they had before the component existed.
 *
 * <pre>{@code
 * public record ClassifierConfig(..., @JsonDefault("THROW") NonFinitePolicy nonFinitePolicy) {}
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface JsonDefault {
  /**
   * The value a file without the key means: an enum constant's name, a string's text, or a number
   * or boolean as JSON writes it.
   *
   * @return the default, as text
   */
  String value();
}
