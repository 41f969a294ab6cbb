package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup promise, end to end on node processes: a backup taken with {@code eventide backup}
 * while a keyed NDJSON stream is being ingested (counters, event-time windows, processing-time
 * timers), the node then lost, the backup restored with {@code eventide restore} into a new data
 * dir, and a node started there sent the stream again from the first batch that was not
 * acknowledged when the backup began. What the backup already held is dropped by its idempotency
 * keys; the rest is applied. Every counter, every window firing and every timer comes out exact and
 * once.
 *
 * <p>{@code -Deventide.backup.events=N} sets the stream's length (100,000 by default, to keep CI
 * under a minute on two cores); {@code benchmarks/backup.sh} runs it with a million.
 */
class BackupRestoreIT {
  private static final Logger LOG = LoggerFactory.getLogger(BackupRestoreIT.class);
  private static final int EVENTS = Integer.getInteger("eventide.backup.events", 100_000);
  private static final int BATCH = 5_000;
  private static final String TOKEN = "backup-admin-token";
  private static final String SOURCE = "backup-stream";
  private static final Duration SETTLE = Duration.ofSeconds(Math.max(120, EVENTS / 2_000));

  @TempDir Path tmp;
  private NodeProcess original;
  private NodeProcess restored;

  @AfterEach
  void stopNodes() {
    for (NodeProcess node : new NodeProcess[] {original, restored}) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  void aBackupTakenDuringAnIngestIsRestoredAndTheStreamFinishedThereExactlyOnce() throws Exception {
    BackupWorkload work = new BackupWorkload(EVENTS);
    Path backupDir = tmp.resolve("backups").resolve("during-ingest");
    original = TestNodes.start(tmp.resolve("data"), "--admin-token", TOKEN);
    EventideClient first = client(original);
    assertThat(first.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);

    // The backup starts once two fifths of the batches are acknowledged, and the ingest goes on
    // while it is written; the node is lost two batches after the backup returned.
    int batches = (EVENTS + BATCH - 1) / BATCH;
    int backupAt = batches * 2 / 5;
    int resendFrom = backupAt * BATCH;
    CompletableFuture<Cli.Result> backup = null;
    int sent = 0;
    int sentDuringBackup = 0;
    int afterBackup = 0;
    long started = System.nanoTime();
    for (int b = 0; b < batches && afterBackup < 2; b++) {
      if (b == backupAt) {
        backup = CompletableFuture.supplyAsync(() -> backup(original, backupDir));
      } else if (backup != null && backup.isDone()) {
        afterBackup++;
      } else if (backup != null) {
        sentDuringBackup++;
      }
      sent = Math.min(EVENTS, (b + 1) * BATCH);
      ingest(first, work.lines(b * BATCH, sent));
    }
    Cli.Result run = backup.get(2, TimeUnit.MINUTES);
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode written = Json.parse(new HttpAnswer(200, "", run.out().getBytes()));
    assertThat(written.path("to").asText()).isEqualTo(backupDir.toString());
    assertThat(written.path("keyGroups").asInt()).isEqualTo(256);
    assertThat(written.path("files").asLong()).isPositive();
    LOG.info(
        "backup of {} bytes in {} ms while {} batches went in; {} of {} lines sent before the"
            + " node was lost, {} s",
        written.path("bytes").asLong(),
        written.path("millis").asLong(),
        sentDuringBackup,
        sent,
        EVENTS,
        (System.nanoTime() - started) / 1_000_000_000.0);
    original.kill();

    Path restoredDir = tmp.resolve("restored");
    Cli.Result restore =
        Cli.run("restore", "--from", backupDir.toString(), "--data-dir", restoredDir.toString());
    assertThat(restore.exit()).as(restore.err()).isZero();
    restored = TestNodes.start(restoredDir, "--admin-token", TOKEN);
    EventideClient second = client(restored);

    // No deploy: the deployment, its jar and everything else came with the backup.
    for (int from = resendFrom; from < EVENTS; from += BATCH) {
      ingest(second, work.lines(from, Math.min(EVENTS, from + BATCH)));
    }
    assertThat(second.watermark(SOURCE, Long.MAX_VALUE).status()).isEqualTo(202);
    await()
        .atMost(SETTLE)
        .until(() -> Json.parse(second.source(SOURCE)).path("finished").asBoolean());
    await()
        .atMost(SETTLE)
        .until(() -> Json.egress(second, "reminders").size() >= work.reminders().size());
    LOG.info("restored and finished after {} s", (System.nanoTime() - started) / 1e9);

    // Each line stamped once: those the backup held were dropped by their keys when sent again.
    assertThat(Json.parse(second.source(SOURCE)).path("accepted").asLong()).isEqualTo(EVENTS);
    assertThat(counters(second)).isEqualTo(work.counts());
    Map<String, List<Long>> fired = Json.windowCounts(second);
    Map<String, Long> once = new TreeMap<>();
    fired.forEach(
        (window, counts) -> {
          assertThat(counts).as("firings of window %s", window).hasSize(1);
          once.put(window, counts.get(0));
        });
    assertThat(once).isEqualTo(work.windows());
    List<String> reminders = Json.egress(second, "reminders");
    assertThat(reminders).doesNotHaveDuplicates();
    assertThat(new java.util.TreeSet<>(reminders)).isEqualTo(work.reminders());
  }

  private static EventideClient client(NodeProcess node) {
    return new EventideClient(node.url(), TOKEN, null).withTimeout(Duration.ofSeconds(60));
  }

  private static Cli.Result backup(NodeProcess node, Path dir) {
    return Cli.run(
        "backup",
        "--to",
        dir.toString(),
        "--url",
        node.url().toString(),
        "--admin-token",
        TOKEN,
        "--output",
        "json");
  }

  private static void ingest(EventideClient client, byte[] lines) {
    HttpAnswer answer = client.ingest(SOURCE, lines);
    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
  }

  /** Every {@code bench/count} counter, through the state listing with values. */
  private static Map<String, Long> counters(EventideClient client) {
    JsonNode page =
        Json.parse(
            client.get("/v1/state/bench/count?limit=1000&values=true").requireOk("state list"));
    assertThat(page.path("next").isNull()).as("one page holds them all").isTrue();
    Map<String, Long> counts = new HashMap<>();
    page.path("instances")
        .forEach(
            instance ->
                counts.put(
                    instance.path("id").asText(), instance.path("values").path("count").asLong()));
    return new TreeMap<>(counts);
  }
}
