package io.eventide.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.gateway.Durations;
import io.eventide.sdk.Names;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eventide ingest FILE.ndjson --source S [--end-of-input] [--wait] [--batch 10000]}: a
 * bounded input. The file is checked whole first, then streamed in batches, one after another in
 * the file's order; {@code --end-of-input} then ends the source and {@code --wait} returns once the
 * node reports it finished (every event processed, every window fired). Exit codes: 0 done, 1 the
 * file or the node refused (the message says which line or batch), 2 bad options, 3 {@code --wait}
 * ran out of time.
 */
@Command(
    name = "ingest",
    description =
        "Stream an NDJSON file into an ingress source in batches (POST /v1/ingress/S/events),"
            + " optionally end the source and wait until all of it is processed.")
public final class IngestCommand implements Callable<Integer> {
  /** The node's default limit of events per batch ({@code GatewayConfig.Limits.DEFAULTS}). */
  static final int MAX_BATCH = 100_000;

  /** Bytes per request at most, well under the node's default 64 MiB batch limit. */
  static final int MAX_BATCH_BYTES = 16 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long POLL_MILLIS = 200;

  @Mixin ClientOptions options;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "NDJSON events, one a line.")
  Path file;

  @Option(names = "--source", required = true, description = "Ingress source name.")
  String source;

  @Option(
      names = "--end-of-input",
      description = "After the last batch, post the end-of-input watermark (fires every window).")
  boolean endOfInput;

  @Option(
      names = "--wait",
      description =
          "Return only once the source is finished: every event processed, every"
              + " window fired (GET /v1/ingress/S).")
  boolean await;

  @Option(
      names = "--batch",
      defaultValue = "10000",
      description = "Events per request, 1 to " + MAX_BATCH + " (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--wait-timeout",
      defaultValue = "1h",
      description = "How long --wait waits, e.g. 90s, 10m (default ${DEFAULT-VALUE}).")
  String waitFor;

  private Duration waitTimeout;

  @Option(
      names = "--retries",
      defaultValue = "100",
      description =
          "Retries per request on 429, 502-504 and connection errors, with backoff"
              + " (default ${DEFAULT-VALUE}).")
  int retries;

  @Option(
      names = "--no-idempotency-keys",
      description =
          "Send lines as they are. By default a line without idempotencyKey gets one made of the"
              + " source, the file's SHA-256 and the line number, so a retried batch is applied"
              + " once.")
  boolean noKeys;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String invalid = invalidOption();
    if (invalid != null) {
      err.println("eventide: " + invalid);
      err.flush();
      return 2;
    }
    long started = System.nanoTime();
    try {
      NdjsonFile ndjson = new NdjsonFile(file);
      NdjsonFile.Scan scan = ndjson.scan();
      EventideClient client = options.client();
      IngestRetry retry = new IngestRetry(retries + 1);
      IngestProgress progress =
          new IngestProgress(err, System.console() != null, scan.bytes(), scan.events());
      long accepted = send(ndjson, scan, client, retry, progress);
      if (endOfInput) {
        retry
            .run(() -> client.watermark(source, Long.MAX_VALUE))
            .requireOk("end of input of " + source);
      }
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("source", source);
      summary.put("events", scan.events());
      summary.put("accepted", accepted);
      summary.put("endOfInput", endOfInput);
      if (await) {
        JsonNode status = awaitFinished(client, retry, progress);
        if (status == null) {
          err.println(
              "eventide: source "
                  + source
                  + " not finished after "
                  + waitTimeout.toSeconds()
                  + "s");
          err.flush();
          return 3;
        }
        summary.put("finished", true);
        summary.put("watermark", status.path("watermark").asLong());
      }
      summary.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1e3);
      PrintWriter out = spec.commandLine().getOut();
      out.println(JSON.writeValueAsString(summary));
      out.flush();
      return 0;
    } catch (NodeAnswerException
        | UncheckedIOException
        | IllegalArgumentException
        | IOException e) {
      err.println("eventide: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private String invalidOption() {
    if (!Names.valid(source)) {
      return "--source '" + source + "' must match " + Names.PATTERN;
    }
    if (batch < 1 || batch > MAX_BATCH) {
      return "--batch must be between 1 and "
          + MAX_BATCH
          + " (the node's batch limit), not "
          + batch;
    }
    try {
      waitTimeout = Durations.parse(waitFor);
    } catch (IllegalArgumentException e) {
      return "--wait-timeout: " + e.getMessage();
    }
    if (retries < 0) {
      return "--retries must be 0 or more";
    }
    return null;
  }

  /** Sends the file in batches, in order; returns the events the node accepted. */
  private long send(
      NdjsonFile ndjson,
      NdjsonFile.Scan scan,
      EventideClient client,
      IngestRetry retry,
      IngestProgress progress)
      throws IOException {
    long accepted = 0;
    long lineNumber = 0;
    long bytesRead = 0;
    long sent = 0;
    ByteArrayOutputStream body = new ByteArrayOutputStream(1 << 20);
    int inBatch = 0;
    long firstLine = 1;
    try (BufferedReader lines = ndjson.open()) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        lineNumber++;
        bytesRead += line.getBytes(StandardCharsets.UTF_8).length + 1;
        if (line.isBlank()) {
          continue;
        }
        String keyed =
            noKeys
                ? line
                : NdjsonFile.withKey(line, source + ":" + scan.fingerprint() + ":" + lineNumber);
        byte[] bytes = (keyed + "\n").getBytes(StandardCharsets.UTF_8);
        if (inBatch > 0 && body.size() + bytes.length > MAX_BATCH_BYTES) {
          accepted += post(client, retry, body, firstLine, lineNumber - 1);
          sent += inBatch;
          inBatch = 0;
          progress.update(bytesRead, sent, false);
        }
        if (inBatch == 0) {
          firstLine = lineNumber;
        }
        body.write(bytes);
        inBatch++;
        if (inBatch == batch) {
          accepted += post(client, retry, body, firstLine, lineNumber);
          sent += inBatch;
          inBatch = 0;
          progress.update(bytesRead, sent, false);
        }
      }
    }
    if (inBatch > 0) {
      accepted += post(client, retry, body, firstLine, lineNumber);
      sent += inBatch;
    }
    progress.update(scan.bytes(), sent, true);
    return accepted;
  }

  private long post(
      EventideClient client,
      IngestRetry retry,
      ByteArrayOutputStream body,
      long firstLine,
      long lastLine)
      throws IOException {
    byte[] bytes = body.toByteArray();
    body.reset();
    HttpAnswer answer = retry.run(() -> client.ingest(source, bytes));
    if (!answer.ok()) {
      throw new NodeAnswerException("lines " + firstLine + "-" + lastLine + " of " + file, answer);
    }
    return JSON.readTree(answer.body()).path("accepted").asLong();
  }

  /** Polls the source's status until it is finished; null when the deadline passes first. */
  private JsonNode awaitFinished(EventideClient client, IngestRetry retry, IngestProgress progress)
      throws IOException {
    long deadline = System.nanoTime() + waitTimeout.toNanos();
    long pendingShown = -1;
    while (true) {
      HttpAnswer answer = retry.run(() -> client.source(source));
      JsonNode status = JSON.readTree(answer.requireOk("GET /v1/ingress/" + source).body());
      if (status.path("finished").asBoolean()) {
        return status;
      }
      long pending = status.path("pending").asLong();
      if (pendingShown < 0) {
        progress.note(
            "waiting for source "
                + source
                + " to finish ("
                + pending
                + " pending"
                + (status.path("watermark").asLong() == Long.MAX_VALUE
                    ? ")"
                    : "; its input has not ended: --end-of-input ends it)"));
        pendingShown = pending;
      }
      if (System.nanoTime() - deadline > 0) {
        return null;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }
}
