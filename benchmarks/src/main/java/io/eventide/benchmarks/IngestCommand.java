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
 * NDJSON batch ingestion through {@code POST /v1/ingress/{source}/events}: events per second
 * ingested (durably accepted) and processed end to end, then an exactly-once check over every key's
 * state (or a seeded sample of the keys, {@code --check-sample}). The batch bodies are built before
 * the clock starts.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Batch NDJSON ingestion to example/counter keys, then wait and check exactly-once.")
final class IngestCommand implements Callable<Integer> {

  @Mixin NodeOptions node;

  @Option(
      names = {"-b", "--batch"},
      defaultValue = "10000",
      description = "events per request (default ${DEFAULT-VALUE})")
  int batch;

  @Option(
      names = "--keys",
      defaultValue = "10000",
      description = "distinct keys (default ${DEFAULT-VALUE})")
  int keyCount;

  @Option(
      names = {"-m", "--events"},
      defaultValue = "1000000",
      description = "events (default ${DEFAULT-VALUE})")
  int events;

  @Option(
      names = {"-p", "--parallel"},
      defaultValue = "2",
      description = "requests in flight (default ${DEFAULT-VALUE})")
  int parallel;

  @Option(
      names = "--source",
      defaultValue = "bench",
      description = "ingress source name (default ${DEFAULT-VALUE})")
  String source;

  @Option(names = "--idempotency", description = "give every event an idempotencyKey")
  boolean idempotency;

  // Reading a million keys' state over HTTP takes longer than ingesting them.
  @Option(
      names = "--check-sample",
      paramLabel = "N",
      description = "check exactly-once on N keys drawn at random (default: every key)")
  Integer checkSample;

  @Option(
      names = "--cpu-of",
      paramLabel = "NAME=PID",
      description = "report the CPU per event of process PID as NAME (repeatable)")
  java.util.LinkedHashMap<String, Long> cpuOf = new java.util.LinkedHashMap<>();

  @Option(
      names = "--check-seed",
      defaultValue = "1",
      description = "seed of the sample (default ${DEFAULT-VALUE})")
  long checkSeed;

  @Override
  public Integer call() throws InterruptedException {
    if (checkSample != null && checkSample < 1) {
      throw new IllegalArgumentException("--check-sample must be at least 1");
    }
    Keys keys = node.keys("i", keyCount);
    int[] checked = keys.sample(checkSample == null ? keyCount : checkSample, checkSeed);
    byte[][] bodies = bodies(keys);
    String path = "/v1/ingress/" + source + "/events";
    try (HttpPool pool = node.pool(parallel, parallel + 16);
        HttpPool probePool = node.probePool(checked.length)) {
      Probes probes = new Probes(probePool);
      OptionalLong baseline = probes.finishedMetric();
      CpuMeter cpu = new CpuMeter();
      RoleCpu roles = new RoleCpu(cpuOf);
      String[] roleCpu = {""};
      long start = System.nanoTime();
      ClosedLoop.Result sent =
          new ClosedLoop(
                  pool,
                  bodies.length,
                  parallel,
                  i -> Request.post(path, "application/x-ndjson", bodies[(int) i]))
              .run(node.timeout());
      String cpuUse = cpu.summary();
      long accepted = Math.min(events, sent.ok() * batch);
      CompletionWaiter.Outcome outcome =
          new CompletionWaiter(
                  probes, keys, sent.failed() == 0 ? events : accepted, node.timeout(), checked)
              .await(baseline, () -> roleCpu[0] = roles.perEvent(events));
      System.out.printf(
          "ingest: %d events, %d keys, batches of %d x%d in flight%s, ingested %s/s (%s), "
              + "processed end-to-end %s/s (%s), %s, %d batches failed, %d retried, %s%n",
          events,
          keyCount,
          batch,
          parallel,
          idempotency ? ", idempotency keys" : "",
          Fmt.rate(Fmt.perSecond(accepted, sent.lastOkNanos() - start)),
          Fmt.seconds(sent.lastOkNanos() - start),
          Fmt.rate(Fmt.perSecond(accepted, outcome.doneNanos() - start)),
          Fmt.seconds(outcome.doneNanos() - start),
          outcome.check(),
          sent.failed(),
          sent.retries(),
          cpuUse);
      if (!roleCpu[0].isEmpty()) {
        System.out.println("ingest: " + roleCpu[0]);
      }
      if (sent.firstError() != null) {
        System.out.println("ingest: first error: " + sent.firstError());
      }
      return sent.failed() == 0 && outcome.exact() ? 0 : 2;
    }
  }

  /** One NDJSON body per batch; event {@code i} goes to key {@code i % keys}. */
  byte[][] bodies(Keys keys) {
    int count = (events + batch - 1) / batch;
    byte[][] bodies = new byte[count][];
    StringBuilder text = new StringBuilder(batch * 64);
    for (int b = 0; b < count; b++) {
      text.setLength(0);
      for (long i = (long) b * batch; i < Math.min(events, (long) (b + 1) * batch); i++) {
        text.append("{\"target\":\"")
            .append(keys.function())
            .append('/')
            .append(keys.idOfMessage(i))
            .append("\",\"payload\":1");
        if (idempotency) {
          text.append(",\"idempotencyKey\":\"")
              .append(keys.id(0))
              .append("-e")
              .append(i)
              .append('"');
        }
        text.append("}\n");
      }
      bodies[b] = text.toString().getBytes(StandardCharsets.UTF_8);
    }
    return bodies;
  }
}
