package io.eventide.deploy;

import io.eventide.dispatcher.Dispatcher;
import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.gateway.Durations;
import io.eventide.gateway.audit.AuditTrail;
import io.eventide.store.Store;
import io.eventide.store.keyspace.Keyspace;
import java.time.Duration;

/**
 * How long a process that runs a dispatcher keeps what would otherwise grow without bound.
 *
 * @param idempotency how long an idempotency key is remembered after its request
 * @param egress how long a log egress record (dead letters included) is kept after it was written
 * @param audit how long an audit log entry is kept
 * @param auditEntries how many audit log entries are kept at most, the oldest going first
 */
public record Retention(Duration idempotency, Duration egress, Duration audit, long auditEntries) {
  /** Shorter would forget keys while clients still retry, and trim egresses mid-read. */
  static final Duration MIN = Duration.ofSeconds(1);

  /** Ten years: effectively forever, and far from overflowing a millisecond count. */
  static final Duration MAX = Duration.ofDays(3650);

  /** A billion entries of a few hundred bytes: far more than an audit log should hold. */
  static final long MAX_AUDIT_ENTRIES = 1_000_000_000L;

  public Retention {
    check("--idempotency-retention", idempotency);
    check("--egress-retention", egress);
    check("--audit-retention", audit);
    if (auditEntries < 1 || auditEntries > MAX_AUDIT_ENTRIES) {
      throw new IllegalArgumentException(
          "--audit-retention-entries "
              + auditEntries
              + " must be between 1 and "
              + MAX_AUDIT_ENTRIES);
    }
  }

  /**
   * 24 hours for idempotency keys (as Stripe and Restate keep them), 7 days for egress records, 30
   * days and at most 100,000 entries for the audit log.
   */
  public static Retention defaults() {
    return new Retention(Duration.ofHours(24), Duration.ofDays(7), Duration.ofDays(30), 100_000);
  }

  DispatcherConfig applyTo(DispatcherConfig config) {
    return config.withDedupRetention(idempotency).withEgressRetention(egress);
  }

  /**
   * Trims the audit log kept in {@code store} with {@code dispatcher}'s retention sweeps; the
   * returned trail is to be closed with the process.
   */
  AuditTrail trimAudit(Dispatcher dispatcher, Store store, Keyspace keyspace) {
    AuditTrail trail = new AuditTrail(store, keyspace);
    dispatcher.sweepAlso(audit, () -> trail.sweep(audit, auditEntries, System::currentTimeMillis));
    return trail;
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
