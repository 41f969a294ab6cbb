package io.eventide.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.DispatcherException.Code;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.SendReceipt;
import io.eventide.sdk.Types;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idempotency keys on the real embedded store: scoped to their source and target, refused when
 * reused for a different request, kept across a restart, and a repeat of a call in flight waits for
 * the first call's outcome.
 */
class DispatcherIdempotencyIT {
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  Store store;
  Dispatcher dispatcher;
  TestWorker invoker;
  final CountDownLatch gate = new CountDownLatch(1);
  final AtomicInteger gated = new AtomicInteger();

  @BeforeEach
  void start() {
    invoker =
        new TestWorker()
            .registerCounter("t/counter")
            .register(
                "t/gate",
                (ctx, msg) -> {
                  gated.incrementAndGet();
                  if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                  }
                  ctx.reply(Types.STRING, "opened for " + msg.as(Types.STRING));
                });
    open();
  }

  void open() {
    store = Stores.rocksdb(dir);
    dispatcher =
        new Dispatcher(
            DispatcherConfig.defaults("test").withKeyGroups(16),
            store,
            new Keyspace("test"),
            invoker,
            new SimpleMeterRegistry());
    dispatcher.start();
  }

  @AfterEach
  void stop() {
    gate.countDown();
    close();
    invoker.close();
  }

  void close() {
    dispatcher.close();
    store.close();
  }

  static IngressMessage msg(String id, String body, String key) {
    return msg(id, body, "application/json", IngressMessage.INGESTION_TIME, key);
  }

  static IngressMessage msg(
      String id, String body, String contentType, long eventTime, String key) {
    return new IngressMessage(
        "t", "counter", id, body.getBytes(StandardCharsets.UTF_8), contentType, eventTime, key);
  }

  String call(IngressMessage message) {
    return new String(dispatcher.callAsync(message, WAIT).join().payload(), StandardCharsets.UTF_8);
  }

  long count(String id) {
    byte[] value = dispatcher.state("t", "counter", id).get("count");
    return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.UTF_8));
  }

  static void assertMismatch(ThrowingCallable request) {
    assertThatThrownBy(request)
        .cause()
        .isInstanceOf(DispatcherException.class)
        .satisfies(
            e ->
                assertThat(((DispatcherException) e).code())
                    .isEqualTo(Code.IDEMPOTENCY_KEY_MISMATCH));
  }

  @Test
  void theSameKeyForTwoTargetsIsTwoKeys() {
    dispatcher.sendAsync(msg("b", "100", null)).join();

    assertThat(call(msg("a", "5", "K1"))).isEqualTo("5");
    assertThat(call(msg("b", "5", "K1"))).as("b's own reply, not a's").isEqualTo("105");
    assertThat(call(msg("a", "5", "K1"))).as("a repeat: the first reply").isEqualTo("5");
    assertThat(dispatcher.sendAsync(msg("c", "1", "K1")).join().duplicate()).isFalse();

    await().atMost(WAIT).until(() -> count("c") == 1);
    assertThat(List.of(count("a"), count("b"))).containsExactly(5L, 105L);
  }

  @Test
  void aBatchKeyIsScopedToItsSourceAndTarget() {
    List<IngressMessage> events = List.of(msg("x", "1", "E"), msg("y", "1", "E"));
    assertThat(dispatcher.ingestAsync("one", events).join()).isEqualTo(2);
    assertThat(dispatcher.ingestAsync("one", events).join())
        .as("a repeat, accepted once")
        .isEqualTo(2);
    dispatcher.ingestAsync("two", events).join();
    dispatcher.sendAsync(msg("x", "1", "E")).join();

    await().atMost(WAIT).until(() -> count("x") == 3 && count("y") == 2);
  }

  @Test
  void aKeyReusedForADifferentSendIsRefusedAndTheSameSendIsADuplicate() {
    SendReceipt first = dispatcher.sendAsync(msg("s", "1", "K")).join();

    assertMismatch(() -> dispatcher.sendAsync(msg("s", "2", "K")).join());
    assertMismatch(
        () ->
            dispatcher
                .sendAsync(msg("s", "1", "text/plain", IngressMessage.INGESTION_TIME, "K"))
                .join());
    assertMismatch(
        () -> dispatcher.sendAsync(msg("s", "1", "application/json", 1_000, "K")).join());
    assertMismatch(() -> dispatcher.callAsync(msg("s", "1", "K"), WAIT).join());
    SendReceipt again = dispatcher.sendAsync(msg("s", "1", "K")).join();
    assertThat(again.duplicate()).isTrue();
    assertThat(again.messageId()).isEqualTo(first.messageId());

    // An event time the client set is part of the request; the same one again is the same request.
    dispatcher.sendAsync(msg("s", "10", "application/json", 5_000, "T")).join();
    assertThat(
            dispatcher.sendAsync(msg("s", "10", "application/json", 5_000, "T")).join().duplicate())
        .isTrue();
    assertMismatch(
        () -> dispatcher.sendAsync(msg("s", "10", "application/json", 5_001, "T")).join());

    await().atMost(WAIT).until(() -> count("s") == 11);
  }

  @Test
  void aKeyReusedForADifferentCallIsRefusedAndTheFirstReplyStands() {
    assertThat(call(msg("c", "5", "K"))).isEqualTo("5");

    assertMismatch(() -> call(msg("c", "7", "K")));
    assertThat(call(msg("c", "5", "K"))).isEqualTo("5");
    assertThat(count("c")).isEqualTo(5);
  }

  @Test
  void eventsOfABatchThatReuseAKeyForADifferentEventAreNamedAndTheOthersApplied() {
    dispatcher.ingestAsync("s", List.of(msg("x", "1", "K0"), msg("y", "1", "K1"))).join();

    List<IngressMessage> retry =
        List.of(
            msg("x", "1", "K0"), // the same event: a duplicate
            msg("y", "2", "K1"), // another event under K1: refused
            msg("z", "1", null),
            msg("z", "10", "K3"),
            msg("x", "2", "K0"), // refused
            msg("w", "1", "K1")); // K1 for another target: its own key
    assertThatThrownBy(() -> dispatcher.ingestAsync("s", retry).join())
        .cause()
        .isInstanceOfSatisfying(
            DispatcherException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.IDEMPOTENCY_KEY_MISMATCH);
              assertThat(e.events()).containsExactly(1, 4);
              assertThat(e.eventCount()).isEqualTo(2);
              assertThat(e)
                  .hasMessageContaining("2 of 6 events")
                  .hasMessageContaining("the other 4 were accepted");
            });

    await().atMost(WAIT).until(() -> count("z") == 11 && count("w") == 1);
    assertThat(List.of(count("x"), count("y"))).containsExactly(1L, 1L);
  }

  @Test
  void keysAndTheirRequestsAreRememberedAcrossARestart() {
    assertThat(call(msg("r", "5", "call-key"))).isEqualTo("5");
    dispatcher.sendAsync(msg("r", "1", "send-key")).join();
    dispatcher.ingestAsync("s", List.of(msg("r", "2", "event-key"))).join();
    await().atMost(WAIT).until(() -> count("r") == 8);
    close();
    open();

    assertMismatch(() -> call(msg("r", "6", "call-key")));
    assertThat(call(msg("r", "5", "call-key"))).isEqualTo("5");
    assertMismatch(() -> dispatcher.sendAsync(msg("r", "2", "send-key")).join());
    assertThat(dispatcher.sendAsync(msg("r", "1", "send-key")).join().duplicate()).isTrue();
    assertMismatch(() -> dispatcher.ingestAsync("s", List.of(msg("r", "3", "event-key"))).join());
    assertThat(dispatcher.ingestAsync("s", List.of(msg("r", "2", "event-key"))).join())
        .isEqualTo(1);
    assertThat(call(msg("r", "0", null))).isEqualTo("8");
  }

  @Test
  void aRepeatOfACallInFlightWaitsForTheFirstOutcome() {
    IngressMessage first =
        new IngressMessage(
            "t",
            "gate",
            "g",
            "one".getBytes(StandardCharsets.UTF_8),
            "text/plain",
            IngressMessage.INGESTION_TIME,
            "slow");
    CompletableFuture<CallReply> original = dispatcher.callAsync(first, WAIT);
    await().atMost(WAIT).until(() -> gated.get() == 1);

    CompletableFuture<CallReply> repeat = dispatcher.callAsync(first, WAIT);
    CompletableFuture<CallReply> different =
        dispatcher.callAsync(
            new IngressMessage(
                "t",
                "gate",
                "g",
                "two".getBytes(StandardCharsets.UTF_8),
                "text/plain",
                IngressMessage.INGESTION_TIME,
                "slow"),
            WAIT);
    assertMismatch(different::join);
    assertThat(repeat).as("waits while the first call runs").isNotDone();

    gate.countDown();
    assertThat(new String(original.join().payload(), StandardCharsets.UTF_8))
        .isEqualTo("opened for one");
    assertThat(new String(repeat.join().payload(), StandardCharsets.UTF_8))
        .isEqualTo("opened for one");
    assertThat(gated.get()).as("the handler ran once").isEqualTo(1);
  }
}
