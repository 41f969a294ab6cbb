package io.eventide.benchmarks;

import io.eventide.benchmarks.http.HttpPool;
import io.eventide.benchmarks.http.Request;
import java.time.Duration;
import java.util.function.LongFunction;
import picocli.CommandLine.Option;

/**
 * How long the call scenarios run and over how many keys; {@code call} and {@code call-saturate}
 * share it.
 */
final class CallWindow {

  @Option(
      names = {"-d", "--duration"},
      defaultValue = "20",
      description = "measured seconds (default ${DEFAULT-VALUE})")
  int duration;

  @Option(
      names = "--warmup",
      defaultValue = "5",
      description = "unmeasured seconds first (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--keys",
      defaultValue = "1000",
      description = "distinct keys (default ${DEFAULT-VALUE})")
  int keyCount;

  /**
   * Runs an open loop of {@code requests} at {@code rate} over this window on {@code connections}
   * of its own. Requests that find every connection busy wait in the pool's queue, on the clock.
   */
  OpenLoop.Result openLoop(
      NodeOptions node, int connections, int rate, LongFunction<Request> requests)
      throws InterruptedException {
    try (HttpPool pool = node.pool(connections, rate * (warmup + duration) + 16)) {
      return new OpenLoop(pool, rate, requests)
          .run(Duration.ofSeconds(warmup), Duration.ofSeconds(duration), node.timeout());
    }
  }
}
