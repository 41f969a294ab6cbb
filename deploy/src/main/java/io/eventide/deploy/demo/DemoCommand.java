package io.eventide.deploy.demo;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.files.Trees;
import io.eventide.deploy.process.NodeProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eventide demo}: starts a standalone node as a child process, deploys the examples over
 * HTTP, walks through every example function, stops the node with SIGTERM. Exit 0 when every step
 * saw what it expected, 1 otherwise.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Start a node, deploy the examples, show what they do, stop the node.")
public final class DemoCommand implements Callable<Integer> {
  private static final String EXAMPLES = "examples/target/examples-0.1.0-SNAPSHOT.jar";

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      description = "Data dir of the node (default: a fresh temporary one, removed afterwards).")
  Path dataDir;

  @Option(
      names = "--examples-jar",
      defaultValue = "${env:EVENTIDE_EXAMPLES_JAR}",
      description =
          "The examples jar (env EVENTIDE_EXAMPLES_JAR; default: "
              + EXAMPLES
              + " in the repository).")
  Path examplesJar;

  @Option(
      names = "--events",
      defaultValue = "10000",
      description = "Events in the batch step (default ${DEFAULT-VALUE}).")
  int events;

  @Option(
      names = "--counters",
      defaultValue = "100",
      description = "Counters in the batch step (default ${DEFAULT-VALUE}).")
  int counters;

  @Option(
      names = "--kafka-broker",
      paramLabel = "BOOTSTRAP",
      defaultValue = "${env:EVENTIDE_DEMO_KAFKA:-127.0.0.1:9092}",
      description =
          "A Kafka broker for the Kafka step (default ${DEFAULT-VALUE}); skipped when none answers.")
  String kafka;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path jar = examplesJar != null ? examplesJar : findExamplesJar();
    if (!Files.isRegularFile(jar)) {
      err.println(
          "eventide demo: examples jar not found at "
              + jar
              + " (build with: mvn -B install -DskipTests)");
      err.flush();
      return 1;
    }
    Path work = Files.createTempDirectory("eventide-demo-");
    boolean fresh = dataDir == null;
    Path data = fresh ? work.resolve("data") : dataDir.toAbsolutePath();
    Path log = work.resolve("node.log");
    out.println("eventide demo: starting a standalone node (data " + data + ", log " + log + ")");
    out.flush();
    NodeProcess node;
    try {
      node =
          NodeProcess.start(
              NodeProcess.currentClassPath(),
              jvmFlags(),
              List.of("--http-port", "0", "--data-dir", data.toString()),
              log,
              Duration.ofSeconds(90));
    } catch (RuntimeException e) {
      err.println("eventide demo FAILED: node did not start: " + e.getMessage());
      err.flush();
      return 1;
    }
    boolean passed =
        run(
            node,
            jar,
            fresh ? "" : "-" + Long.toString(System.currentTimeMillis() % 1_679_616, 36),
            out,
            err);
    int exit = node.stop(Duration.ofSeconds(30));
    out.println();
    out.println("eventide demo: node stopped with SIGTERM (exit code " + exit + ")");
    if (passed) {
      out.println("eventide demo: all steps passed");
      out.flush();
      Trees.delete(work);
      return 0;
    }
    err.println("eventide demo: node log kept at " + log);
    err.flush();
    return 1;
  }

  private boolean run(NodeProcess node, Path jar, String suffix, PrintWriter out, PrintWriter err) {
    out.println("eventide demo: node listening on " + node.url() + " (pid " + node.pid() + ")");
    NodeView view = new NodeView(new EventideClient(node.url(), null, null));
    DemoScenario story = new DemoScenario(view, out, suffix);
    String current = "deploy";
    try {
      story.deploy(jar);
      current = "counter";
      story.counter();
      current = "greeter";
      story.greeter();
      current = "fanout";
      story.fanout();
      current = "reminder";
      story.reminder();
      current = "batch";
      new DemoBatch(view, story).run(events, counters, suffix);
      current = "windows";
      new DemoWindows(view, story).run(suffix);
      current = "kafka";
      new DemoKafka(view, story).run(kafka, suffix);
      current = "failing";
      story.failing();
      return true;
    } catch (RuntimeException e) {
      out.flush();
      err.println();
      err.println("eventide demo FAILED in step '" + current + "': " + e.getMessage());
      err.println("last lines of the node log:");
      err.println(NodeProcess.tail(node.log(), 20));
      err.flush();
      return false;
    }
  }

  private static List<String> jvmFlags() {
    String heap = System.getenv().getOrDefault("EVENTIDE_HEAP", "1g");
    return new ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError"));
  }

  /** Next to the repository this launcher was built in, else under the working directory. */
  private static Path findExamplesJar() {
    try {
      Path code =
          Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // deploy/target/eventide.jar or deploy/target/classes -> repository root two levels up.
      Path root = code.getParent().getParent().getParent();
      Path candidate = root.resolve(EXAMPLES);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    } catch (java.net.URISyntaxException | RuntimeException e) {
      // Fall through to the working directory: the code source is only a hint.
    }
    return Path.of(EXAMPLES).toAbsolutePath();
  }
}
