package io.eventide.deploy;

import io.eventide.sdk.FunctionSpec;
import io.eventide.worker.WorkerConfig;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options of the processes that run handlers, shared by {@code standalone} and {@code worker}. */
final class WorkerOptions {
  @Option(names = "--handler-timeout", defaultValue = "${env:EVENTIDE_HANDLER_TIMEOUT:-30s}",
      converter = DurationConverter.class,
      description = "How long one handler call may run before it counts as failed (TIMEOUT), unless its function"
          + " type sets its own (env EVENTIDE_HANDLER_TIMEOUT; default ${DEFAULT-VALUE}).")
  Duration handlerTimeout;

  /** The handler timeout, checked as a function type's own would be. */
  Duration handlerTimeout(CommandSpec spec) {
    if (handlerTimeout.isNegative() || handlerTimeout.isZero()
        || handlerTimeout.compareTo(FunctionSpec.MAX_HANDLER_TIMEOUT) > 0) {
      throw new ParameterException(spec.commandLine(), "--handler-timeout " + handlerTimeout
          + " must be positive and at most " + FunctionSpec.MAX_HANDLER_TIMEOUT);
    }
    return handlerTimeout;
  }

  /** A worker's settings with these options applied. */
  static WorkerConfig apply(WorkerConfig config, Duration handlerTimeout) {
    return config.withHandlerTimeout(handlerTimeout);
  }
}
