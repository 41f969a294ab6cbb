package io.eventide.benchmarks;

import io.eventide.benchmarks.http.HttpPool;
import io.eventide.benchmarks.http.Request;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Closed-loop keyed counting through {@code POST /v1/send}: throughput of fire-and-forget messages
 * accepted, and processed end to end (first send to last message committed).
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description =
        "Closed-loop POST /v1/send/example/counter/{key}, then wait until all are processed.")
final class SendCommand implements Callable<Integer> {

  private static final byte[] ONE = "1".getBytes(StandardCharsets.UTF_8);

  @Mixin NodeOptions node;

  @Option(
      names = {"-c", "--connections"},
      defaultValue = "64",
      description = "requests in flight (default ${DEFAULT-VALUE})")
  int connections;

  @Option(
      names = "--keys",
      defaultValue = "1000",
      description = "distinct keys (default ${DEFAULT-VALUE})")
  int keyCount;

  @Option(
      names = {"-m", "--messages"},
      defaultValue = "100000",
      description = "messages (default ${DEFAULT-VALUE})")
  int messages;

  @Option(names = "--idempotency", description = "give every message an Idempotency-Key")
  boolean idempotency;

  @Override
  public Integer call() throws InterruptedException {
    Keys keys = node.keys("s", keyCount);
    try (HttpPool pool = node.pool(connections, connections + 16);
        HttpPool probePool = node.probePool(keyCount)) {
      Probes probes = new Probes(probePool);
      OptionalLong baseline = probes.finishedMetric();
      CpuMeter cpu = new CpuMeter();
      long start = System.nanoTime();
      ClosedLoop.Result sent =
          new ClosedLoop(pool, messages, connections, i -> request(keys, i)).run(node.timeout());
      String cpuUse = cpu.summary();
      CompletionWaiter.Outcome outcome =
          new CompletionWaiter(probes, keys, sent.ok(), node.timeout()).await(baseline);
      System.out.printf(
          "send: %d messages, %d keys, %d connections%s, accepted %s/s (%s), "
              + "processed end-to-end %s/s (%s), %s, %d failed, %d retried, %s%n",
          messages,
          keyCount,
          connections,
          idempotency ? ", idempotency keys" : "",
          Fmt.rate(Fmt.perSecond(sent.ok(), sent.lastOkNanos() - start)),
          Fmt.seconds(sent.lastOkNanos() - start),
          Fmt.rate(Fmt.perSecond(sent.ok(), outcome.doneNanos() - start)),
          Fmt.seconds(outcome.doneNanos() - start),
          outcome.check(),
          sent.failed(),
          sent.retries(),
          cpuUse);
      if (sent.firstError() != null) {
        System.out.println("send: first error: " + sent.firstError());
      }
      return sent.failed() == 0 && outcome.exact() ? 0 : 2;
    }
  }

  private Request request(Keys keys, long index) {
    Request request =
        Request.post("/v1/send/" + keys.addressOfMessage(index), "application/json", ONE);
    return idempotency ? request.withHeader("Idempotency-Key", keys.id(0) + "-m" + index) : request;
  }
}
