package io.eventide.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.EgressPage;
import io.eventide.dispatcher.api.EgressRecord;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.KeyGroups;
import io.eventide.dispatcher.api.SendReceipt;
import io.eventide.sdk.Address;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher on the real embedded store, with plain functions as its worker. */
class DispatcherIT {
  static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);
  static final ValueSpec<String> SEQ = ValueSpec.named("seq").withType(Types.STRING);

  @TempDir Path dir;
  Store store;
  Dispatcher dispatcher;
  TestWorker invoker;
  SimpleMeterRegistry meters;
  final AtomicInteger flakyFailures = new AtomicInteger();

  @BeforeEach
  void start() {
    invoker =
        new TestWorker()
            .register(
                "t/counter",
                (ctx, msg) -> {
                  long count = ctx.storage().get(COUNT).orElse(0L) + msg.as(Types.LONG);
                  ctx.storage().set(COUNT, count);
                  ctx.egress("counts", Types.STRING, ctx.self().id() + "=" + count);
                  ctx.reply(Types.LONG, count);
                },
                COUNT)
            .register(
                "t/relay",
                (ctx, msg) -> {
                  ctx.send(Address.of("t", "counter", msg.as(Types.STRING)), Types.LONG, 1L);
                  ctx.sendAfter(
                      Duration.ofMillis(300), Address.of("t", "counter", "later"), Types.LONG, 10L);
                })
            .register(
                "t/order",
                (ctx, msg) -> {
                  String seen = ctx.storage().get(SEQ).orElse("");
                  ctx.storage()
                      .set(
                          SEQ,
                          seen.isEmpty()
                              ? msg.as(Types.STRING)
                              : seen + "," + msg.as(Types.STRING));
                },
                SEQ)
            .register(
                "t/failing",
                (ctx, msg) -> {
                  ctx.egress("never", Types.STRING, "x");
                  throw new IllegalStateException("always fails");
                })
            .register(
                "t/flaky",
                (ctx, msg) -> {
                  if (flakyFailures.getAndIncrement() < 2) {
                    throw new IllegalStateException("fails twice");
                  }
                  long count = ctx.storage().get(COUNT).orElse(0L) + 1;
                  ctx.storage().set(COUNT, count);
                  ctx.reply(Types.LONG, count);
                },
                COUNT);
    open();
  }

  void open() {
    store = Stores.rocksdb(dir);
    DispatcherConfig config =
        DispatcherConfig.defaults("test").withKeyGroups(16).withRetries(3, Duration.ofMillis(20));
    meters = new SimpleMeterRegistry();
    dispatcher = new Dispatcher(config, store, new Keyspace("test"), invoker, meters);
    dispatcher.start();
  }

  @AfterEach
  void stopAll() {
    stop();
    invoker.close();
  }

  void stop() {
    dispatcher.close();
    store.close();
  }

  void restart() {
    stop();
    open();
  }

  static IngressMessage msg(String type, String id, String body, String key) {
    return new IngressMessage(
        "t",
        type,
        id,
        body.getBytes(StandardCharsets.UTF_8),
        "text/plain",
        IngressMessage.INGESTION_TIME,
        key);
  }

  long count(String id) {
    byte[] value = dispatcher.state("t", "counter", id).get("count");
    return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.UTF_8));
  }

  List<String> egress(String name) {
    List<String> out = new ArrayList<>();
    for (EgressRecord r : dispatcher.egress(name, 0, 10_000).records()) {
      out.add(new String(r.payload(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void sendsAreAppliedOnceEachWithTheirEgress() {
    for (int i = 0; i < 200; i++) {
      dispatcher.sendAsync(msg("counter", "k" + (i % 10), "1", null)).join();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> count("k9") == 20);
    for (int k = 0; k < 10; k++) {
      assertThat(count("k" + k)).isEqualTo(20);
    }
    assertThat(egress("counts")).hasSize(200).doesNotHaveDuplicates().contains("k3=20");
  }

  @Test
  void callReturnsTheReplyAndARepeatedKeyReturnsTheFirstReply() {
    CallReply first =
        dispatcher.callAsync(msg("counter", "c", "5", "key-1"), Duration.ofSeconds(10)).join();
    CallReply again =
        dispatcher.callAsync(msg("counter", "c", "5", "key-1"), Duration.ofSeconds(10)).join();
    CallReply other =
        dispatcher.callAsync(msg("counter", "c", "7", "key-2"), Duration.ofSeconds(10)).join();
    assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo("5");
    assertThat(new String(again.payload(), StandardCharsets.UTF_8)).isEqualTo("5");
    assertThat(new String(other.payload(), StandardCharsets.UTF_8)).isEqualTo("12");
    assertThat(first.contentType()).isEqualTo("application/json");
  }

  @Test
  void aCallSeesEverythingAcknowledgedBeforeIt() {
    List<IngressMessage> backlog = new ArrayList<>();
    for (int i = 0; i < 9_000; i++) {
      backlog.add(msg("counter", "causal", "1", null));
    }
    dispatcher.ingestAsync("bulk", backlog).join();
    dispatcher.sendAsync(msg("counter", "causal", "1000", null)).join();
    CallReply reply =
        dispatcher.callAsync(msg("counter", "causal", "1", null), Duration.ofSeconds(30)).join();
    assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).isEqualTo("10001");
  }

  @Test
  void aFloodOfConcurrentCallsAndSendsIsProcessedCompletely() {
    // Many wake-ups (commit completions, handed-over calls) at once must never crowd out a key
    // group's signal: a lost signal leaves its messages unprocessed for good.
    List<java.util.concurrent.CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      all.add(
          dispatcher.callAsync(
              msg("counter", "flood" + (i % 200), "1", null), Duration.ofSeconds(60)));
      all.add(dispatcher.sendAsync(msg("counter", "flood-s" + (i % 97), "1", null)));
    }
    java.util.concurrent.CompletableFuture.allOf(
            all.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
        .join();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              long total = 0;
              for (int k = 0; k < 97; k++) {
                total += count("flood-s" + k);
              }
              return total == 2_000;
            });
    for (int k = 0; k < 200; k++) {
      assertThat(count("flood" + k)).isEqualTo(10);
    }
  }

  @Test
  void repeatedIdempotentSendsEnqueueOnce() {
    SendReceipt first = dispatcher.sendAsync(msg("counter", "d", "1", "same")).join();
    SendReceipt second = dispatcher.sendAsync(msg("counter", "d", "1", "same")).join();
    assertThat(second.duplicate()).isTrue();
    assertThat(second.messageId()).isEqualTo(first.messageId());
    dispatcher.sendAsync(msg("counter", "d", "100", null)).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> count("d") == 101);
  }

  @Test
  void functionsMessageEachOtherAndDelayedMessagesSurviveARestart() {
    dispatcher.sendAsync(msg("relay", "r", "target", null)).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> count("target") == 1);
    restart();
    await().atMost(Duration.ofSeconds(10)).until(() -> count("later") == 10);
  }

  @Test
  void perAddressOrderHoldsThroughBatchIngestion() {
    List<IngressMessage> events = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      events.add(msg("order", "o" + (i % 7), Integer.toString(i), null));
    }
    assertThat(dispatcher.ingestAsync("bulk", events).join()).isEqualTo(5_000);
    await().atMost(Duration.ofSeconds(30)).until(() -> seq("o6").split(",").length == 714);
    for (int k = 0; k < 7; k++) {
      String[] seen = seq("o" + k).split(",");
      for (int i = 1; i < seen.length; i++) {
        assertThat(Integer.parseInt(seen[i])).isEqualTo(Integer.parseInt(seen[i - 1]) + 7);
      }
    }
  }

  String seq(String id) {
    byte[] value = dispatcher.state("t", "order", id).get("seq");
    return value == null ? "" : new String(value, StandardCharsets.UTF_8);
  }

  @Test
  void aFailingHandlerIsDeadLetteredWithoutBlockingItsKeyGroup() {
    String neighbour = sameKeyGroupAs("failing", "f");
    dispatcher.sendAsync(msg("failing", "f", "boom", null)).join();
    dispatcher.sendAsync(msg("counter", neighbour, "1", null)).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> count(neighbour) == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> egress("dead-letters").size() == 1);
    assertThat(egress("dead-letters").get(0))
        .contains("\"target\":\"t/failing/f\"")
        .contains("always fails")
        .contains("\"payload\":\"boom\"")
        .contains("\"attempts\":3");
    assertThat(egress("never")).isEmpty();
    assertThatThrownBy(
            () ->
                dispatcher.callAsync(msg("failing", "g", "x", null), Duration.ofSeconds(10)).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(DispatcherException.class)
        .cause()
        .hasMessageContaining("dead-lettered");
  }

  @Test
  void bulkEventsStoredWithoutAnIdAreNamedByTheirPlaceInTheInbox() {
    List<IngressMessage> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add(msg("failing", "b" + i, "boom", null));
    }
    dispatcher.ingestAsync("bulk", events).join();

    await().atMost(Duration.ofSeconds(20)).until(() -> egress("dead-letters").size() == 3);
    List<String> ids =
        egress("dead-letters").stream()
            .map(record -> record.replaceAll(".*\"messageId\":\"([^\"]*)\".*", "$1"))
            .toList();
    // The chunk's versionstamp in hex, then the entry's slot in it.
    assertThat(ids).allMatch(id -> id.matches("v[0-9a-f]{24}-[0-9]+")).doesNotHaveDuplicates();
  }

  /** A counter id in the same key group as {@code t/type/id}. */
  static String sameKeyGroupAs(String type, String id) {
    int group = KeyGroups.of("t", type, id, 16);
    for (int i = 0; ; i++) {
      if (KeyGroups.of("t", "counter", "n" + i, 16) == group) {
        return "n" + i;
      }
    }
  }

  @Test
  void aHandlerThatRecoversTakesEffectOnce() {
    CallReply reply =
        dispatcher.callAsync(msg("flaky", "x", "", null), Duration.ofSeconds(10)).join();
    assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).isEqualTo("1");
    assertThat(flakyFailures.get()).isEqualTo(3);
  }

  @Test
  void messagesAcceptedWhileWorkersAreDownAreProcessedLater() {
    invoker.down = true;
    for (int i = 0; i < 50; i++) {
      dispatcher.sendAsync(msg("counter", "w", "1", null)).join();
    }
    restart();
    invoker.down = false;
    await().atMost(Duration.ofSeconds(20)).until(() -> count("w") == 50);
    assertThat(egress("counts")).hasSize(50);
  }

  @Test
  void invocationsTheWorkersFailAreGivenBackUncountedAndRunOnceTheyAreBack() {
    invoker.down = true;
    dispatcher.sendAsync(msg("counter", "w", "1", null)).join();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> counted("eventide.invocations.paused", "reason", "workers") >= 3);
    invoker.down = false;
    await().atMost(Duration.ofSeconds(20)).until(() -> count("w") == 1);

    // Three retries are this dispatcher's attempts (withRetries(3, ...)): the worker's failures
    // spent none of them, or the message would have been dead-lettered by now.
    assertThat(meters.get("eventide.messages.failed.attempts").counter().count()).isZero();
    assertThat(meters.get("eventide.messages.dead.lettered").counter().count()).isZero();
  }

  private double counted(String name, String tag, String value) {
    return meters.get(name).tag(tag, value).counter().count();
  }

  @Test
  void entriesAStoredChunkMarksConsumedAreNotAppliedAgainAfterARestart() {
    // Four counters of one key group, ingested in one request: one stored chunk, in this order.
    int group = KeyGroups.of("t", "counter", "k0", 16);
    List<String> ids = new ArrayList<>();
    for (int i = 0; ids.size() < 4; i++) {
      if (KeyGroups.of("t", "counter", "k" + i, 16) == group) {
        ids.add("k" + i);
      }
    }
    invoker.down = true;
    dispatcher
        .ingestAsync("bulk", ids.stream().map(id -> msg("counter", id, "1", null)).toList())
        .join();
    stop();
    // As a process that committed the first and third before it stopped leaves the chunk: masked.
    Keyspace keyspace = new Keyspace("test");
    byte[] inbox = keyspace.inbox(group);
    try (Store raw = Stores.rocksdb(dir);
        var tx = raw.begin()) {
      List<io.eventide.store.KeyValue> rows = tx.snapshot().getPrefix(inbox, 0);
      assertThat(rows).hasSize(1);
      tx.add(Keyspace.extend(rows.get(0).key(), 0L), 0b0101);
      tx.commitAsync().join();
    }
    invoker.down = false;
    open();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> count(ids.get(1)) == 1 && count(ids.get(3)) == 1);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              try (var tx = store.begin()) {
                return tx.snapshot()
                    .getPrefix(inbox, 0)
                    .isEmpty(); // the chunk and its mask, deleted together
              }
            });
    assertThat(count(ids.get(0))).isZero();
    assertThat(count(ids.get(2))).isZero();
    assertThat(egress("counts")).containsExactlyInAnyOrder(ids.get(1) + "=1", ids.get(3) + "=1");
  }

  @Test
  void aFullKeyGroupIsRefusedAsOverloaded() {
    dispatcher.close();
    store.close();
    store = Stores.rocksdb(dir);
    invoker.down = true;
    dispatcher =
        new Dispatcher(
            DispatcherConfig.defaults("test").withKeyGroups(4).withBacklogLimit(5),
            store,
            new Keyspace("test"),
            invoker,
            new SimpleMeterRegistry());
    dispatcher.start();
    for (int i = 0; i < 5; i++) {
      dispatcher.sendAsync(msg("counter", "full", "1", null)).join();
    }
    assertThatThrownBy(() -> dispatcher.sendAsync(msg("counter", "full", "1", null)).join())
        .hasCauseInstanceOf(DispatcherException.class)
        .satisfies(
            e ->
                assertThat(((DispatcherException) e.getCause()).code())
                    .isEqualTo(DispatcherException.Code.OVERLOADED));
  }

  @Test
  void idempotencyKeysAreForgottenAfterTheirRetention() {
    dispatcher.close();
    dispatcher =
        new Dispatcher(
            DispatcherConfig.defaults("test")
                .withKeyGroups(16)
                .withDedupRetention(Duration.ofMillis(400)),
            store,
            new Keyspace("test"),
            invoker,
            new SimpleMeterRegistry());
    dispatcher.start();
    assertThat(dispatcher.sendAsync(msg("counter", "exp", "1", "short-lived")).join().duplicate())
        .isFalse();
    assertThat(dispatcher.sendAsync(msg("counter", "exp", "1", "short-lived")).join().duplicate())
        .isTrue();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                !dispatcher
                    .sendAsync(msg("counter", "exp", "1", "short-lived"))
                    .join()
                    .duplicate());
    await().atMost(Duration.ofSeconds(10)).until(() -> count("exp") == 2);
  }

  @Test
  void pagingThroughAnEgressReadsEveryRecordOnceWhenCommitsShareAGroup() {
    // Commits submitted together share a commit group, where their versionstamps differ in batch
    // order only; each writes two records, as a batch commit with two egress effects does.
    Keyspace keyspace = new Keyspace("test");
    List<java.util.concurrent.CompletableFuture<?>> commits = new ArrayList<>();
    List<io.eventide.store.Transaction> open = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      io.eventide.store.Transaction tx = store.begin();
      for (int u = 0; u < 2; u++) {
        tx.setVersionstampedKey(
            keyspace.outbox("grouped"),
            u,
            new byte[0],
            io.eventide.protocol.OutboxRecord.newBuilder()
                .setRecordId(i + "/" + u)
                .build()
                .toByteArray());
      }
      open.add(tx);
      commits.add(tx.commitAsync());
    }
    commits.forEach(java.util.concurrent.CompletableFuture::join);
    open.forEach(io.eventide.store.Transaction::close);
    List<Long> paged = new ArrayList<>();
    long from = 0;
    for (EgressPage page = dispatcher.egress("grouped", from, 7);
        !page.records().isEmpty();
        page = dispatcher.egress("grouped", from, 7)) {
      page.records().forEach(r -> paged.add(r.offset()));
      from = page.next();
    }
    List<Long> whole =
        dispatcher.egress("grouped", 0, 10_000).records().stream()
            .map(EgressRecord::offset)
            .toList();
    assertThat(paged).hasSize(1_000).doesNotHaveDuplicates().isEqualTo(whole);
  }

  @Test
  void stateQueriesSeeCommittedValues() {
    dispatcher.callAsync(msg("counter", "q", "3", null), Duration.ofSeconds(10)).join();
    Map<String, byte[]> state = dispatcher.state("t", "counter", "q");
    assertThat(state).containsOnlyKeys("count");
    assertThat(dispatcher.state("t", "counter", "nobody")).isEmpty();
    assertThat(dispatcher.cluster()).containsEntry("keyGroups", 16);
  }
}
