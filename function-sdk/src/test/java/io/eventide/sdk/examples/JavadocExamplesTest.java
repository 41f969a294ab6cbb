package io.eventide.sdk.examples;

import static org.junit.jupiter.api.Assertions.fail;

import io.eventide.javadoc.JavadocExamplesCheck;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every Javadoc example of the SDK (internals and the test driver included) is code compiled,
 * and mostly run, in this package: see {@link JavadocExamplesCheck}.
 */
class JavadocExamplesTest {
  @Test
  void everyJavadocExampleIsACompiledExample() {
    List<String> problems =
        JavadocExamplesCheck.problems(Path.of("src/main/java"), Path.of("src/test/java/io/eventide/sdk/examples"));
    if (!problems.isEmpty()) {
      fail(problems.size() + " Javadoc examples and compiled examples (src/test/java/io/eventide/sdk/examples)"
          + " disagree:\n\n" + String.join("\n", problems));
    }
  }
}
