package io.eventide.deploy;

import io.eventide.deploy.process.NodeProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Starts standalone nodes as child processes of a test ({@code java -cp target/eventide.jar
 * io.eventide.deploy.Launcher standalone --http-port 0 --data-dir DIR}) and finds the examples jar.
 * Children run the jar users run, with the class-data sharing archive the build made beside it: a
 * quarter less CPU for each of the suite's hundreds of starts. The examples jar is never on the
 * child's class path: functions reach a node only by being deployed over HTTP, as in production.
 */
final class TestNodes {
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final AtomicInteger LOGS = new AtomicInteger();
  private static final Path JAR =
      Path.of(System.getProperty("eventide.jar", "target/eventide.jar")).toAbsolutePath();
  private static final Path ARCHIVE = JAR.resolveSibling("eventide.jsa");

  private TestNodes() {}

  /** Starts a node on a free port over {@code dataDir}; its stderr goes to target/it-logs. */
  static NodeProcess start(Path dataDir, String... extraArgs) {
    return start(Map.of(), dataDir, extraArgs);
  }

  /** As {@link #start(Path, String...)}, with extra environment variables for the child. */
  static NodeProcess start(Map<String, String> env, Path dataDir, String... extraArgs) {
    List<String> args =
        new ArrayList<>(List.of("--http-port", "0", "--data-dir", dataDir.toString()));
    args.addAll(Arrays.asList(extraArgs));
    Path log =
        Path.of(
            "target",
            "it-logs",
            "node-" + ProcessHandle.current().pid() + "-" + LOGS.incrementAndGet() + ".log");
    return NodeProcess.start(
        childClassPath(), jvm("512m"), args, env, log.toAbsolutePath(), START_TIMEOUT);
  }

  /**
   * A child's JVM flags: {@code heap}, a small footprint (serial GC, C1 only: children are short
   * lived and share two cores), and the archive when the build made one for this jar.
   */
  static List<String> jvm(String heap) {
    List<String> flags =
        new ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    if (Files.isRegularFile(JAR) && Files.isRegularFile(ARCHIVE)) { // children run JAR
      flags.add("-XX:SharedArchiveFile=" + ARCHIVE);
    }
    return flags;
  }

  /**
   * {@code target/eventide.jar}; the test class path without the examples when the jar is missing
   * (a test run before {@code package}).
   */
  static String childClassPath() {
    if (Files.isRegularFile(JAR)) {
      return JAR.toString();
    }
    return classPath().stream()
        .filter(entry -> !isExamples(entry))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** The examples jar the build resolved for this module (reactor or local repository). */
  static Path examplesJar() {
    return classPath().stream()
        .filter(TestNodes::isExamples)
        .map(Path::of)
        .filter(path -> path.toString().endsWith(".jar") && Files.isRegularFile(path))
        .findFirst()
        .orElseGet(
            () ->
                Path.of("..", "examples", "target", "examples-0.1.0-SNAPSHOT.jar")
                    .toAbsolutePath());
  }

  private static boolean isExamples(String entry) {
    Path path = Path.of(entry);
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    return name.startsWith("examples-") && name.endsWith(".jar")
        || entry.replace('\\', '/').endsWith("examples/target/classes");
  }

  private static List<String> classPath() {
    String path =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(path.split(File.pathSeparator)).filter(entry -> !entry.isBlank()).toList();
  }
}
