package io.eventide.javadoc;

import io.eventide.javadoc.CompiledExamples.Region;
import io.eventide.javadoc.JavadocSnippets.Snippet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Holds Javadoc examples to compiled code: every {@code <pre>{@code ...}</pre>} in the main sources
 * must be, whitespace aside, a region of the compiled examples labelled with the element it
 * documents (see {@link CompiledExamples}). A changed signature then breaks the compiled example,
 * and a changed example breaks this check. Every region must also still be quoted, so that examples
 * deleted from the Javadoc do not live on in the tests.
 */
public final class JavadocExamplesCheck {
  private JavadocExamplesCheck() {}

  /**
   * The body of a module's test: fails with every problem, each naming the file and line, the
   * documented element and both codes. Paths are the module's, e.g. {@code src/main/java}.
   */
  public static void assertExamplesCompiled(Path mainSources, Path exampleSources) {
    List<String> problems = problems(mainSources, exampleSources);
    if (!problems.isEmpty()) {
      throw new AssertionError(
          problems.size()
              + " Javadoc examples and compiled examples ("
              + exampleSources
              + ") disagree:\n\n"
              + String.join("\n", problems));
    }
  }

  /** What is wrong, one entry per example or region; empty when everything matches. */
  public static List<String> problems(Path mainSources, Path exampleSources) {
    return problems(
        JavadocSnippets.in(mainSources),
        CompiledExamples.in(exampleSources),
        mainSources,
        exampleSources);
  }

  static List<String> problems(
      List<Snippet> snippets, List<Region> regions, Path mainSources, Path exampleSources) {
    List<String> problems = new ArrayList<>();
    Set<Region> accountedFor = new HashSet<>();
    for (Snippet snippet : snippets) {
      String code = normalise(snippet.code());
      List<Region> labelled =
          regions.stream().filter(r -> r.elements().contains(snippet.element())).toList();
      Region same =
          labelled.stream().filter(r -> normalise(r.code()).equals(code)).findFirst().orElse(null);
      if (same != null) {
        accountedFor.add(same);
        continue;
      }
      String where =
          shown(mainSources, snippet.file())
              + ":"
              + snippet.line()
              + " ("
              + snippet.element()
              + ")";
      if (labelled.isEmpty()) {
        problems.add(
            where
                + ": this Javadoc example is in no compiled example; mark its copy in "
                + exampleSources
                + " with '"
                + CompiledExamples.START
                + " "
                + snippet.element()
                + "' and '"
                + CompiledExamples.END
                + "'\n"
                + indent(snippet.code()));
        continue;
      }
      Region closest = closest(code, labelled);
      accountedFor.add(closest);
      problems.add(
          where
              + ": this Javadoc example differs from its compiled example\n"
              + indent(snippet.code())
              + "  compiled, at "
              + shown(exampleSources, closest.file())
              + ":"
              + closest.line()
              + "\n"
              + indent(closest.code()));
    }
    for (Region region : regions) {
      if (!accountedFor.contains(region)) {
        problems.add(
            shown(exampleSources, region.file())
                + ":"
                + region.line()
                + " ("
                + String.join(", ", region.elements())
                + "): this compiled example is quoted by no Javadoc example of those elements\n"
                + indent(region.code()));
      }
    }
    return problems;
  }

  /** The region whose code shares the longest beginning with {@code code}, to show beside it. */
  private static Region closest(String code, List<Region> regions) {
    Region best = regions.get(0);
    int bestLength = -1;
    for (Region region : regions) {
      String other = normalise(region.code());
      int length = 0;
      while (length < Math.min(code.length(), other.length())
          && code.charAt(length) == other.charAt(length)) {
        length++;
      }
      if (length > bestLength) {
        best = region;
        bestLength = length;
      }
    }
    return best;
  }

  /**
   * The code with whitespace collapsed, and dropped where it separates no two words, so that
   * indentation, line breaks and a formatter's spacing do not count. Whitespace inside string
   * literals is treated alike: a difference there is not one of API.
   */
  static String normalise(String code) {
    String collapsed = code.strip().replaceAll("\\s+", " ");
    StringBuilder out = new StringBuilder(collapsed.length());
    for (int i = 0; i < collapsed.length(); i++) {
      char c = collapsed.charAt(i);
      if (c != ' ' || (isWord(collapsed.charAt(i - 1)) && isWord(collapsed.charAt(i + 1)))) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isWord(char c) {
    return Character.isJavaIdentifierPart(c);
  }

  /**
   * {@code file} as a path under {@code root} as the caller wrote it, e.g. {@code
   * src/main/java/...}.
   */
  private static Path shown(Path root, Path file) {
    return root.resolve(root.toAbsolutePath().relativize(file.toAbsolutePath()));
  }

  /** The lines as written, less their common indentation, for a message a reader can compare. */
  private static String indent(String code) {
    StringBuilder out = new StringBuilder();
    // Blank first and last lines would count in stripIndent's common indentation.
    String lines = code.replaceAll("^(\\s*\n)+", "").stripTrailing();
    for (String line : lines.stripIndent().split("\n")) {
      out.append("    ").append(line).append('\n');
    }
    return out.toString();
  }
}
