package io.eventide.parity.cep;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.parity.EventideNodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CEP across a restart of the node: a few cases of {@link CepCases} (windows and time-outs, a
 * trailing notFollowedBy, looping steps, skip strategies) get the first half of their streams, the
 * node stops with partial matches in its map state and events queued for the watermark, starts
 * again on the same data, and gets the rest; every match, time-out and late event must be what
 * Flink CEP 1.20 emits for the whole stream, each once.
 */
class CepRestartIT {
  private static final Set<String> CASES =
      Set.of(
          "followedBy-within",
          "notFollowedBy-end",
          "oneOrMore-skipPastLast",
          "allowCombinations",
          "timesOrMore-until-skipToFirst");

  @Test
  void partialMatchesSurviveARestartAndCompleteOnce(@TempDir Path tmp) throws Exception {
    Map<CepCase, List<CepStream.Timed>> streams = new LinkedHashMap<>();
    long seed = CepParityTest.SEED;
    for (CepCase c : CepCases.all()) {
      List<CepStream.Timed> stream =
          CepStream.generate(seed++, CepParityTest.EVENTS, CepParityTest.KEYS);
      if (CASES.contains(c.id())) {
        streams.put(c, stream);
      }
    }
    assertThat(streams).hasSize(CASES.size());
    Map<String, List<String>> flink = FlinkCep.run(streams);
    int expectedLines = flink.values().stream().mapToInt(List::size).sum();
    List<String> sources = new ArrayList<>();
    streams
        .keySet()
        .forEach(
            c -> sources.add(CepNodeIT.source(c) + ":out-of-orderness=" + CepStream.BOUND + "ms"));
    Path data = tmp.resolve("node");

    try (EventideNodes.Node node = EventideNodes.start(data, sources)) {
      node.deploy(Path.of(System.getProperty("parity.jar")));
      for (Map.Entry<CepCase, List<CepStream.Timed>> entry : streams.entrySet()) {
        List<CepStream.Timed> half = entry.getValue().subList(0, entry.getValue().size() / 2);
        node.ingestLines(
            CepNodeIT.source(entry.getKey()), half.size(), CepNodeIT.ndjson(entry.getKey(), half));
      }
    }
    try (EventideNodes.Node node = EventideNodes.start(data, sources)) {
      for (Map.Entry<CepCase, List<CepStream.Timed>> entry : streams.entrySet()) {
        List<CepStream.Timed> all = entry.getValue();
        List<CepStream.Timed> rest = all.subList(all.size() / 2, all.size());
        node.ingestLines(
            CepNodeIT.source(entry.getKey()), rest.size(), CepNodeIT.ndjson(entry.getKey(), rest));
        node.endOfInput(CepNodeIT.source(entry.getKey()));
      }
      List<String> lines = CepNodeIT.awaitLines(node, expectedLines);
      Map<String, List<String>> byCase = CepNodeIT.byCase(lines);
      for (CepCase c : streams.keySet()) {
        assertThat(CepNodeIT.comparable(c, byCase.getOrDefault(c.id(), List.of())))
            .as("case %s across a restart, seed %d", c.id(), CepParityTest.SEED)
            .isEqualTo(CepNodeIT.comparable(c, flink.get(c.id())));
      }
      assertThat(lines).hasSize(expectedLines);
    }
  }
}
