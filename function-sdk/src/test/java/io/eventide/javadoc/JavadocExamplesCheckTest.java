package io.eventide.javadoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavadocExamplesCheckTest {
  @TempDir Path root;

  static final String MAIN =
      """
      package p;

      /**
       * A thing.
       *
       * <pre>{@code
       * Thing thing = Thing.of("a");
       * }</pre>
       */
      public final class Thing {
        /**
         * Its name.
         *
         * <pre>{@code
         * String name = thing.name();   // "a"
         * }</pre>
         */
        public String name() { return "a"; }
      }
      """;

  Path main() throws IOException {
    return write("main/p/Thing.java", MAIN);
  }

  Path write(String path, String text) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  List<String> problems() {
    return JavadocExamplesCheck.problems(root.resolve("main"), root.resolve("examples"));
  }

  @Test
  void examplesMatchTheirLabelledRegionsWhateverTheWhitespace() throws IOException {
    main();
    write(
        "examples/ThingExamples.java",
        """
        class ThingExamples {
          void run() {
            // javadoc: Thing
            Thing   thing =
                Thing.of( "a" );
            // end javadoc
            // javadoc: Thing#name
            String name = thing.name(); // "a"
            // end javadoc
          }
        }
        """);

    assertThat(problems()).isEmpty();
  }

  @Test
  void aChangedExampleIsNamedWithItsFileElementAndCode() throws IOException {
    main();
    write(
        "examples/ThingExamples.java",
        """
        // javadoc: Thing
        Thing thing = Thing.of("a");
        // end javadoc
        // javadoc: Thing#name
        String name = thing.getName();   // "a"
        // end javadoc
        """);

    assertThat(problems())
        .singleElement()
        .asString()
        .startsWith(
            root.resolve("main/p/Thing.java") + ":14 (Thing#name): this Javadoc example differs")
        .contains("String name = thing.name();", "String name = thing.getName();");
  }

  @Test
  void anExampleWithoutARegionAndARegionWithoutAnExampleAreBothWrong() throws IOException {
    main();
    write(
        "examples/ThingExamples.java",
        """
        // javadoc: Thing
        Thing thing = Thing.of("a");
        // end javadoc
        // javadoc: Thing#size
        int size = thing.size();
        // end javadoc
        """);

    assertThat(problems())
        .hasSize(2)
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("(Thing#name): this Javadoc example is in no compiled example"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("(Thing#size): this compiled example is quoted by no Javadoc"));
  }

  @Test
  void anExampleOutsideJavadocIsNotSilentlySkipped() throws IOException {
    write(
        "main/p/Hidden.java",
        """
        package p;

        /* Not Javadoc: <pre>{@code Hidden.of(); }</pre> */
        public final class Hidden {}
        """);

    assertThatThrownBy(this::problems)
        .hasMessageContaining("Hidden.java has 1 '<pre>{@code' but 0 Javadoc examples");
  }

  @Test
  void regionsNestAndTheirMarkersAreNotCode() throws IOException {
    Path file =
        write(
            "examples/Nested.java",
            """
        // javadoc: Outer
        class Outer {
          // javadoc: Outer#X
          static final int X = 1;
          // end javadoc
        }
        // end javadoc
        """);

    assertThat(CompiledExamples.inFile(file))
        .extracting(CompiledExamples.Region::code)
        .containsExactly(
            "  static final int X = 1;\n", "class Outer {\n  static final int X = 1;\n}\n");
  }
}
