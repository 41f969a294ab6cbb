package io.eventide.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/** What every parity run checks, on a node or on a cluster: the same seed, the same outcome. */
final class ParityCheck {
  private static final Duration AT_LEAST = Duration.ofSeconds(3);
  private static final int SHOWN_DIFFERENCES = 12;

  private ParityCheck() {}

  /** The build's seed ({@code -Dparity.seed}), or a random one for {@code random} or none. */
  static long seed() {
    String given = System.getProperty("parity.seed", "").trim();
    return given.isEmpty() || given.equals("random")
        ? ThreadLocalRandom.current().nextLong(1, 1L << 40)
        : Long.parseLong(given);
  }

  /**
   * Waits until {@code deadline} (epoch ms; at least a few seconds) for Eventide to write as many
   * firings and late records as Flink did, then requires them identical.
   *
   * @param where names the run in the failure message ("node", "cluster")
   * @param logs where to look when it fails
   */
  static void requireFlinks(
      String where,
      ParityConfig config,
      Lane lane,
      long seed,
      Outcome expected,
      EventideNode.EgressLog firings,
      EventideNode.EgressLog late,
      long deadline,
      Supplier<String> logs) {
    boolean settled = true;
    try {
      await("firings of " + config.caseName(lane))
          .atMost(
              Duration.ofMillis(
                  Math.max(AT_LEAST.toMillis(), deadline - System.currentTimeMillis())))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  firings.poll().size() >= expected.firings().size()
                      && late.poll().size() >= expected.late().size());
    } catch (ConditionTimeoutException e) {
      settled = false;
    }
    Outcome actual =
        new Outcome(
            firings.poll().stream().map(Outcome::parseFiring).toList(),
            late.poll().stream().map(Outcome::parseLate).toList());
    List<String> differences = OutcomeDiff.differences(expected, actual);
    String waited =
        settled ? "" : " (gave up waiting: Eventide had not produced as many records as Flink)";
    assertThat(differences)
        .as(
            () ->
                String.format(
                    "%s: %s, lane %s, seed %d%s: Flink fired %d times with %d late records,"
                        + " Eventide %d times with %d; %d differences:%n%s(rerun with"
                        + " -Dparity.seed=%d) %s",
                    where,
                    config,
                    lane,
                    seed,
                    waited,
                    expected.firings().size(),
                    expected.late().size(),
                    actual.firings().size(),
                    actual.late().size(),
                    differences.size(),
                    OutcomeDiff.summary(differences, SHOWN_DIFFERENCES),
                    seed,
                    logs.get()))
        .isEmpty();
  }
}
