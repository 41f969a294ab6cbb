package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.process.NodeProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eventide ingest} against a real node whose one key group is full: a handler that never
 * returns holds 200,000 events (the backlog limit of a key group), so the next batch is refused
 * with 429 and {@code Retry-After: 1}. The command retries as told, then gives up with the node's
 * answer and the lines of the batch. Its own node: nothing else could be ingested into it.
 */
class IngestBackPressureIT {
  private static final int BACKLOG_LIMIT = 200_000;

  @TempDir Path tmp;
  private NodeProcess node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aFullBacklogIsRetriedAfterRetryAfterThenReportedWithItsLines() throws Exception {
    node = TestNodes.start(tmp.resolve("data"), "--key-groups", "1", "--handler-timeout", "10m");
    EventideClient client = new EventideClient(node.url(), null, null);
    assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
    List<String> stuck = new ArrayList<>();
    for (int i = 0; i < BACKLOG_LIMIT; i++) {
      stuck.add("{\"target\":\"bench/stuck/one\",\"payload\":" + i + "}");
    }
    Path full = Files.write(tmp.resolve("full.ndjson"), stuck, StandardCharsets.UTF_8);
    String[] filled = ingest(full, "--batch", "100000", "--no-idempotency-keys");
    assertThat(filled[0]).as(filled[2]).isEqualTo("0");

    Path more =
        Files.write(
            tmp.resolve("more.ndjson"),
            List.of("{\"target\":\"example/counter/c\",\"payload\":1}"),
            StandardCharsets.UTF_8);
    long start = System.nanoTime();
    String[] refused = ingest(more, "--retries", "2");
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(refused[0]).isEqualTo("1");
    assertThat(refused[2]).contains("lines 1-1 of").contains("HTTP 429").contains("OVERLOADED");
    // Three tries, each refused with Retry-After: 1, so at least two waits of a second.
    assertThat(tookMillis).isGreaterThanOrEqualTo(2_000);
  }

  /** Runs the command; answers exit code, stdout and stderr. */
  private String[] ingest(Path file, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of("ingest", file.toString(), "--source", "full", "--url", node.url().toString()));
    args.addAll(List.of(options));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Launcher.commandLine()
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args.toArray(String[]::new));
    return new String[] {String.valueOf(exit), out.toString(), err.toString()};
  }
}
