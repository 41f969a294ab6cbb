package io.eventide.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The compiled classes of every module in the repository, read from each module's output
 * directories, and which module each class came from.
 *
 * <pre>{@code
 * Modules modules = Modules.of(Modules.repository());
 * modules.moduleOf(someClass);   // "dispatcher", "benchmarks/flink-job", ...
 * }</pre>
 */
final class Modules {
  /** This module: its fixtures break the rules on purpose and are checked apart. */
  static final String SELF = "architecture";

  private final Path root;
  private final List<Path> mainDirs;
  private final List<Path> testDirs;

  Modules(Path root, List<Path> mainDirs, List<Path> testDirs) {
    this.root = root;
    this.mainDirs = mainDirs;
    this.testDirs = testDirs;
  }

  /** The repository this module sits in; Maven runs tests in the module's directory. */
  static Path repository() {
    return Path.of("").toAbsolutePath().getParent();
  }

  /** Every module under {@code root} with compiled classes, except this one. */
  static Modules of(Path root) {
    List<Path> modules =
        outputs(root, "classes").stream().map(dir -> dir.getParent().getParent()).toList();
    if (modules.size() < 8) {
      throw new IllegalStateException(
          "found compiled classes of only "
              + modules
              + " under "
              + root
              + ": build the other modules first (this one is last in the reactor)");
    }
    return new Modules(root, outputs(root, "classes"), outputs(root, "test-classes"));
  }

  private static List<Path> outputs(Path root, String kind) {
    try (Stream<Path> walk = Files.walk(root, 4)) {
      return walk.filter(dir -> dir.endsWith(Path.of("target", kind)) && Files.isDirectory(dir))
          .filter(dir -> !dir.toString().contains("node_modules"))
          .filter(dir -> !root.relativize(dir).startsWith(SELF))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every module's main classes. */
  JavaClasses main() {
    return new ClassFileImporter().importPaths(mainDirs);
  }

  /** Every module's main and test classes. */
  JavaClasses mainAndTests() {
    return new ClassFileImporter()
        .importPaths(Stream.concat(mainDirs.stream(), testDirs.stream()).toList());
  }

  /** The module {@code javaClass} was compiled in: its path from the repository's root. */
  String moduleOf(JavaClass javaClass) {
    URI uri = javaClass.getSource().orElseThrow().getUri();
    Path file = Path.of(uri);
    for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
      if (dir.getFileName() != null && dir.getFileName().toString().equals("target")) {
        return root.relativize(dir.getParent()).toString();
      }
    }
    throw new IllegalArgumentException(
        javaClass.getName() + " was not compiled in a module of " + root);
  }
}
