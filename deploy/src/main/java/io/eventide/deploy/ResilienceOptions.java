package io.eventide.deploy;

import io.eventide.dispatcher.api.RemoteOptions;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Deadlines, retries and circuit breaking of the calls between the cluster roles. */
final class ResilienceOptions {
  @Option(
      names = "--request-timeout",
      defaultValue = "${env:EVENTIDE_REQUEST_TIMEOUT:-10s}",
      converter = DurationConverter.class,
      description =
          "Deadline of one request to a dispatcher; calls add their own timeout"
              + " (env EVENTIDE_REQUEST_TIMEOUT; default ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(
      names = "--invoke-timeout",
      defaultValue = "${env:EVENTIDE_INVOKE_TIMEOUT:-10s}",
      converter = DurationConverter.class,
      description =
          "Deadline of one invocation batch at one worker before it is retried on another"
              + " (env EVENTIDE_INVOKE_TIMEOUT; default ${DEFAULT-VALUE}).")
  Duration invokeTimeout;

  @Option(
      names = "--attempts",
      defaultValue = "${env:EVENTIDE_ATTEMPTS:-4}",
      description =
          "Attempts per request between roles, with exponential backoff and jitter"
              + " (env EVENTIDE_ATTEMPTS; default ${DEFAULT-VALUE}).")
  int attempts;

  @Option(
      names = "--breaker-open-for",
      defaultValue = "${env:EVENTIDE_BREAKER_OPEN_FOR:-2s}",
      converter = DurationConverter.class,
      description =
          "How long a failing peer's circuit stays open (env EVENTIDE_BREAKER_OPEN_FOR;"
              + " default ${DEFAULT-VALUE}).")
  Duration breakerOpenFor;

  @Option(
      names = "--directory-refresh",
      defaultValue = "${env:EVENTIDE_DIRECTORY_REFRESH:-1s}",
      converter = DurationConverter.class,
      description =
          "How often the cluster's members and leases are read from the store"
              + " (env EVENTIDE_DIRECTORY_REFRESH; default ${DEFAULT-VALUE}).")
  Duration directoryRefresh;

  /** The settings, checked by {@link RemoteOptions}' own rules. */
  RemoteOptions remoteOptions(CommandSpec spec) {
    try {
      return new RemoteOptions(
          requestTimeout,
          invokeTimeout,
          attempts,
          Duration.ofMillis(100),
          Duration.ofSeconds(2),
          breakerOpenFor,
          directoryRefresh);
    } catch (IllegalArgumentException e) {
      throw Usage.error(spec, e);
    }
  }
}
