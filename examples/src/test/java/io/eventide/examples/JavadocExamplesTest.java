package io.eventide.examples;

import io.eventide.javadoc.JavadocExamplesCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every Javadoc example of the examples module is code compiled, and run, in this package, the
 * module's own: its tests of the example functions are where the module's example belongs.
 */
class JavadocExamplesTest {
  @Test
  void everyJavadocExampleIsACompiledExample() {
    JavadocExamplesCheck.assertExamplesCompiled(
        Path.of("src/main/java"), Path.of("src/test/java/io/eventide/examples"));
  }
}
