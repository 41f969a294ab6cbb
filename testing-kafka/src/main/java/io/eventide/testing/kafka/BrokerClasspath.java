package io.eventide.testing.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The broker's class path, written by the build of {@code testing-kafka/broker} as absolute paths
 * into the local Maven repository.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class BrokerClasspath {
  static final String RESOURCE = "io/eventide/testing/kafka/broker.classpath";

  private BrokerClasspath() {}

  /** The class path, every entry checked to exist so that a stale file fails here, clearly. */
  static String read() {
    String classpath = load().trim();
    if (classpath.isEmpty()) {
      throw new IllegalStateException(RESOURCE + " is empty: rebuild testing-kafka/broker");
    }
    for (String entry : classpath.split(Pattern.quote(java.io.File.pathSeparator))) {
      if (!Files.exists(Path.of(entry))) {
        throw new IllegalStateException(
            "broker class path entry "
                + entry
                + " is missing: rebuild testing-kafka/broker (mvn -pl testing-kafka/broker package)");
      }
    }
    return classpath;
  }

  private static String load() {
    try (InputStream in = BrokerClasspath.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE
                + " is not on the class path: depend on io.eventide:testing-kafka, which brings"
                + " testing-kafka-broker");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
