package io.eventide.parity;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the parity tests start a node's JVM: from the class path the build wrote to {@code
 * target/node.classpath} (the node and its dependencies, no Flink and no parity functions: those
 * arrive by deployment only, as in production), or from the distribution's {@code eventide.jar}
 * with its class-data sharing archive when the build made them from the same classes. The jar
 * starts a process with about a quarter less CPU (docs/decisions/cold-start.md), and a cluster case
 * starts eight.
 */
record NodeJvm(String classPath, List<String> flags) {

  /**
   * A child's class path and {@code flags}: the distribution's jar with its archive (when the build
   * made one) if the jar is current, else node.classpath with {@code flags} alone. One look at the
   * files decides both, so the archive goes only with the jar it was made from.
   */
  static NodeJvm of(List<String> flags) {
    Optional<Path> jar = currentJar();
    if (jar.isEmpty()) {
      return new NodeJvm(nodeClassPath(), List.copyOf(flags));
    }
    List<String> all = new ArrayList<>(flags);
    Path archive = jar.get().resolveSibling("eventide.jsa");
    if (Files.isRegularFile(archive)) {
      all.add("-XX:SharedArchiveFile=" + archive);
    }
    return new NodeJvm(jar.get().toString(), List.copyOf(all));
  }

  /**
   * {@code parity.node.jar} when it exists, the class path holds only files (a reactor build, not
   * an IDE's class directories) and the jar is at least as new as each of them: a jar older than a
   * module rebuilt since would run stale code.
   */
  private static Optional<Path> currentJar() {
    String property = System.getProperty("parity.node.jar");
    if (property == null) {
      return Optional.empty();
    }
    Path jar = Path.of(property).toAbsolutePath().normalize();
    try {
      if (!Files.isRegularFile(jar)) {
        return Optional.empty();
      }
      FileTime built = Files.getLastModifiedTime(jar);
      for (String entry : nodeClassPath().split(File.pathSeparator)) {
        Path path = Path.of(entry);
        if (!Files.isRegularFile(path) || Files.getLastModifiedTime(path).compareTo(built) > 0) {
          return Optional.empty();
        }
      }
      return Optional.of(jar);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compare " + jar + " with the node's class path", e);
    }
  }

  /** The class path the build wrote, checked to hold nothing of Flink's. */
  static String nodeClassPath() {
    String file = System.getProperty("parity.node.classpath");
    if (file == null) {
      throw new IllegalStateException(
          "system property parity.node.classpath is not set: run with 'mvn verify'");
    }
    try {
      String classPath = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
      for (String entry : classPath.split(File.pathSeparator)) {
        if (entry.replace('\\', '/').contains("/org/apache/flink/")) {
          throw new IllegalStateException("Flink must stay off the node's class path: " + entry);
        }
      }
      return classPath;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the node's class path from " + file, e);
    }
  }
}
