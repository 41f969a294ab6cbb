package io.eventide.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.deploy.client.HttpAnswer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ParityIT} through a cluster of separate processes: a state-service, three dispatchers, two
 * workers and one gateway. Every configuration's stream (tumbling, sliding and session windows,
 * with and without allowed lateness and late output) goes in through the gateway, in both lanes,
 * its requests interleaved with the other cases'. A third of the way in, a dispatcher is killed
 * with SIGKILL; two thirds in, a fourth one joins, so key groups and sources change hands mid
 * stream. Every firing and every late record must still be Flink's.
 *
 * <p>Each event carries an idempotency key, so a request that failed while its dispatcher died is
 * sent again and applies each event once, in the source's order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterParityIT {
  private static final Duration SETTLE =
      Duration.ofSeconds(Long.getLong("parity.settle.seconds", 180));
  private static final Duration RETRY_FOR = Duration.ofSeconds(90);

  private final long seed = ParityCheck.seed();
  private final Map<ParityConfig, List<Event>> streams = new EnumMap<>(ParityConfig.class);
  private Map<ParityConfig, Outcome> flink;
  private ParityCluster cluster;
  private EventideNode gateway;
  private long deadline;

  @BeforeAll
  void runFlinkAndTheCluster(@TempDir Path tmp) throws Exception {
    System.out.println("cluster parity seed " + seed + " (rerun with -Dparity.seed=" + seed + ")");
    for (ParityConfig config : configs()) {
      streams.put(config, EventStream.generate(seed, config));
    }
    flink = FlinkOracle.run(streams);
    List<String> sources = new ArrayList<>();
    for (ParityConfig config : configs()) {
      for (Lane lane : Lane.values()) {
        sources.add(EventideNode.sourceSpec(config.caseName(lane), config.outOfOrdernessMillis()));
      }
    }
    cluster = ParityCluster.start(tmp.resolve("cluster"), sources, 3, 2);
    gateway = cluster.gateway();
    deployParityJar();
    ingestWhileDispatchersComeAndGo();
    deadline = System.currentTimeMillis() + SETTLE.toMillis();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Every configuration but the one huge window, which BigWindowIT runs on a cluster. */
  private static List<ParityConfig> configs() {
    return Stream.of(ParityConfig.values()).filter(c -> !c.isBigWindow()).toList();
  }

  Stream<Arguments> cases() {
    return configs().stream()
        .flatMap(config -> Stream.of(Lane.values()).map(lane -> Arguments.of(config, lane)));
  }

  private void deployParityJar() {
    // 503 until a worker has joined and can check the jar.
    List<String> served = new ArrayList<>();
    await("deployment of the parity jar")
        .atMost(RETRY_FOR)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              served.clear();
              served.addAll(gateway.deploy(Path.of(System.getProperty("parity.jar"))));
              return true;
            });
    for (ParityConfig config : configs()) {
      for (Lane lane : Lane.values()) {
        assertThat(served).contains(ParityConfig.NAMESPACE + "/" + config.caseName(lane));
      }
    }
  }

  private record Request(String source, List<Event> events, int first) {}

  /**
   * Sends every case's requests round robin, so each case has events before the kill, between the
   * kill and the join, and after it; then ends every source.
   */
  private void ingestWhileDispatchersComeAndGo() {
    List<List<Request>> perCase = new ArrayList<>();
    for (ParityConfig config : configs()) {
      for (Lane lane : Lane.values()) {
        perCase.add(requests(config, lane));
      }
    }
    List<Request> all = new ArrayList<>();
    for (int round = 0; !perCase.stream().allMatch(List::isEmpty); round++) {
      for (List<Request> requests : perCase) {
        if (!requests.isEmpty()) {
          all.add(requests.remove(0));
        }
      }
    }
    for (int i = 0; i < all.size(); i++) {
      if (i == all.size() / 3) {
        cluster.kill("dispatcher-2");
      } else if (i == 2 * all.size() / 3) {
        cluster.addDispatcher("dispatcher-4");
      }
      Request request = all.get(i);
      retried(
          "ingest into " + request.source(),
          () ->
              gateway.ingestKeyed(
                  request.source(), request.source(), request.events(), request.first()));
    }
    for (ParityConfig config : configs()) {
      for (Lane lane : Lane.values()) {
        String source = config.caseName(lane);
        retried("end of input of " + source, () -> gateway.endOfInputAnswer(source));
      }
    }
  }

  private List<Request> requests(ParityConfig config, Lane lane) {
    List<Event> stream = streams.get(config);
    String source = config.caseName(lane);
    List<List<Event>> parts =
        lane == Lane.ONE_REQUEST
            ? List.of(stream)
            : EventStream.split(stream, seed * 31 + config.ordinal());
    List<Request> requests = new ArrayList<>();
    int first = 0;
    for (List<Event> part : parts) {
      requests.add(new Request(source, part, first));
      first += part.size();
    }
    return requests;
  }

  /** Sends until the cluster accepts: a failover answers 503 (or times out) meanwhile. */
  private void retried(String what, java.util.function.Supplier<HttpAnswer> send) {
    await(what)
        .atMost(RETRY_FOR)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(() -> send.get().status() / 100 == 2);
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("cases")
  void aClusterFiresExactlyAsFlink(ParityConfig config, Lane lane) {
    String source = config.caseName(lane);
    await("source " + source + " finished")
        .atMost(Duration.ofMillis(Math.max(1_000, deadline - System.currentTimeMillis())))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> gateway.finished(source));
    Outcome expected = flink.get(config);
    // Finished means every window of the source has fired: its firings are all in egress now.
    assertThat(gateway.egress(source).poll())
        .as("firings of %s once the cluster said it finished", source)
        .hasSizeGreaterThanOrEqualTo(expected.firings().size());
    assertThat(gateway.egress(config.lateEgress(lane)).poll())
        .as("late records of %s once the cluster said it finished", source)
        .hasSizeGreaterThanOrEqualTo(expected.late().size());
    // A dead-lettered event is one Flink counted and Eventide did not: said first, with its cause.
    assertThat(gateway.deadLetters(source)).as("dead letters of %s", source).isEmpty();
    ParityCheck.requireFlinks(
        "cluster",
        config,
        lane,
        seed,
        expected,
        gateway.egress(source),
        gateway.egress(config.lateEgress(lane)),
        deadline,
        cluster::logs);
  }
}
