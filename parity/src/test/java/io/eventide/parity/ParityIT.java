package io.eventide.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The differential test of Eventide's windows against Apache Flink's. For each {@link ParityConfig}
 * a seeded stream with out-of-order, allowed-late and too-late events runs once through Flink
 * ({@link FlinkOracle}) and, in each {@link Lane}, through one standalone node over NDJSON
 * ingestion with end of input at the end. Every firing (key, window, result, in firing order per
 * key and window) and every late record must be identical.
 *
 * <p>One Flink job and one node serve every case: each configuration and lane has its own source,
 * function type and egresses. The build's seed is fixed in the pom; {@code -Dparity.seed=N} or
 * {@code random} picks another; every failure names it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParityIT {
  /** How long all cases together may wait for the node to fire what Flink fired. */
  private static final Duration SETTLE =
      Duration.ofSeconds(Long.getLong("parity.settle.seconds", 120));

  private final long seed = ParityCheck.seed();
  private final Map<ParityConfig, List<Event>> streams = new EnumMap<>(ParityConfig.class);
  private Map<ParityConfig, Outcome> flink;
  private Path dataDir;
  private EventideNode node;
  private RuntimeException nodeFailure;
  private long deadline;

  @BeforeAll
  void runFlink(@TempDir Path tmp) throws Exception {
    System.out.println("parity seed " + seed + " (rerun with -Dparity.seed=" + seed + ")");
    for (ParityConfig config : ParityConfig.values()) {
      streams.put(config, EventStream.generate(seed, config));
    }
    flink = FlinkOracle.run(streams);
    dataDir = tmp.resolve("node");
  }

  @AfterAll
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  @Order(1)
  void flinkFiresOnTimeAndLateAndDropsTooLateEvents() {
    for (ParityConfig config : ParityConfig.values()) {
      Outcome outcome = flink.get(config);
      String what = config + ", seed " + seed;
      if (config.isBigWindow()) {
        assertThat(outcome.firings()).as("Flink's firings for %s", what).isNotEmpty();
        continue;
      }
      assertThat(outcome.firings()).as("Flink's firings for %s", what).hasSizeGreaterThan(100);
      assertThat(outcome.late()).as("Flink's late records for %s", what).hasSizeGreaterThan(10);
      long refirings =
          outcome.firings().size()
              - outcome.firings().stream().map(Outcome.Fired::window).distinct().count();
      if (config.latenessMillis() > 0) {
        assertThat(refirings).as("late firings of allowed-late events for %s", what).isPositive();
      } else {
        assertThat(refirings).as("without lateness each window fires once, %s", what).isZero();
      }
    }
  }

  Stream<Arguments> cases() {
    return Stream.of(ParityConfig.values())
        .flatMap(config -> Stream.of(Lane.values()).map(lane -> Arguments.of(config, lane)));
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("cases")
  @Order(2)
  void eventideFiresExactlyAsFlink(ParityConfig config, Lane lane) {
    EventideNode eventide = ingestedNode();
    String source = config.caseName(lane);
    assertThat(eventide.deadLetters(source)).as("dead letters of %s", source).isEmpty();
    ParityCheck.requireFlinks(
        "node",
        config,
        lane,
        seed,
        flink.get(config),
        eventide.egress(config.caseName(lane)),
        eventide.egress(config.lateEgress(lane)),
        deadline,
        () -> "node log " + eventide.log());
  }

  /** Starts the node, deploys the parity jar and ingests every case's stream, once. */
  private EventideNode ingestedNode() {
    if (nodeFailure != null) {
      throw new IllegalStateException(
          "the node could not be prepared (see the first case)", nodeFailure);
    }
    if (node == null) {
      try {
        node = prepareNode();
      } catch (RuntimeException e) {
        nodeFailure = e;
        throw e;
      }
      deadline = System.currentTimeMillis() + SETTLE.toMillis();
    }
    return node;
  }

  private EventideNode prepareNode() {
    List<String> sources = new ArrayList<>();
    for (ParityConfig config : ParityConfig.values()) {
      for (Lane lane : Lane.values()) {
        sources.add(EventideNode.sourceSpec(config.caseName(lane), config.outOfOrdernessMillis()));
      }
    }
    EventideNode started = EventideNode.start(dataDir, sources);
    try {
      List<String> served = started.deploy(Path.of(System.getProperty("parity.jar")));
      for (ParityConfig config : ParityConfig.values()) {
        for (Lane lane : Lane.values()) {
          assertThat(served).contains(ParityConfig.NAMESPACE + "/" + config.caseName(lane));
          ingest(started, config, lane);
        }
      }
      return started;
    } catch (RuntimeException | AssertionError e) {
      started.close();
      throw e;
    }
  }

  private void ingest(EventideNode eventide, ParityConfig config, Lane lane) {
    String source = config.caseName(lane);
    List<Event> stream = streams.get(config);
    List<List<Event>> requests =
        lane == Lane.ONE_REQUEST
            ? List.of(stream)
            : EventStream.split(stream, seed * 31 + config.ordinal());
    for (List<Event> request : requests) {
      eventide.ingest(source, config.caseName(lane), request);
    }
    eventide.endOfInput(source);
  }
}
