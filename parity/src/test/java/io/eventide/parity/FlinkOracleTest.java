package io.eventide.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the oracle itself on streams small enough to work out by hand: per-event watermarks
 * ({@code max - B - 1}), an event judged against the watermark before it, on-time and late firings,
 * late records, and sessions that are late before they can merge.
 */
class FlinkOracleTest {
  private static final long T = 1_700_000_000_000L; // aligned to 1 s
  private static final List<Event> TUMBLING =
      List.of(
          new Event("a", T + 100, 1),
          new Event("a", T + 900, 2),
          new Event("b", T + 1_300, 5), // watermark T + 1049: a's [T, T+1000) fires
          new Event("a", T + 500, 7), // late for [T, T+1000); allowed only with lateness
          new Event("a", T + 1_200, 4));
  private static final List<Event> SESSIONS =
      List.of(
          new Event("a", T, 1),
          new Event("a", T + 300, 2), // session [T, T+700)
          new Event("b", T + 2_000, 3), // watermark T + 1749: a's session fires and is cleared
          new Event("a", T + 650, 4)); // [T+650, T+1050) is late on its own: a late record

  private static Map<ParityConfig, Outcome> outcomes;

  @BeforeAll
  static void runFlink() throws Exception {
    Map<ParityConfig, List<Event>> streams = new EnumMap<>(ParityConfig.class);
    streams.put(ParityConfig.TUMBLING_SUM, TUMBLING);
    streams.put(ParityConfig.TUMBLING_SUM_LATENESS, TUMBLING);
    streams.put(ParityConfig.SESSION_SUM, SESSIONS);
    outcomes = FlinkOracle.run(streams);
  }

  @Test
  void anEventBehindTheWatermarkIsALateRecordWithoutLateness() {
    Outcome outcome = outcomes.get(ParityConfig.TUMBLING_SUM);
    assertThat(outcome.firings())
        .containsExactlyInAnyOrder(
            fired("a", T, T + 1_000, 2, 3),
            fired("a", T + 1_000, T + 2_000, 1, 4),
            fired("b", T + 1_000, T + 2_000, 1, 5));
    assertThat(outcome.late()).containsExactly(new LateRecord("a", T + 500, 7));
  }

  @Test
  void anAllowedLateEventRefiresItsWindowAtOnce() {
    Outcome outcome = outcomes.get(ParityConfig.TUMBLING_SUM_LATENESS);
    assertThat(outcome.firings().stream().filter(f -> f.key().equals("a") && f.start() == T))
        .containsExactly(fired("a", T, T + 1_000, 2, 3), fired("a", T, T + 1_000, 3, 10));
    assertThat(outcome.firings()).hasSize(4);
    assertThat(outcome.late()).isEmpty();
  }

  @Test
  void aSessionClearedAtItsEndTakesNoLateEvent() {
    Outcome outcome = outcomes.get(ParityConfig.SESSION_SUM);
    assertThat(outcome.firings())
        .containsExactlyInAnyOrder(
            fired("a", T, T + 700, 2, 3), fired("b", T + 2_000, T + 2_400, 1, 3));
    assertThat(outcome.late()).containsExactly(new LateRecord("a", T + 650, 4));
  }

  private static Outcome.Fired fired(String key, long start, long end, long count, long sum) {
    return new Outcome.Fired(key, start, end, Outcome.write(new CountSum(count, sum)));
  }
}
