package io.eventide.sdk.examples;

import io.eventide.javadoc.JavadocExamplesCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every Javadoc example of the SDK, internals and test driver included, is code compiled and mostly
 * run here.
 */
class JavadocExamplesTest {
  @Test
  void everyJavadocExampleIsACompiledExample() {
    JavadocExamplesCheck.assertExamplesCompiled(
        Path.of("src/main/java"), Path.of("src/test/java/io/eventide/sdk/examples"));
  }
}
