package io.eventide.dispatcher.internal.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.EgressPage;
import io.eventide.dispatcher.api.EgressSpec;
import io.eventide.dispatcher.api.EgressStatus;
import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.dispatcher.internal.query.EgressRetention;
import io.eventide.dispatcher.internal.query.StoreReads;
import io.eventide.dispatcher.testing.TestSink;
import io.eventide.protocol.Address;
import io.eventide.protocol.OutboxRecord;
import io.eventide.protocol.Payload;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery of configured http egresses on the real embedded store to a real webhook on 127.0.0.1:
 * at least once with one idempotency key per record, in order per sender, through 503s and dropped
 * connections; refused records to dead-letters; records waiting while the sink is down.
 */
class HttpDeliveryIT {
  static final int GROUPS = 8;
  static final String[] SENDERS = {"alice", "bob", "carol", "dave", "erin"};
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  final Keyspace keyspace = new Keyspace("test");
  final List<AutoCloseable> started = new ArrayList<>();
  Store store;
  TransactionRunner runner;
  StoredEgresses egresses;
  LeaseTable leases;
  Deliverers deliverers;

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir);
    runner = new TransactionRunner(store);
    egresses = new StoredEgresses(store, keyspace, System::currentTimeMillis);
    leases = new LeaseTable(keyspace, "node-1", GROUPS);
    leases.acquireAll(runner);
    deliverers = deliverers(leases);
    deliverers.start();
  }

  /**
   * How long the breaker stays open, and the deliverer's longest pause after a failed page: short,
   * as the other timings here. At 200 ms each, the flaky sink's test (40% of posts failing, so the
   * breaker opens again and again, and a page's failed prefix is sent again) spent 20-27 s mostly
   * waiting, 1,624 posts in 23.7 s on a loaded machine; at 50 ms, 1,190 posts in 10.5 s. Every path
   * (per-record retries, the breaker open and half open, pages sent again) still runs.
   */
  static final Duration PAUSE = Duration.ofMillis(50);

  Deliverers deliverers(LeaseTable held) {
    DeliveryParts parts =
        new DeliveryParts(
            store,
            runner,
            keyspace,
            held,
            new EgressConfigs(keyspace),
            new OutboxPages(keyspace),
            new Sinks(
                store,
                keyspace,
                new HttpSink.Options(3, Duration.ofMillis(5), Duration.ofMillis(50), PAUSE, 4)),
            new DeliveryMetrics(new SimpleMeterRegistry()),
            new DeliveryParts.Options(
                50, 1 << 20, Duration.ofMillis(10), PAUSE, Duration.ofMillis(10)));
    return new Deliverers(parts, GROUPS, Duration.ofMillis(20));
  }

  @AfterEach
  void close() throws Exception {
    deliverers.close();
    for (AutoCloseable c : started) {
      c.close();
    }
    store.close();
  }

  TestSink sink() throws Exception {
    TestSink sink = new TestSink();
    started.add(sink);
    return sink;
  }

  /** Writes {@code perSender} records per sender, interleaved, a few commits' worth. */
  void write(String egress, int perSender) {
    write(egress, 0, perSender);
  }

  /** Writes records {@code first..end-1} of every sender. */
  void write(String egress, int first, int end) {
    for (int seq = first; seq < end; seq += 10) {
      int from = seq;
      runner.run(
          tx -> {
            int u = 0;
            for (int s = from; s < Math.min(from + 10, end); s++) {
              for (String sender : SENDERS) {
                tx.setVersionstampedKey(
                    keyspace.outbox(egress),
                    u++,
                    new byte[0],
                    OutboxRecord.newBuilder()
                        .setPayload(
                            Payload.newBuilder()
                                .setContentType("text/plain")
                                .setData(ByteString.copyFromUtf8(sender + ":" + s)))
                        .setEventTime(1_000 + s)
                        .setRecordId("m-" + sender + "-" + s)
                        .setKey(s % 2 == 0 ? "k-" + sender : "")
                        .setSender(
                            Address.newBuilder().setNamespace("t").setType("f").setId(sender))
                        .build()
                        .toByteArray());
              }
            }
            return null;
          });
    }
  }

  EgressStatus status(String name) {
    return egresses.get(name).orElseThrow();
  }

  @Test
  void aFlakySinkGetsEveryRecordAtLeastOnceWithOneKeyEachAndInOrderPerSender() throws Exception {
    TestSink sink = sink().flaky(0.3, 0.1);
    int perSender = 60;
    write("hooks", perSender);
    egresses.create(EgressSpec.http("hooks", sink.url(), Map.of("X-Tenant", "t1"), null));

    int total = perSender * SENDERS.length;
    await().atMost(Duration.ofSeconds(60)).until(() -> sink.applied().size() == total);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status("hooks").pending() == 0 && status("hooks").delivered() == total);

    List<TestSink.Received> applied = sink.applied();
    assertThat(sink.attempts()).hasSize(total);
    assertThat(sink.attempts().values().stream().mapToInt(a -> a.get()).sum())
        .as("503s and drops were retried")
        .isGreaterThan(total);
    assertThat(sink.bodies()).doesNotContainValue("MISMATCH");
    Map<String, Integer> lastSeq = new HashMap<>();
    for (TestSink.Received r : applied) {
      String[] senderAndSeq = r.body().split(":");
      int seq = Integer.parseInt(senderAndSeq[1]);
      assertThat(seq)
          .as("order of " + senderAndSeq[0])
          .isGreaterThan(lastSeq.getOrDefault(senderAndSeq[0], -1));
      lastSeq.put(senderAndSeq[0], seq);
      assertThat(r.idempotencyKey()).isEqualTo("m-" + senderAndSeq[0] + "-" + seq);
      assertThat(r.contentType()).isEqualTo("text/plain");
      assertThat(r.eventTime()).isEqualTo(Long.toString(1_000 + seq));
      assertThat(r.key()).isEqualTo(seq % 2 == 0 ? "k-" + senderAndSeq[0] : null);
      assertThat(r.headers().get("X-tenant")).containsExactly("t1");
    }
    assertThat(new StoreReads(store, keyspace).egress("hooks", 0, 10).records())
        .as("delivered records are trimmed")
        .isEmpty();
  }

  @Test
  void aSinkAnswering400SendsItsRecordsToDeadLettersWithTheStatus() throws Exception {
    TestSink sink = sink().answering(400);
    write("strict", 2);
    egresses.create(EgressSpec.http("strict", sink.url(), Map.of(), Duration.ofSeconds(2)));

    int total = 2 * SENDERS.length;
    await().atMost(Duration.ofSeconds(30)).until(() -> status("strict").deadLettered() == total);
    EgressPage dead = new StoreReads(store, keyspace).egress(EgressSpec.DEAD_LETTERS, 0, 100);
    assertThat(dead.records()).hasSize(total);
    JsonNode first = JSON.readTree(dead.records().get(0).payload());
    assertThat(first.get("egress").asText()).isEqualTo("strict");
    assertThat(first.get("recordId").asText()).isEqualTo("m-alice-0");
    assertThat(first.get("error").get("code").asText()).isEqualTo("EGRESS_REJECTED");
    assertThat(first.get("error").get("message").asText()).startsWith("HTTP 400 from POST");
    assertThat(first.get("payload").asText()).isEqualTo("alice:0");
    assertThat(status("strict").delivered()).isZero();
    assertThat(status("strict").pending()).isZero();
    assertThat(sink.attempts().values()).allSatisfy(a -> assertThat(a.get()).isEqualTo(1));
  }

  @Test
  void whileTheSinkIsDownRecordsWaitWithTheErrorShownAndGoOnceItIsBack() throws Exception {
    TestSink sink = sink().answering(503);
    write("later", 4);
    egresses.create(EgressSpec.http("later", sink.url(), Map.of(), null));

    await().atMost(Duration.ofSeconds(30)).until(() -> status("later").lastError() != null);
    assertThat(status("later").lastError()).contains("answered 503");
    assertThat(status("later").pending()).isEqualTo(4L * SENDERS.length);

    sink.answering(0);
    await().atMost(Duration.ofSeconds(30)).until(() -> status("later").pending() == 0);
    assertThat(sink.applied()).hasSize(4 * SENDERS.length);
    await().atMost(Duration.ofSeconds(5)).until(() -> status("later").lastError() == null);
  }

  @Test
  void whileTheSinkIsDownTheOutboxStaysWithinRetention() throws Exception {
    TestSink sink = sink().answering(503);
    write("down", 0, 2);
    egresses.create(EgressSpec.http("down", sink.url(), Map.of(), null));
    await().atMost(Duration.ofSeconds(30)).until(() -> status("down").lastError() != null);

    AtomicLong clock = new AtomicLong(0);
    EgressRetention retention =
        new EgressRetention(keyspace, runner, Duration.ofSeconds(10), clock::get);
    retention.sweep();
    clock.set(20_000);
    retention.sweep();
    assertThat(status("down").pending()).as("trimmed by retention").isZero();

    write("down", 2, 3);
    sink.answering(0);
    // The page the deliverer was retrying may still go out (at least once); what retention
    // trimmed is not read again, and what came after is delivered.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                sink.applied().stream().filter(r -> r.body().endsWith(":2")).count()
                    == SENDERS.length);
    assertThat(sink.applied()).hasSizeLessThanOrEqualTo(3 * SENDERS.length);
    await().atMost(Duration.ofSeconds(10)).until(() -> status("down").pending() == 0);
  }

  @Test
  void anUnreachableSinkIsAnErrorNotAStop() throws Exception {
    String url;
    try (TestSink gone = new TestSink()) {
      url = gone.url();
    }
    write("nowhere", 1);
    egresses.create(EgressSpec.http("nowhere", url, Map.of(), Duration.ofMillis(500)));

    await().atMost(Duration.ofSeconds(30)).until(() -> status("nowhere").lastError() != null);
    assertThat(status("nowhere").lastError()).contains("failed");
    assertThat(status("nowhere").pending()).isEqualTo(SENDERS.length);
  }

  @Test
  void recordsWrittenBeforeTheEgressIsConfiguredWaitAndDeletingStopsDelivery() throws Exception {
    TestSink sink = sink();
    write("hooks", 1);
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> sink.applied().isEmpty());
    egresses.create(EgressSpec.http("hooks", sink.url(), Map.of(), null));
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.applied().size() == SENDERS.length);

    assertThat(egresses.delete("hooks")).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> deliverers.delivering().isEmpty());
    write("hooks", 1);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> sink.applied().size() == SENDERS.length);
    assertThat(new StoreReads(store, keyspace).egress("hooks", 0, 100).records())
        .as("records wait in the outbox, within retention")
        .hasSize(SENDERS.length);
  }

  @Test
  void aKafkaEgressWhoseClusterDoesNotAnswerIsRefusedAndItsRecordsWait() throws Exception {
    runner.run(
        tx -> {
          tx.set(
              keyspace.kafkaCluster("local"),
              "{\"bootstrapServers\":\"127.0.0.1:9\"}".getBytes(StandardCharsets.UTF_8));
          return null;
        });
    write("topic-out", 1);
    assertThatThrownBy(() -> egresses.create(EgressSpec.kafka("topic-out", "local", "out")))
        .isInstanceOf(DispatcherException.class)
        .hasMessageContaining("did not answer");
    assertThat(egresses.get("topic-out")).isEmpty();
    // Not configured, the egress is a log egress still: its records wait in the outbox.
    try (var tx = store.begin()) {
      assertThat(tx.snapshot().getPrefix(keyspace.outbox("topic-out"), 0)).hasSize(SENDERS.length);
    }
  }

  @Test
  void deliveryMovesWithTheLeaseAndTheOldHolderCanRecordNothing() throws Exception {
    TestSink sink = sink();
    write("hooks", 0, 1);
    egresses.create(EgressSpec.http("hooks", sink.url(), Map.of(), null));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status("hooks").delivered() == SENDERS.length);

    // Another dispatcher takes the egress's key group; the first is not told (paused, cut off).
    int group = Deliverers.keyGroup("hooks", GROUPS);
    LeaseTable other = new LeaseTable(keyspace, "node-2", GROUPS);
    other.install(group, runner.run(tx -> other.take(tx, group, Long.MAX_VALUE)));
    Deliverers successor = deliverers(other);
    started.add(successor);
    successor.start();
    write("hooks", 1, 3);

    await().atMost(Duration.ofSeconds(30)).until(() -> sink.applied().size() == 3 * SENDERS.length);
    await().atMost(Duration.ofSeconds(10)).until(() -> status("hooks").pending() == 0);
    assertThat(status("hooks").delivered())
        .as("pages the old holder sent again were not recorded again")
        .isEqualTo(3L * SENDERS.length);
    assertThat(successor.delivering()).containsExactly("hooks");
  }

  @Test
  void onlyTheHolderOfTheEgressKeyGroupDelivers() throws Exception {
    TestSink sink = sink();
    int group = Deliverers.keyGroup("hooks", GROUPS);
    leases.lost(group);
    write("hooks", 1);
    egresses.create(EgressSpec.http("hooks", sink.url(), Map.of(), null));

    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> deliverers.delivering().isEmpty());
    assertThat(sink.attempts()).isEmpty();
    assertThat(deliverers.delivering()).isEmpty();
  }
}
