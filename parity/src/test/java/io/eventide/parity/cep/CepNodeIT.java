package io.eventide.parity.cep;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.parity.EventideNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CEP differential test on a real node: every case of {@link CepCases} is deployed (the parity
 * jar's {@link CepParityModule}) and fed its seeded stream over NDJSON ingestion, one source per
 * case with Flink's watermark bound, then end of input; the node's matches, time-outs and late
 * events, per key and in order, must be what Flink CEP 1.20 emits for the same stream. Partial
 * matches live in the node's map state and its event-time timers drive them.
 */
class CepNodeIT {
  private static final Duration SETTLE = Duration.ofSeconds(120);

  @Test
  void aNodeMatchesExactlyAsFlink(@TempDir Path tmp) throws Exception {
    Map<CepCase, List<CepStream.Timed>> streams = new LinkedHashMap<>();
    long seed = CepParityTest.SEED;
    for (CepCase c : CepCases.all()) {
      streams.put(c, CepStream.generate(seed++, CepParityTest.EVENTS, CepParityTest.KEYS));
    }
    Map<String, List<String>> flink = FlinkCep.run(streams);
    int expectedLines = flink.values().stream().mapToInt(List::size).sum();

    List<String> sources = new ArrayList<>();
    streams
        .keySet()
        .forEach(c -> sources.add(source(c) + ":out-of-orderness=" + CepStream.BOUND + "ms"));
    try (EventideNodes.Node node = EventideNodes.start(tmp.resolve("node"), sources)) {
      List<String> served = node.deploy(Path.of(System.getProperty("parity.jar")));
      for (Map.Entry<CepCase, List<CepStream.Timed>> entry : streams.entrySet()) {
        CepCase c = entry.getKey();
        assertThat(served).contains(CepParityModule.NAMESPACE + "/" + c.id());
        node.ingestLines(source(c), entry.getValue().size(), ndjson(c, entry.getValue()));
        node.endOfInput(source(c));
      }
      List<String> lines = awaitLines(node, expectedLines);
      Map<String, List<String>> byCase = byCase(lines);
      for (CepCase c : streams.keySet()) {
        assertThat(comparable(c, byCase.getOrDefault(c.id(), List.of())))
            .as("case %s on a node, seed %d", c.id(), CepParityTest.SEED)
            .isEqualTo(comparable(c, flink.get(c.id())));
      }
      assertThat(lines).hasSize(expectedLines);
    }
  }

  /**
   * The lines by key and kind. A match that time releases, rather than an event, carries the time
   * the NFA was advanced to: the match of a trailing {@code notFollowedBy} (once the watermark
   * shows its window closed) and, with a skip strategy, a match held back until an earlier partial
   * match timed out. Both engines stamp it with the watermark they saw then (or the time of the
   * key's next event); the Flink job sees a watermark after every event, the node's functions see
   * it in steps. For those cases that time alone is left out (the driver-level {@link
   * CepParityTest}, with Flink's cadence, compares it too); the events, their order, every time-out
   * with its time and every late event must still be equal.
   */
  static Map<String, List<String>> comparable(CepCase c, List<String> lines) {
    Map<String, List<String>> groups = CepParityTest.byKeyAndKind(lines);
    String lastStep = c.steps().get(c.steps().size() - 1).connector();
    if (lastStep.equals("notFollowedBy") || !c.skip().equals("noSkip")) {
      groups.replaceAll(
          (group, texts) ->
              group.endsWith(" match")
                  ? texts.stream().map(text -> "*" + text.substring(text.indexOf(' '))).toList()
                  : texts);
    }
    return groups;
  }

  /** The egress lines once there are {@code expected} of them. */
  static List<String> awaitLines(EventideNodes.Node node, int expected) {
    return Awaitility.await()
        .atMost(SETTLE)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> node.egressStrings(CepParityModule.EGRESS), l -> l.size() >= expected);
  }

  /** Egress lines "case TAB key kind text" by case, without the case. */
  static Map<String, List<String>> byCase(List<String> lines) {
    Map<String, List<String>> byCase = new HashMap<>();
    for (String line : lines) {
      int tab = line.indexOf('\t');
      assertThat(tab).as("an egress line of case, key, kind, text: %s", line).isPositive();
      byCase
          .computeIfAbsent(line.substring(0, tab), k -> new ArrayList<>())
          .add(line.substring(tab + 1));
    }
    return byCase;
  }

  static String source(CepCase c) {
    return "cep-" + c.id();
  }

  static String ndjson(CepCase c, List<CepStream.Timed> stream) {
    StringBuilder text = new StringBuilder();
    for (CepStream.Timed event : stream) {
      text.append("{\"target\":\"")
          .append(CepParityModule.NAMESPACE)
          .append('/')
          .append(c.id())
          .append('/')
          .append(CepCase.key(event.value()))
          .append("\",\"eventTime\":")
          .append(event.timestamp())
          .append(",\"payload\":\"")
          .append(event.value())
          .append("\"}\n");
    }
    return text.toString();
  }
}
