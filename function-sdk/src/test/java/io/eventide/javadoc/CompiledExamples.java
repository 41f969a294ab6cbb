package io.eventide.javadoc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The regions of compiled test sources that Javadoc quotes, marked with line comments:
 *
 * <pre>
 * // javadoc: Context#registerProcessingTimeTimer, Trigger.TriggerContext
 * context.registerProcessingTimeTimer(context.currentProcessingTime() + 30_000); // in 30 s
 * // end javadoc
 * </pre>
 *
 * <p>The label names the elements whose Javadoc quotes the region, as {@link JavadocSnippets} names
 * them. Regions may nest, so that one class can be quoted whole and a line of it alone.
 */
public final class CompiledExamples {
  static final String START = "// javadoc:";
  static final String END = "// end javadoc";

  private CompiledExamples() {}

  /**
   * One marked region.
   *
   * @param file the test source
   * @param line the line of its opening marker
   * @param elements the documented elements that quote it
   * @param code the lines between the markers
   */
  public record Region(Path file, int line, List<String> elements, String code) {}

  /** Every region in the Java files under {@code root}. */
  public static List<Region> in(Path root) {
    List<Region> regions = new ArrayList<>();
    for (Path file : JavadocSnippets.javaFiles(root)) {
      regions.addAll(inFile(file));
    }
    return regions;
  }

  static List<Region> inFile(Path file) {
    List<String> lines = read(file);
    List<Region> regions = new ArrayList<>();
    Deque<Integer> open = new ArrayDeque<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith(START)) {
        open.push(i);
      } else if (line.equals(END)) {
        if (open.isEmpty()) {
          throw new IllegalStateException(
              file + ":" + (i + 1) + ": '" + END + "' without '" + START + "'");
        }
        int start = open.pop();
        String label = lines.get(start).strip().substring(START.length());
        regions.add(new Region(file, start + 1, labels(label), region(lines, start + 1, i)));
      }
    }
    if (!open.isEmpty()) {
      throw new IllegalStateException(
          file + ":" + (open.peek() + 1) + ": '" + START + "' is never closed");
    }
    return regions;
  }

  /** The lines in between, less nested markers: they are not part of what Javadoc shows. */
  private static String region(List<String> lines, int from, int to) {
    StringBuilder code = new StringBuilder();
    for (String line : lines.subList(from, to)) {
      if (!line.strip().startsWith(START) && !line.strip().equals(END)) {
        code.append(line).append('\n');
      }
    }
    return code.toString();
  }

  private static List<String> labels(String label) {
    return List.of(label.strip().split("\\s*,\\s*"));
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
