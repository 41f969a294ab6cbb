package io.eventide.parity;

import io.eventide.deploy.process.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cluster of separate role processes on 127.0.0.1, as {@code eventide state-service | dispatcher
 * | worker | gateway} run them, in {@link NodeJvm}'s JVM: the parity functions arrive by deployment
 * only. Dispatchers can be killed with SIGKILL and added while a stream runs. {@link #close} stops
 * every process it started.
 *
 * <h2>Thread safety</h2>
 *
 * Meant for the test thread.
 */
final class ParityCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final List<String> JVM =
      List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final Path dir;
  private final List<String> sources;
  private final Map<String, NodeProcess> running = new ConcurrentHashMap<>();
  private final List<NodeProcess> all = new CopyOnWriteArrayList<>();
  private int stateServicePort;

  private ParityCluster(Path dir, List<String> sources) {
    this.dir = dir;
    this.sources = List.copyOf(sources);
  }

  /**
   * Starts a state-service, {@code dispatchers} dispatchers ({@code dispatcher-1}...), {@code
   * workers} workers and one gateway; every dispatcher gets {@code --source SPEC} for each of
   * {@code sources}.
   */
  static ParityCluster start(Path dir, List<String> sources, int dispatchers, int workers) {
    ParityCluster cluster = new ParityCluster(dir, sources);
    try {
      NodeProcess store =
          cluster.start(
              "state-service",
              "state-service",
              List.of("--grpc-port", "0", "--data-dir", dir.resolve("state").toString()));
      cluster.stateServicePort = store.port();
      for (int i = 1; i <= dispatchers; i++) {
        cluster.addDispatcher("dispatcher-" + i);
      }
      for (int i = 1; i <= workers; i++) {
        cluster.role("worker", "worker-" + i, "--grpc-port", "0");
      }
      cluster.role("gateway", "gateway", "--http-port", "0");
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts dispatcher {@code name}; it takes its share of the key groups from the others. */
  void addDispatcher(String name) {
    List<String> extra = new ArrayList<>(List.of("--grpc-port", "0"));
    sources.forEach(source -> extra.addAll(List.of("--source", source)));
    role("dispatcher", name, extra.toArray(String[]::new));
  }

  /** SIGKILL: the dispatcher hands nothing over; its groups move when its membership expires. */
  void kill(String name) {
    running.remove(name).kill();
  }

  /** The gateway, as the tests talk to it. */
  EventideNode gateway() {
    NodeProcess gateway = running.get("gateway");
    return EventideNode.gateway(gateway.url(), gateway.log());
  }

  /** The last lines of every process's log, for failure messages. */
  String logs() {
    StringBuilder out = new StringBuilder();
    for (NodeProcess p : all) {
      out.append("\n--- ").append(p.log()).append('\n').append(NodeProcess.tail(p.log(), 12));
    }
    return out.toString();
  }

  private void role(String role, String name, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--store",
                "remote:127.0.0.1:" + stateServicePort,
                "--node-id",
                name,
                "--host",
                "127.0.0.1",
                "--lease-ttl",
                "2s",
                "--key-groups",
                "32",
                "--directory-refresh",
                "500ms"));
    args.addAll(List.of(extra));
    start(role, name, args);
  }

  private NodeProcess start(String role, String name, List<String> args) {
    Path log =
        Path.of(
                "target",
                "it-logs",
                "parity-cluster-" + ProcessHandle.current().pid() + "-" + name + ".log")
            .toAbsolutePath();
    NodeJvm jvm = NodeJvm.of(JVM);
    NodeProcess process =
        NodeProcess.startRole(
            role, jvm.classPath(), jvm.flags(), args, Map.of(), log, START_TIMEOUT);
    all.add(process);
    running.put(name, process);
    return process;
  }

  @Override
  public void close() {
    // The roles before the store they use, so they stop instead of retrying a dead one.
    List<NodeProcess> reversed = new ArrayList<>(all);
    Collections.reverse(reversed);
    for (NodeProcess p : reversed) {
      if (p.isAlive()) {
        p.stop(Duration.ofSeconds(20));
      }
    }
  }
}
