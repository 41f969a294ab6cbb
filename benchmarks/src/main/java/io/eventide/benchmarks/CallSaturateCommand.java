package io.eventide.benchmarks;

import io.eventide.benchmarks.http.HttpPool;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Request-reply throughput at saturation: C connections each send the next call as soon as the
 * reply to the last one arrives. The open loop ({@code call}) tells latency at a chosen rate; this
 * tells the rate a system sustains, and the latency it costs there (from each request's send, since
 * a closed loop has no schedule).
 */
@Command(
    name = "call-saturate",
    mixinStandardHelpOptions = true,
    description =
        "Closed-loop POST /v1/call/example/counter/{key} (or --path-template): achieved calls/s and latency.")
final class CallSaturateCommand implements Callable<Integer> {

  @Mixin NodeOptions node;

  @Mixin CallTarget target;

  @Option(
      names = {"-c", "--connections"},
      defaultValue = "64",
      description = "connections, each with one call in flight (default ${DEFAULT-VALUE})")
  int connections;

  @Mixin CallWindow run;

  @Override
  public Integer call() throws InterruptedException {
    Keys keys = node.keys("cs", run.keyCount);
    Window window = new Window();
    try (HttpPool pool = node.pool(connections, connections + 16)) {
      ClosedLoop loop =
          new ClosedLoop(pool, Long.MAX_VALUE, connections, target.requests(keys), window);
      loop.start();
      TimeUnit.SECONDS.sleep(run.warmup);
      long from = System.nanoTime();
      window.from = from;
      CpuMeter cpu = new CpuMeter();
      TimeUnit.SECONDS.sleep(run.duration);
      long to = System.nanoTime();
      window.to = to;
      String cpuUse = cpu.summary();
      loop.stop();
      ClosedLoop.Result result = loop.await(node.timeout());
      System.out.printf(
          "call-saturate: %d connections for %d s after %d s warm-up, %d keys, achieved %s/s, "
              + "%d ok, %d errors, %s, %s%n",
          connections,
          run.duration,
          run.warmup,
          run.keyCount,
          Fmt.rate(Fmt.perSecond(window.ok.sum(), to - from)),
          window.ok.sum(),
          result.failed(),
          Fmt.percentiles(window.latencies),
          cpuUse);
      if (result.firstError() != null) {
        System.out.println("call-saturate: first error: " + result.firstError());
      }
      return result.failed() == 0 ? 0 : 2;
    }
  }

  /** Counts the calls answered between {@code from} and {@code to}, and their latencies (µs). */
  private static final class Window implements ClosedLoop.Observer {
    final ConcurrentHistogram latencies = new ConcurrentHistogram(3);
    final LongAdder ok = new LongAdder();
    volatile long from = Long.MAX_VALUE;
    volatile long to = Long.MAX_VALUE;

    @Override
    public void ended(long firstSentNanos, long endedNanos, boolean success) {
      if (success && endedNanos - from >= 0 && to - endedNanos > 0) {
        ok.increment();
        latencies.recordValue(Math.max(0, (endedNanos - firstSentNanos) / 1000));
      }
    }
  }
}
