package io.eventide.benchmarks;

import io.eventide.benchmarks.http.HttpPool;
import io.eventide.benchmarks.http.Request;
import io.eventide.benchmarks.http.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Eventide half of the windowed-counting benchmark: posts an event file written by {@code
 * windowed-file} to {@code POST /v1/ingress/{source}/events} in chunks of whole lines, strictly one
 * request after the other (a source's order is its requests' order, and the watermark follows it),
 * then the end-of-input watermark, then follows the window results on the egress until their counts
 * add up to every event. The clock runs from the first request to the moment the last result was
 * seen; the file is read and cut before it starts.
 */
@Command(
    name = "windowed-ingest",
    mixinStandardHelpOptions = true,
    description =
        "Ingest a windowed-file to bench/window-count, end the input, wait for every window.")
final class WindowedIngestCommand implements Callable<Integer> {

  static final byte[] END_OF_INPUT =
      ("{\"watermark\": " + Long.MAX_VALUE + "}").getBytes(StandardCharsets.UTF_8);

  @Mixin NodeOptions node;

  @Option(
      names = {"-f", "--file"},
      required = true,
      description = "NDJSON event file (windowed-file)")
  Path file;

  @Option(
      names = {"-b", "--batch"},
      defaultValue = "10000",
      description = "lines per request (default ${DEFAULT-VALUE})")
  int batch;

  @Option(
      names = "--source",
      defaultValue = "windowed",
      description = "ingress source name (default ${DEFAULT-VALUE})")
  String source;

  @Option(
      names = "--egress",
      defaultValue = "window-counts",
      description = "egress of the window results (default ${DEFAULT-VALUE})")
  String egress;

  @Option(
      names = "--expected-firings",
      description = "firings the file must produce (windowed-file prints it)")
  Long expectedFirings;

  @Override
  public Integer call() throws IOException, InterruptedException {
    NdjsonChunks chunks = NdjsonChunks.read(file, batch);
    String events = "/v1/ingress/" + source + "/events";
    try (HttpPool pool = node.pool(1, 16);
        HttpPool probePool = node.probePool(16)) {
      long baseline = EgressTail.end(probePool, egress);
      CpuMeter cpu = new CpuMeter();
      long start = System.nanoTime();
      ClosedLoop.Result sent =
          new ClosedLoop(
                  pool,
                  chunks.count(),
                  1,
                  i -> Request.post(events, "application/x-ndjson", chunks.body((int) i)))
              .run(node.timeout());
      String cpuUse = cpu.summary();
      if (sent.failed() > 0) {
        System.out.printf(
            "windowed: %d of %d requests failed, first error: %s%n",
            sent.failed(), chunks.count(), sent.firstError());
        return 2;
      }
      Response watermark =
          Probes.await(
              pool.submit(
                  Request.post(
                      "/v1/ingress/" + source + "/watermark", "application/json", END_OF_INPUT)));
      if (!watermark.isSuccess()) {
        System.out.printf(
            "windowed: the end-of-input watermark was refused: %d %s%n",
            watermark.status(), watermark.text());
        return 2;
      }
      EgressTail results = new EgressTail(probePool, egress, baseline);
      long done = results.awaitCounted(chunks.lines(), start + node.timeout().toNanos());
      boolean firingsOk = expectedFirings == null || expectedFirings == results.firings();
      boolean exact = done > 0 && results.counted() == chunks.lines() && firingsOk;
      String complete =
          done > 0
              ? "windows complete end-to-end "
                  + Fmt.rate(Fmt.perSecond(chunks.lines(), done - start))
                  + "/s ("
                  + Fmt.seconds(done - start)
                  + ")"
              : "windows NOT complete after " + Fmt.seconds(System.nanoTime() - start);
      System.out.printf(
          "windowed: %d events in %d requests of %d, one in flight, ingested %s/s (%s), %s, "
              + "%d firings%s, counted %d of %d: %s, %d retried, %s%n",
          chunks.lines(),
          chunks.count(),
          batch,
          Fmt.rate(Fmt.perSecond(chunks.lines(), sent.lastOkNanos() - start)),
          Fmt.seconds(sent.lastOkNanos() - start),
          complete,
          results.firings(),
          expectedFirings == null ? "" : " (expected " + expectedFirings + ")",
          results.counted(),
          chunks.lines(),
          exact ? "OK" : "FAILED",
          sent.retries(),
          cpuUse);
      return exact ? 0 : 2;
    }
  }
}
