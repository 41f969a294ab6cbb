package io.eventide.deploy;

import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.gateway.Durations;
import java.time.Duration;

/**
 * How long a process that runs a dispatcher keeps what would otherwise grow without bound.
 *
 * @param idempotency how long an idempotency key is remembered after its request
 * @param egress how long a log egress record (dead letters included) is kept after it was written
 */
public record Retention(Duration idempotency, Duration egress) {
  /** Shorter would forget keys while clients still retry, and trim egresses mid-read. */
  static final Duration MIN = Duration.ofSeconds(1);

  /** Ten years: effectively forever, and far from overflowing a millisecond count. */
  static final Duration MAX = Duration.ofDays(3650);

  public Retention {
    check("--idempotency-retention", idempotency);
    check("--egress-retention", egress);
  }

  /** 24 hours for idempotency keys (as Stripe and Restate keep them), 7 days for egress records. */
  public static Retention defaults() {
    return new Retention(Duration.ofHours(24), Duration.ofDays(7));
  }

  DispatcherConfig applyTo(DispatcherConfig config) {
    return config.withDedupRetention(idempotency).withEgressRetention(egress);
  }

  /** Named after the launcher option that sets {@code retention}, whose message this is. */
  private static void check(String option, Duration retention) {
    if (retention.compareTo(MIN) < 0 || retention.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          option
              + " "
              + Durations.format(retention)
              + " must be between "
              + Durations.format(MIN)
              + " and "
              + Durations.format(MAX));
    }
  }
}
