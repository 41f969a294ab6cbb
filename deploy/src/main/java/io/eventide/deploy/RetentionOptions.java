package io.eventide.deploy;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The retention options of every command that runs a dispatcher: {@code standalone} and {@code
 * dispatcher}.
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

  Retention retention(CommandSpec spec) {
    try {
      return new Retention(idempotency, egress);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
