package io.eventide.dispatcher.examples;

import io.eventide.javadoc.JavadocExamplesCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every Javadoc example of the dispatcher is code compiled, and run, in its tests: the examples of
 * internal packages sit with those packages' tests, which can reach what they show.
 */
class JavadocExamplesTest {
  @Test
  void everyJavadocExampleIsACompiledExample() {
    JavadocExamplesCheck.assertExamplesCompiled(Path.of("src/main/java"), Path.of("src/test/java"));
  }
}
