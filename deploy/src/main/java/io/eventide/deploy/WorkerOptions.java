package io.eventide.deploy;

import io.eventide.sdk.FunctionSpec;
import io.eventide.worker.api.WorkerConfig;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of the processes that run handlers, shared by {@code standalone} and {@code worker}.
 */
final class WorkerOptions {
  @Option(
      names = "--handler-timeout",
      defaultValue = "${env:EVENTIDE_HANDLER_TIMEOUT:-30s}",
      converter = DurationConverter.class,
      description =
          "How long one handler call may run before it counts as failed (TIMEOUT), unless its function"
              + " type sets its own (env EVENTIDE_HANDLER_TIMEOUT; default ${DEFAULT-VALUE}).")
  Duration handlerTimeout;

  @Option(
      names = "--max-blocked-handlers",
      defaultValue = "${env:EVENTIDE_MAX_BLOCKED_HANDLERS:-256}",
      description =
          "Threads of one function type that may be blocked in handlers (waiting, sleeping, or stuck past"
              + " their timeout) and still be replaced by fresh ones (env EVENTIDE_MAX_BLOCKED_HANDLERS;"
              + " default ${DEFAULT-VALUE}).")
  int maxBlockedHandlers;

  /** The handler timeout, checked as a function type's own would be. */
  Duration handlerTimeout(CommandSpec spec) {
    if (handlerTimeout.isNegative()
        || handlerTimeout.isZero()
        || handlerTimeout.compareTo(FunctionSpec.MAX_HANDLER_TIMEOUT) > 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--handler-timeout "
              + handlerTimeout
              + " must be positive and at most "
              + FunctionSpec.MAX_HANDLER_TIMEOUT);
    }
    return handlerTimeout;
  }

  /** The handler options, checked. */
  Handlers handlers(CommandSpec spec) {
    if (maxBlockedHandlers < 0 || maxBlockedHandlers > MAX_BLOCKED) {
      throw new ParameterException(
          spec.commandLine(),
          "--max-blocked-handlers " + maxBlockedHandlers + " must be 0.." + MAX_BLOCKED);
    }
    return new Handlers(handlerTimeout(spec), maxBlockedHandlers);
  }

  /** More threads than this per function type would be a leak, not a safety margin. */
  static final int MAX_BLOCKED = 10_000;

  /**
   * How handlers are run: the default handler timeout, and the blocked threads a function type may
   * have replaced.
   */
  record Handlers(Duration timeout, int maxBlocked) {
    static Handlers defaults() {
      return new Handlers(
          WorkerConfig.DEFAULT_HANDLER_TIMEOUT, WorkerConfig.defaults().maxBlockedPerType());
    }

    /** A worker's settings with these applied. */
    WorkerConfig apply(WorkerConfig config) {
      return config.withHandlerTimeout(timeout).withMaxBlockedPerType(maxBlocked);
    }
  }
}
