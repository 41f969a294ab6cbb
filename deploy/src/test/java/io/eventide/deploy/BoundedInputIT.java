package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.HttpAnswer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bounded input against a real node: {@code GET /v1/ingress/{source}} (pending while work remains,
 * not finished before the end of input, finished once every window fired) and {@code eventide
 * ingest} (batches at and past the limit, a malformed line, retried batches applied once).
 */
class BoundedInputIT extends ExamplesNode {
  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static final long T0 = 1_700_000_000_000L;

  @Override
  List<String> nodeArgs() {
    return List.of("--handler-timeout", "1s");
  }

  @Test
  void unknownSourceIs404AndABadNameIs400() throws Exception {
    assertJsonError(request("GET", "/v1/ingress/never-seen", null, java.util.Map.of()), 404);
    assertJsonError(request("GET", "/v1/ingress/Bad%20Name", null, java.util.Map.of()), 400);
  }

  @Test
  void finishedOnlyAfterTheEndOfInputAndEveryWindowFired() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      lines.append(windowEvent("fin-" + (i % 3), T0 + i * 10L));
    }
    assertThat(client.ingest("status-windows", lines.toString()).status()).isEqualTo(202);

    await().atMost(SETTLE).until(() -> status("status-windows").path("pending").asLong() == 0);
    JsonNode before = status("status-windows");
    assertThat(before.path("finished").asBoolean()).isFalse();
    assertThat(before.path("accepted").asLong()).isEqualTo(300);
    assertThat(before.path("watermark").asLong()).isLessThan(Long.MAX_VALUE);

    assertThat(client.watermark("status-windows", Long.MAX_VALUE).status()).isEqualTo(202);
    await().atMost(SETTLE).until(() -> status("status-windows").path("finished").asBoolean());
    // Three keys over [T0, T0 + 3 s): three windows each, all fired by now, none to wait for.
    assertThat(windowCounts("fin-")).hasSize(9);
    assertThat(status("status-windows").path("watermark").asLong()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void pendingWhileAHandlerIsStuckThenFinishedOnceItIsDeadLettered() throws Exception {
    String line =
        "{\"target\":\"bench/stuck/s1\",\"eventTime\":"
            + T0
            + ",\"payload\":1}\n"
            + windowEvent("stuck-w", T0);
    assertThat(client.ingest("status-stuck", line).status()).isEqualTo(202);
    assertThat(client.watermark("status-stuck", Long.MAX_VALUE).status()).isEqualTo(202);

    JsonNode stuck = status("status-stuck");
    assertThat(stuck.path("pending").asLong()).isPositive();
    assertThat(stuck.path("finished").asBoolean()).isFalse();
    // The stuck handler times out on every attempt and is dead-lettered; then nothing is left.
    await().atMost(SETTLE).until(() -> status("status-stuck").path("finished").asBoolean());
    assertThat(windowCounts("stuck-w")).hasSize(1);
  }

  @Test
  void ingestStreamsAFileInBatchesEndsTheSourceAndWaits() throws Exception {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 25_000; i++) {
      events.add(windowEvent("cli-" + (i % 5), T0 + i));
    }
    Path file = write("windows.ndjson", events);

    Run run = ingest(file, "cli-windows", "--batch", "10000", "--end-of-input", "--wait");

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).contains("\"accepted\":25000").contains("\"finished\":true");
    // 25 s of events over 5 keys: 25 windows each, every one in egress when ingest returned.
    assertThat(windowCounts("cli-")).hasSize(125);
  }

  @Test
  void aFileIngestedTwiceIsAppliedOnceThroughItsLineKeys() throws Exception {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      events.add("{\"target\":\"example/counter/twice-" + (i % 10) + "\",\"payload\":1}");
    }
    Path file = write("twice.ndjson", events);
    assertThat(ingest(file, "cli-twice", "--batch", "300").exit).isZero();
    Run again = ingest(file, "cli-twice", "--batch", "7", "--end-of-input", "--wait");
    assertThat(again.exit).as(again.err).isZero();
    for (int k = 0; k < 10; k++) {
      assertThat(Json.counter(client, "twice-" + k)).as("counter twice-%d", k).isEqualTo(100);
    }
  }

  @Test
  void aBatchOfExactlyTheLimitIsSentAndOneMoreIsRefusedBeforeSending() throws Exception {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      events.add("{\"target\":\"example/counter/limit-" + (i % 100) + "\",\"payload\":1}");
    }
    Path file = write("limit.ndjson", events);
    Run past = ingest(file, "cli-limit", "--batch", "100001");
    assertThat(past.exit).isEqualTo(2);
    assertThat(past.err).contains("--batch must be between 1 and 100000");
    Run zero = ingest(file, "cli-limit", "--batch", "0");
    assertThat(zero.exit).isEqualTo(2);
    assertThat(client.source("cli-limit").status()).as("nothing sent").isEqualTo(404);

    Run at = ingest(file, "cli-limit", "--batch", "100000");
    assertThat(at.exit).as(at.err).isZero();
    assertThat(at.out).contains("\"accepted\":100000");
  }

  @Test
  void aMalformedLineFailsTheIngestBeforeAnythingIsSent() throws Exception {
    Path file =
        write(
            "bad.ndjson",
            List.of(
                windowEvent("bad", T0).strip(),
                "",
                "{\"target\": \"bench/window-count/x\",",
                "{}"));
    Run run = ingest(file, "cli-bad", "--end-of-input");
    assertThat(run.exit).isEqualTo(1);
    assertThat(run.err).contains("line 3").contains("not valid JSON");
    assertThat(client.source("cli-bad").status()).isEqualTo(404);
  }

  private record Run(int exit, String out, String err) {}

  private Run ingest(Path file, String source, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of("ingest", file.toString(), "--source", source, "--url", node.url().toString()));
    args.addAll(List.of(options));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Launcher.commandLine()
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private Path write(String name, List<String> lines) throws IOException {
    return Files.write(tmp.resolve(name), lines, StandardCharsets.UTF_8);
  }

  private static String windowEvent(String key, long eventTime) {
    return "{\"target\":\"bench/window-count/"
        + key
        + "\",\"eventTime\":"
        + eventTime
        + ",\"payload\":1}\n";
  }

  private JsonNode status(String source) {
    HttpAnswer answer = client.source(source);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return Json.parse(answer);
  }

  /** The window-counts firings of keys starting with {@code prefix}. */
  private List<String> windowCounts(String prefix) {
    return Json.egress(client, "window-counts").stream()
        .filter(payload -> payload.contains("\"key\":\"" + prefix))
        .toList();
  }
}
