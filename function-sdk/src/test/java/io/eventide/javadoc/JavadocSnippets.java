package io.eventide.javadoc;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Extracts the {@code <pre>{@code ...}</pre>} examples of the Javadoc in a source tree, each with
 * the element it documents. Parses with javac (no attribution, so no class path is needed) so that
 * an example is tied to its declaration, not guessed from the text around it.
 */
public final class JavadocSnippets {
  static final Pattern BLOCK = Pattern.compile("<pre>\\{@code(.*?)}</pre>", Pattern.DOTALL);
  private static final String OPENING = "<pre>{@code";

  private JavadocSnippets() {}

  /**
   * One example.
   *
   * @param file the source file
   * @param line the line of its {@code <pre>{@code}
   * @param element what it documents: a package name, {@code Type.Nested}, or {@code Type#member}
   * @param code the example's text, Javadoc's leading asterisks removed
   */
  public record Snippet(Path file, int line, String element, String code) {}

  /** Every example under {@code sourceRoot}, by file and position. */
  public static List<Snippet> in(Path sourceRoot) {
    List<Path> files = javaFiles(sourceRoot);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager fileManager =
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      JavacTask task =
          (JavacTask)
              javac.getTask(
                  null,
                  fileManager,
                  null,
                  List.of("-proc:none"),
                  null,
                  fileManager.getJavaFileObjectsFromPaths(files));
      DocTrees trees = DocTrees.instance(task);
      List<Snippet> snippets = new ArrayList<>();
      for (CompilationUnitTree unit : task.parse()) {
        snippets.addAll(inUnit(unit, trees));
      }
      return snippets;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse the sources under " + sourceRoot, e);
    }
  }

  private static List<Snippet> inUnit(CompilationUnitTree unit, DocTrees trees) throws IOException {
    Path file = Path.of(unit.getSourceFile().toUri());
    String text = unit.getSourceFile().getCharContent(true).toString();
    List<Snippet> snippets = new ArrayList<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (tree != null) {
          TreePath path = new TreePath(getCurrentPath(), tree);
          String comment = trees.getDocComment(path);
          if (comment != null) {
            int declaration = (int) trees.getSourcePositions().getStartPosition(unit, tree);
            int commentStart = text.lastIndexOf("/**", declaration);
            Matcher block = BLOCK.matcher(comment);
            int from = commentStart;
            while (block.find()) {
              from = text.indexOf(OPENING, from) + 1;
              int line = (int) unit.getLineMap().getLineNumber(from);
              snippets.add(new Snippet(file, line, element(path, unit), block.group(1)));
            }
          }
        }
        return super.scan(tree, unused);
      }
    }.scan(new TreePath(unit), null);
    checkNoneMissed(file, text, snippets.size());
    return snippets;
  }

  /** An example in a plain comment, or one the pattern cannot read, must not go unchecked. */
  private static void checkNoneMissed(Path file, String text, int found) {
    int written = 0;
    for (int at = text.indexOf(OPENING); at >= 0; at = text.indexOf(OPENING, at + 1)) {
      written++;
    }
    if (written != found) {
      throw new IllegalStateException(
          file
              + " has "
              + written
              + " '"
              + OPENING
              + "' but "
              + found
              + " Javadoc examples were read: is one outside a /** comment, or not closed with }</pre>?");
    }
  }

  /**
   * The documented element: {@code io.eventide.sdk}, {@code Trigger.TriggerContext}, {@code
   * Context#send}.
   */
  static String element(TreePath path, CompilationUnitTree unit) {
    Tree leaf = path.getLeaf();
    String type = enclosingTypes(leaf instanceof ClassTree ? path : path.getParentPath());
    if (leaf instanceof ClassTree) {
      return type;
    }
    if (leaf instanceof MethodTree method) {
      String name =
          method.getName().contentEquals("<init>")
              ? type.substring(type.lastIndexOf('.') + 1)
              : method.getName().toString();
      return type + "#" + name;
    }
    if (leaf instanceof VariableTree variable) {
      return type + "#" + variable.getName();
    }
    return unit.getPackageName() == null ? "" : unit.getPackageName().toString();
  }

  private static String enclosingTypes(TreePath path) {
    List<String> names = new ArrayList<>();
    for (TreePath at = path; at != null; at = at.getParentPath()) {
      if (at.getLeaf() instanceof ClassTree type) {
        names.add(0, type.getSimpleName().toString());
      }
    }
    return String.join(".", names);
  }

  static List<Path> javaFiles(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }
}
