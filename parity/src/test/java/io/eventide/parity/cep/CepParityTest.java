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

  static List<CepCase> cases() {
    List<CepCase> cases = new ArrayList<>();
    cases.add(CepCase.begin("a", "a").next("b", "b").build("next", 0, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b")
            .followedBy("c", "c")
            .build("followedBy-within", 12, "noSkip"));
    cases.add(
        CepCase.begin("a", "a").followedByAny("b", "b").build("followedByAny-within", 8, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .notNext("n", "c")
            .followedBy("b", "b")
            .build("notNext", 10, "skipToNext"));
    cases.add(
        CepCase.begin("a", "a")
            .notFollowedBy("n", "d")
            .followedBy("c", "c")
            .build("notFollowedBy-middle", 15, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b")
            .notFollowedBy("n", "d")
            .build("notFollowedBy-end", 9, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "oneOrMore")
            .followedBy("c", "c")
            .build("oneOrMore-skipPastLast", 12, "skipPastLastEvent"));
    cases.add(
        CepCase.begin("a", "a")
            .next("b", "b", "oneOrMore", "consecutive")
            .next("c", "c")
            .build("oneOrMore-consecutive", 0, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "oneOrMore", "allowCombinations")
            .followedBy("c", "c")
            .build("allowCombinations", 7, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "times:1:3", "greedy")
            .followedBy("c", "c")
            .build("times-greedy-skipToNext", 10, "skipToNext"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "bc", "timesOrMore:2", "until:d")
            .followedBy("c", "c")
            .build("timesOrMore-until-skipToFirst", 14, "first:b"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "optional")
            .followedBy("c", "c")
            .build("optional-skipToLast", 10, "last:b"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "oneOrMore", "iter")
            .followedBy("c", "c")
            .build("iterative-skipToLast", 10, "last:b"));
    cases.add(
        CepCase.begin("a", "a", "or:d")
            .followedBy("b", "b", "times:2")
            .build("or-times", 10, "noSkip"));
    cases.add(
        CepCase.begin("a", "a", "oneOrMore")
            .followedBy("b", "b")
            .build("begin-oneOrMore-skipPastLast", 8, "skipPastLastEvent"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "oneOrMore", "greedy")
            .next("c", "c")
            .build("oneOrMore-greedy", 10, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .notFollowedBy("n", "d")
            .followedBy("b", "b", "optional")
            .followedBy("c", "c")
            .build("notFollowedBy-optional", 12, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "times:0:2", "consecutive")
            .followedBy("c", "c")
            .build("times-from-zero-consecutive", 10, "skipToNext"));
    cases.add(
        CepCase.begin("a", "a")
            .followedByAny("b", "b", "oneOrMore")
            .followedBy("c", "c")
            .build("followedByAny-oneOrMore", 6, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .next("b", "b", "oneOrMore")
            .notNext("n", "d")
            .followedBy("c", "c")
            .build("notNext-after-loop", 10, "skipToNext"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "oneOrMore", "greedy", "until:d")
            .followedBy("c", "c")
            .build("greedy-until", 12, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "oneOrMore", "optional", "greedy")
            .followedBy("c", "c")
            .build("optional-greedy-loop", 10, "skipPastLastEvent"));
    cases.add(
        CepCase.begin("a", "ab", "oneOrMore")
            .followedBy("c", "c")
            .build("skipToFirst-begin-loop", 8, "first:a"));
    cases.add(
        CepCase.begin("a", "ab", "oneOrMore")
            .followedBy("c", "c")
            .build("skipToLast-begin-loop", 8, "last:a"));
    cases.add(
        CepCase.begin("a", "a")
            .next("b", "b", "timesOrMore:2", "consecutive")
            .followedBy("c", "c")
            .build("timesOrMore-consecutive", 16, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "times:2:3", "allowCombinations")
            .followedBy("c", "c")
            .build("times-allowCombinations", 14, "skipToNext"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "oneOrMore")
            .notFollowedBy("n", "d")
            .build("notFollowedBy-end-after-loop", 8, "noSkip"));
    cases.add(
        CepCase.begin("a", "a", "optional")
            .followedBy("b", "b")
            .build("begin-optional", 5, "noSkip"));
    cases.add(
        CepCase.begin("a", "a", "or:d", "iter")
            .followedByAny("b", "bc", "times:1:2", "iter")
            .build("iterative-or-followedByAny", 6, "last:b"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "times:2", "consecutive", "optional")
            .next("c", "c")
            .build("times-consecutive-optional-next", 0, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "within:6")
            .followedBy("c", "c")
            .build("within-on-a-middle-step", 15, "noSkip"));
    cases.add(
        CepCase.begin("a", "a", "within:7")
            .notFollowedBy("n", "d")
            .build("notFollowedBy-end-window-on-first-step", 0, "noSkip"));
    return cases;
  }

  @Test
  void everyMatchTimeOutAndLateEventIsFlinks() throws Exception {
    Map<CepCase, List<CepStream.Timed>> streams = new LinkedHashMap<>();
    long seed = SEED;
    for (CepCase c : cases()) {
      streams.put(c, CepStream.generate(seed++, EVENTS, KEYS));
    }
    // The same patterns once more over other streams, with more keys and so sparser ones.
    for (CepCase c : cases()) {
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
