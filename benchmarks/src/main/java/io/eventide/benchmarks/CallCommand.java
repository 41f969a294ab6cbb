package io.eventide.benchmarks;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Open-loop request-reply latency through {@code POST /v1/call} (or another path serving the same
 * counter, see {@link CallTarget}) at a fixed rate, measured from each request's scheduled send
 * time.
 */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description =
        "Fixed-rate POST /v1/call/example/counter/{key} (or --path-template); latency percentiles from scheduled send times.")
final class CallCommand implements Callable<Integer> {

  @Mixin NodeOptions node;

  @Mixin CallTarget target;

  @Option(
      names = {"-r", "--rate"},
      defaultValue = "1000",
      description = "requests per second (default ${DEFAULT-VALUE})")
  int rate;

  @Mixin CallWindow window;

  @Option(
      names = {"-c", "--connections"},
      defaultValue = "64",
      description = "connections, the most requests in flight (default ${DEFAULT-VALUE})")
  int connections;

  @Override
  public Integer call() throws InterruptedException {
    Keys keys = node.keys("c", window.keyCount);
    OpenLoop.Result result = window.openLoop(node, connections, rate, target.requests(keys));
    System.out.printf(
        "call: rate %d/s (achieved %s/s) for %d s after %d s warm-up, %d keys, %d ok, %d errors, %s, %s%n",
        rate,
        Fmt.rate(Fmt.perSecond(result.ok() + result.errors(), result.measuredNanos())),
        window.duration,
        window.warmup,
        window.keyCount,
        result.ok(),
        result.errors(),
        Fmt.percentiles(result.latencies()),
        result.cpu().summary());
    if (result.firstError() != null) {
      System.out.println("call: first error: " + result.firstError());
    }
    return result.errors() == 0 ? 0 : 2;
  }
}
