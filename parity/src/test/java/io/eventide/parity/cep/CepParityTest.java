package io.eventide.parity.cep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The differential test of issue 22: the same seeded out-of-order streams through Eventide's CEP
 * (in the function test driver) and Flink CEP 1.20 (in a MiniCluster), pattern by pattern; every
 * match, every timed-out partial match and every late event of every key must be identical, in
 * order.
 */
class CepParityTest {
  static final long SEED = Long.getLong("parity.seed", 22L);
  static final int EVENTS = 400;
  static final int KEYS = 3;

  @Test
  void everyMatchTimeOutAndLateEventIsFlinks() throws Exception {
    Map<CepCase, List<CepStream.Timed>> streams = new LinkedHashMap<>();
    long seed = SEED;
    for (CepCase c : CepCases.all()) {
      streams.put(c, CepStream.generate(seed++, EVENTS, KEYS));
    }
    // The same patterns once more over other streams, with more keys and so sparser ones.
    for (CepCase c : CepCases.all()) {
      CepCase again = new CepCase(c.id() + "/sparse", c.steps(), c.withinMillis(), c.skip());
      streams.put(again, CepStream.generate(seed++ * 31, EVENTS, 2 * KEYS));
    }
    Map<String, List<String>> flink = FlinkCep.run(streams);
    int compared = 0;
    for (Map.Entry<CepCase, List<CepStream.Timed>> entry : streams.entrySet()) {
      CepCase c = entry.getKey();
      Map<String, List<String>> expected = byKeyAndKind(flink.get(c.id()));
      Map<String, List<String>> actual = byKeyAndKind(EventideCep.run(c, entry.getValue()));
      assertThat(actual).as("case %s", c.id()).isEqualTo(expected);
      compared += expected.values().stream().mapToInt(List::size).sum();
      System.out.printf("%-32s %s%n", c.id(), counts(expected));
    }
    assertThat(compared).isGreaterThan(5_000);
  }

  /** How many lines of each kind. */
  static Map<String, Integer> counts(Map<String, List<String>> groups) {
    Map<String, Integer> counts = new TreeMap<>();
    groups.forEach((group, lines) -> counts.merge(group.split(" ")[1], lines.size(), Integer::sum));
    return counts;
  }

  /** Lines grouped by key and kind, each group in its order; groups of different kinds race. */
  static Map<String, List<String>> byKeyAndKind(List<String> lines) {
    Map<String, List<String>> groups = new TreeMap<>();
    for (String line : lines) {
      String[] parts = line.split("\t", 3);
      groups.computeIfAbsent(parts[0] + " " + parts[1], k -> new ArrayList<>()).add(parts[2]);
    }
    return groups;
  }
}
