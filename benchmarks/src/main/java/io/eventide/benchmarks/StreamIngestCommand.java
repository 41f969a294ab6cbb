package io.eventide.benchmarks;

import io.eventide.benchmarks.http.HttpPool;
import io.eventide.benchmarks.http.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The NDJSON reference of {@code kafka-count}: the same records ({@link StreamOptions}, with their
 * keys and event times) posted as NDJSON batches to {@code POST /v1/ingress/{source}/events}, B
 * lines per request and P requests in flight as the {@code ingest} scenario does, timed from the
 * first request until the processed-messages counter has grown by every record. The bodies are
 * built before the clock starts; the same exactly-once check follows, off the clock.
 */
@Command(
    name = "stream-ingest",
    mixinStandardHelpOptions = true,
    description = "Post the Kafka benchmark's records as NDJSON to counters, time until processed.")
final class StreamIngestCommand implements Callable<Integer> {

  @Mixin NodeOptions node;

  @Mixin StreamOptions stream;

  @Option(
      names = {"-b", "--batch"},
      defaultValue = "10000",
      description = "lines per request (default ${DEFAULT-VALUE})")
  int batch;

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

  @Option(
      names = "--passes-before",
      defaultValue = "0",
      description =
          "times the node already counted the stream into these keys (default ${DEFAULT-VALUE})")
  int passesBefore;

  @Option(
      names = "--check-sample",
      paramLabel = "N",
      description = "check exactly-once on N keys drawn at random (default: every key)")
  Integer checkSample;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Keys keys = new Keys(node.function, "", stream.keys);
    long[] perKey = stream.perKey();
    List<byte[]> bodies = bodies();
    String path = "/v1/ingress/" + source + "/events";
    try (HttpPool pool = node.pool(parallel, parallel + 16);
        HttpPool probePool = node.probePool(stream.keys)) {
      Probes probes = new Probes(probePool);
      OptionalLong baseline = probes.finishedMetric();
      if (baseline.isEmpty()) {
        System.out.println("stream-ingest: the node has no " + Probes.PROCESSED_METRIC + " metric");
        return 2;
      }
      CpuMeter cpu = new CpuMeter();
      long start = System.nanoTime();
      ClosedLoop.Result sent =
          new ClosedLoop(
                  pool,
                  bodies.size(),
                  parallel,
                  i -> Request.post(path, "application/x-ndjson", bodies.get((int) i)))
              .run(node.timeout());
      long deadline = start + node.timeout().toNanos();
      long done =
          sent.failed() == 0
              ? probes.awaitFinished(
                  baseline.getAsLong(), stream.events, CompletionWaiter.POLL_NANOS, deadline)
              : -1;
      String cpuUse = cpu.summary();
      String check = StreamCheck.check(probes, keys, perKey, passesBefore + 1, checkSample);
      boolean ok = done > 0 && StreamCheck.ok(check);
      System.out.printf(
          "stream-ingest: %d records into %s, batches of %d x%d in flight, ingested %s/s (%s), %s,"
              + " %s: %s, %d batches failed, %d retried, %s%n",
          stream.events,
          node.function,
          batch,
          parallel,
          Fmt.rate(Fmt.perSecond(stream.events, sent.lastOkNanos() - start)),
          Fmt.seconds(sent.lastOkNanos() - start),
          done > 0
              ? "processed end-to-end "
                  + Fmt.rate(Fmt.perSecond(stream.events, done - start))
                  + "/s ("
                  + Fmt.seconds(done - start)
                  + ")"
              : "NOT processed after " + Fmt.seconds(System.nanoTime() - start),
          check,
          ok ? "OK" : "FAILED",
          sent.failed(),
          sent.retries(),
          cpuUse);
      if (sent.firstError() != null) {
        System.out.println("stream-ingest: first error: " + sent.firstError());
      }
      return ok && sent.failed() == 0 ? 0 : 2;
    }
  }

  /** The stream as NDJSON bodies of {@code batch} lines, in stream order. */
  List<byte[]> bodies() throws IOException {
    List<byte[]> bodies = new ArrayList<>();
    StringBuilder text = new StringBuilder(batch * 72);
    String prefix = "{\"target\":\"" + node.function + "/k";
    stream.stream()
        .forEach(
            (index, key, eventTime) -> {
              text.append(prefix)
                  .append(key)
                  .append("\",\"eventTime\":")
                  .append(eventTime)
                  .append(",\"payload\":1}\n");
              if ((index + 1) % batch == 0) {
                bodies.add(text.toString().getBytes(StandardCharsets.UTF_8));
                text.setLength(0);
              }
            });
    if (text.length() > 0) {
      bodies.add(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    return bodies;
  }
}
