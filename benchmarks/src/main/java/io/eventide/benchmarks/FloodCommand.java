package io.eventide.benchmarks;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One client flooding past its rate limit beside another keeping to its own (issue 24: one token at
 * 20 times its limit must not starve another). Client B calls at its rate alone, then again while
 * client A calls at its flood rate over the same window, each with its own token and its own
 * connections; both are open loops, latency from scheduled send times. Prints B's latency alone and
 * under the flood, their p99 ratio, and how A was answered.
 */
@Command(
    name = "flood",
    mixinStandardHelpOptions = true,
    description =
        "Client B at --rate-b alone, then beside client A at --rate-a (each its own --token-*); B's p99 under the flood over alone.")
final class FloodCommand implements Callable<Integer> {

  @Mixin NodeOptions node;

  @Mixin CallTarget target;

  @Mixin CallWindow window;

  @Option(names = "--token-a", required = true, description = "the flooding client's token")
  String tokenA;

  @Option(names = "--token-b", required = true, description = "the steady client's token")
  String tokenB;

  @Option(
      names = "--rate-a",
      defaultValue = "10000",
      description = "the flooding client's requests per second (default ${DEFAULT-VALUE})")
  int rateA;

  @Option(
      names = "--rate-b",
      defaultValue = "400",
      description = "the steady client's requests per second (default ${DEFAULT-VALUE})")
  int rateB;

  @Option(
      names = {"-c", "--connections"},
      defaultValue = "64",
      description = "connections of each client (default ${DEFAULT-VALUE})")
  int connections;

  @Override
  public Integer call() throws InterruptedException {
    OpenLoop.Result alone = steady("alone");
    CompletableFuture<OpenLoop.Result> a =
        CompletableFuture.supplyAsync(
            this::flood, run -> new Thread(run, "loadgen-flood-a").start());
    OpenLoop.Result flooded = steady("flooded");
    OpenLoop.Result flood;
    try {
      flood = a.join();
    } catch (CompletionException e) {
      throw new IllegalStateException("the flooding client failed", e.getCause());
    }
    long p99Alone = alone.latencies().getValueAtPercentile(99);
    long p99Flooded = flooded.latencies().getValueAtPercentile(99);
    System.out.printf(
        Locale.ROOT,
        "flood: A at %d/s: %d ok, %d refused 429, %d other, achieved %s/s%n",
        rateA,
        flood.count(200),
        flood.count(429),
        flood.ok() + flood.errors() - flood.count(200) - flood.count(429),
        Fmt.rate(Fmt.perSecond(flood.ok() + flood.errors(), flood.measuredNanos())));
    // One line for scripts: microseconds and counts.
    System.out.printf(
        Locale.ROOT,
        "flood-result: b_alone_p50_us=%d b_alone_p99_us=%d b_flooded_p50_us=%d b_flooded_p99_us=%d"
            + " b_alone_errors=%d b_flooded_errors=%d a_ok=%d a_429=%d a_total=%d%n",
        alone.latencies().getValueAtPercentile(50),
        p99Alone,
        flooded.latencies().getValueAtPercentile(50),
        p99Flooded,
        alone.errors(),
        flooded.errors(),
        flood.count(200),
        flood.count(429),
        flood.ok() + flood.errors());
    System.out.printf(
        Locale.ROOT,
        "flood: B's p99 flooded / alone: %.2f%n",
        p99Alone == 0 ? 0 : (double) p99Flooded / p99Alone);
    return alone.errors() == 0 && flooded.errors() == 0 ? 0 : 2;
  }

  private OpenLoop.Result steady(String phase) throws InterruptedException {
    Keys keys = node.keys("flood-b", window.keyCount);
    OpenLoop.Result result =
        window.openLoop(node, connections, rateB, target.requests(keys, tokenB));
    System.out.printf(
        "flood: B %s at %d/s for %d s after %d s warm-up: %d ok, %d errors %s, %s, %s%n",
        phase,
        rateB,
        window.duration,
        window.warmup,
        result.ok(),
        result.errors(),
        result.statuses(),
        Fmt.percentiles(result.latencies()),
        result.cpu().summary());
    if (result.firstError() != null) {
      System.out.println("flood: B's first error: " + result.firstError());
    }
    return result;
  }

  /** Client A over the same window as B's flooded run: its own pool, keys and thread. */
  private OpenLoop.Result flood() {
    Keys keys = node.keys("flood-a", window.keyCount);
    try {
      return window.openLoop(node, connections, rateA, target.requests(keys, tokenA));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    }
  }
}
