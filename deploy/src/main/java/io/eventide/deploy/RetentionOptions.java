package io.eventide.deploy;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The retention options of every command that runs a dispatcher: {@code standalone} and {@code
 * dispatcher}. The holder of key group 0 applies them for the whole cluster, the audit log included
 * (written by the gateways).
 */
final class RetentionOptions {
  @Option(
      names = "--idempotency-retention",
      defaultValue = "${env:EVENTIDE_IDEMPOTENCY_RETENTION:-24h}",
      converter = DurationConverter.class,
      description =
          "How long an idempotency key is remembered, 1s..3650d (env EVENTIDE_IDEMPOTENCY_RETENTION;"
              + " default ${DEFAULT-VALUE}).")
  Duration idempotency;

  @Option(
      names = "--egress-retention",
      defaultValue = "${env:EVENTIDE_EGRESS_RETENTION:-7d}",
      converter = DurationConverter.class,
      description =
          "How long log egress records (dead letters included) are kept, 1s..3650d"
              + " (env EVENTIDE_EGRESS_RETENTION; default ${DEFAULT-VALUE}).")
  Duration egress;

  @Option(
      names = "--audit-retention",
      defaultValue = "${env:EVENTIDE_AUDIT_RETENTION:-30d}",
      converter = DurationConverter.class,
      description =
          "How long audit log entries are kept in the store, 1s..3650d"
              + " (env EVENTIDE_AUDIT_RETENTION; default ${DEFAULT-VALUE}).")
  Duration audit;

  @Option(
      names = "--audit-retention-entries",
      defaultValue = "${env:EVENTIDE_AUDIT_RETENTION_ENTRIES:-100000}",
      description =
          "How many audit log entries are kept in the store at most, the oldest going first,"
              + " 1..1000000000 (env EVENTIDE_AUDIT_RETENTION_ENTRIES; default ${DEFAULT-VALUE}).")
  long auditEntries;

  Retention retention(CommandSpec spec) {
    try {
      return new Retention(idempotency, egress, audit, auditEntries);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
