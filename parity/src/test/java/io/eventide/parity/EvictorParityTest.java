package io.eventide.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The differential test of issue 22's windows: evictors (count, time, delta; before and after the
 * function; over tumbling and sliding windows with allowed lateness) and a process window function
 * with window state and global state. The same seeded out-of-order streams go through Flink 1.20 (a
 * MiniCluster, {@link FlinkEvictors}) and Eventide's window operator (the function test driver,
 * {@link EventideEvictors}); every firing, in order per key and window, and every late record must
 * be identical. Order within a firing matters here: evictors see messages in the order added.
 */
class EvictorParityTest {
  static final long SEED = Long.getLong("parity.seed", 20261124L);

  @Test
  void everyFiringAndLateRecordIsFlinks() throws Exception {
    Map<EvictorCase, List<Event>> streams = new LinkedHashMap<>();
    long salt = 0;
    for (EvictorCase c : EvictorCase.all()) {
      SplittableRandom random = new SplittableRandom(SEED * 1_000_003L + 7_919 * ++salt);
      int keys = 20;
      streams.put(
          c,
          EventStream.generate(
              random,
              800,
              keys,
              300.0 / keys,
              c.boundMillis(),
              c.window().size(),
              c.latenessMillis()));
    }
    Map<String, Outcome> flink = FlinkEvictors.run(streams);
    for (Map.Entry<EvictorCase, List<Event>> entry : streams.entrySet()) {
      EvictorCase c = entry.getKey();
      Outcome expected = flink.get(c.id());
      Outcome actual = EventideEvictors.run(c, entry.getValue());
      long refirings =
          expected.firings().size()
              - expected.firings().stream().map(Outcome.Fired::window).distinct().count();
      System.out.printf(
          "%-26s %4d firings (%3d late), %3d late records%n",
          c.id(), expected.firings().size(), refirings, expected.late().size());
      assertThat(expected.firings()).as("Flink's firings of %s", c).hasSizeGreaterThan(50);
      assertThat(refirings).as("late firings of %s", c).isPositive();
      assertThat(expected.late()).as("late records of %s", c).isNotEmpty();
      List<String> differences = OutcomeDiff.differences(expected, actual);
      assertThat(differences)
          .as(
              "%s, seed %d (rerun with -Dparity.seed=%d):%n%s",
              c, SEED, SEED, OutcomeDiff.summary(differences, 10))
          .isEmpty();
    }
  }
}
