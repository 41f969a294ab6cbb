package io.eventide.worker.testing;

import io.eventide.protocol.Invocation;
import io.eventide.protocol.InvocationResult;
import io.eventide.worker.api.RegisteredFunction;
import io.eventide.worker.internal.InvocationTask;
import java.time.Duration;
import java.util.List;

/**
 * Runs one invocation on the calling thread as a worker's handler lane does ({@code
 * InvocationTask}), for the benchmarks module, which may not reach into the worker's internals.
 *
 * <pre>{@code
 * InvocationResult result = InvocationFixture.run(invocation, function);
 * }</pre>
 */
public final class InvocationFixture {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private InvocationFixture() {}

  /** Handles every message of {@code invocation} with {@code function}; no internal lists. */
  public static InvocationResult run(Invocation invocation, RegisteredFunction function) {
    return new InvocationTask(invocation, function, TIMEOUT, (address, name) -> List.of()).call();
  }
}
