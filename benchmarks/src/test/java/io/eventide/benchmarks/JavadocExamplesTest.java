package io.eventide.benchmarks;

import io.eventide.javadoc.JavadocExamplesCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every Javadoc example of the benchmarks module is code compiled, and run, in this package's
 * tests: not in an examples package, since the one example so far is of a package-private class.
 */
class JavadocExamplesTest {
  @Test
  void everyJavadocExampleIsACompiledExample() {
    JavadocExamplesCheck.assertExamplesCompiled(
        Path.of("src/main/java"), Path.of("src/test/java/io/eventide/benchmarks"));
  }
}
