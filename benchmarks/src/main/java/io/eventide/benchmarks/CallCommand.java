package io.eventide.benchmarks;

import io.eventide.benchmarks.http.HttpPool;
import io.eventide.benchmarks.http.Request;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Open-loop request-reply latency through {@code POST /v1/call} at a fixed rate, measured from
 * each request's scheduled send time.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
    description = "Fixed-rate POST /v1/call/example/counter/{key}; latency percentiles from scheduled send times.")
final class CallCommand implements Callable<Integer> {

  private static final byte[] ONE = "1".getBytes(StandardCharsets.UTF_8);

  @Mixin
  NodeOptions node;

  @Option(names = {"-r", "--rate"}, defaultValue = "1000", description = "requests per second (default ${DEFAULT-VALUE})")
  int rate;

  @Option(names = {"-d", "--duration"}, defaultValue = "20", description = "measured seconds (default ${DEFAULT-VALUE})")
  int duration;

  @Option(names = "--warmup", defaultValue = "5", description = "unmeasured seconds first (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--keys", defaultValue = "1000", description = "distinct keys (default ${DEFAULT-VALUE})")
  int keyCount;

  @Option(names = {"-c", "--connections"}, defaultValue = "64",
      description = "connections, the most requests in flight (default ${DEFAULT-VALUE})")
  int connections;

  @Override
  public Integer call() throws InterruptedException {
    Keys keys = node.keys("c", keyCount);
    // Requests that find every connection busy wait in the pool's queue, on the clock.
    try (HttpPool pool = node.pool(connections, rate * (warmup + duration) + 16)) {
      OpenLoop.Result result = new OpenLoop(pool, rate,
          i -> Request.post("/v1/call/" + keys.addressOfMessage(i), "application/json", ONE))
          .run(Duration.ofSeconds(warmup), Duration.ofSeconds(duration), node.timeout());
      Histogram h = result.latencies();
      System.out.printf("call: rate %d/s (achieved %s/s) for %d s after %d s warm-up, %d keys, %d ok, %d errors, "
              + "p50 %s, p90 %s, p99 %s, p999 %s, max %s, %s%n",
          rate, Fmt.rate(Fmt.perSecond(result.ok() + result.errors(), result.measuredNanos())), duration, warmup,
          keyCount, result.ok(), result.errors(),
          Fmt.millis(h.getValueAtPercentile(50)), Fmt.millis(h.getValueAtPercentile(90)),
          Fmt.millis(h.getValueAtPercentile(99)), Fmt.millis(h.getValueAtPercentile(99.9)),
          Fmt.millis(h.getMaxValue()), result.cpu().summary());
      if (result.firstError() != null) {
        System.out.println("call: first error: " + result.firstError());
      }
      return result.errors() == 0 ? 0 : 2;
    }
  }
}
