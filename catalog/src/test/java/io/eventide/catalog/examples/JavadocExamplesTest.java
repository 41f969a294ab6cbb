package io.eventide.catalog.examples;

import io.eventide.javadoc.JavadocExamplesCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every Javadoc example of the catalog module is code compiled, and run, in this package. */
class JavadocExamplesTest {
  @Test
  void everyJavadocExampleIsACompiledExample() {
    JavadocExamplesCheck.assertExamplesCompiled(
        Path.of("src/main/java"), Path.of("src/test/java/io/eventide/catalog/examples"));
  }
}
