package io.eventide.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.EgressRecord;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleted timers, cancelled delayed messages and explicit event times on the real store, across a
 * restart of the dispatcher: what is deleted or cancelled stays so once committed.
 */
class TimeCancellationIT {
  static final ValueSpec<Long> FIRST = ValueSpec.named("first").withType(Types.LONG);
  static final ValueSpec<Long> SECOND = ValueSpec.named("second").withType(Types.LONG);
  static final ValueSpec<String> NOTE = ValueSpec.named("note").withType(Types.STRING);
  static final ValueSpec<String> LAST = ValueSpec.named("last").withType(Types.STRING);
  static final ValueSpec<String> DONE = ValueSpec.named("done").withType(Types.STRING);

  /** Far enough out that the delete, the cancel and the restart commit before anything is due. */
  static final long DUE_MILLIS = 2_500;

  @TempDir Path dir;
  Store store;
  Dispatcher dispatcher;
  TestWorker invoker;

  /**
   * {@code arm}: event-time timers at 500 and 600, one at 700 deleted in the same call, and three
   * processing-time timers likewise; {@code disarm}: deletes the one at 500 and the first
   * processing one. Firings go to the {@code fired} egress.
   */
  static final class Timers implements StatefulFunction {
    @Override
    public void apply(Context context, Message message) {
      String command = message.as(Types.STRING);
      long now = context.currentProcessingTime();
      if (command.equals("arm")) {
        context.registerEventTimeTimer(500);
        context.registerEventTimeTimer(600);
        context.registerEventTimeTimer(700);
        context.deleteEventTimeTimer(700);
        context.registerProcessingTimeTimer(now + DUE_MILLIS);
        context.registerProcessingTimeTimer(now + DUE_MILLIS + 200);
        context.registerProcessingTimeTimer(now + DUE_MILLIS + 100);
        context.deleteProcessingTimeTimer(now + DUE_MILLIS + 100);
        context.storage().set(FIRST, now + DUE_MILLIS);
        context.storage().set(SECOND, now + DUE_MILLIS + 200);
      } else if (command.equals("disarm")) {
        context.deleteEventTimeTimer(500);
        context.deleteEventTimeTimer(12_345); // never registered
        context.deleteProcessingTimeTimer(context.storage().get(FIRST).orElseThrow());
        context.storage().set(DONE, "disarmed");
      }
    }

    @Override
    public void onTimer(Context context, long timestamp) {
      context.egress("fired", Types.STRING, "e " + timestamp);
    }

    @Override
    public void onProcessingTimer(Context context, long timestamp) {
      context.egress("fired", Types.STRING, "p " + timestamp);
    }
  }

  /**
   * {@code schedule}: notes 1 and 2 to itself, and note 3 cancelled by the same call; {@code
   * cancel}: cancels note 1 by the id kept; {@code cancel-delivered}: cancels note 2 by its id once
   * it has arrived; a note arriving goes to the {@code notes} egress.
   */
  static final class Notes implements StatefulFunction {
    @Override
    public void apply(Context context, Message message) {
      String command = message.as(Types.STRING);
      Duration due = Duration.ofMillis(DUE_MILLIS);
      switch (command) {
        case "schedule" -> {
          String first =
              context.sendAfterCancellable(due, context.self(), Types.STRING, "note-1").id();
          String second =
              context
                  .sendAfterCancellable(due.plusMillis(200), context.self(), Types.STRING, "note-2")
                  .id();
          context
              .sendAfterCancellable(due.plusMillis(100), context.self(), Types.STRING, "note-3")
              .cancel();
          context.storage().set(NOTE, first);
          context.storage().set(LAST, second);
        }
        case "cancel" -> {
          context.cancelDelayed(context.storage().get(NOTE).orElseThrow());
          context.storage().set(DONE, "cancelled");
        }
        case "cancel-delivered" -> {
          context.cancelDelayed(context.storage().get(LAST).orElseThrow());
          context.storage().set(DONE, "cancelled again");
        }
        case "schedule-large" -> {
          // Over the store's inline size: stored in parts, which a cancel must clear as well.
          String big = "x".repeat(300_000);
          context
              .storage()
              .set(
                  NOTE,
                  context
                      .sendAfterCancellable(due, context.self(), Types.STRING, "big-1 " + big)
                      .id());
          context.sendAfterCancellable(
              due.plusMillis(200), context.self(), Types.STRING, "big-2 " + big);
        }
        default ->
            context.egress(
                "notes",
                Types.STRING,
                command.length() > 100
                    ? command.substring(0, 5) + " " + command.length()
                    : command);
      }
    }
  }

  @BeforeEach
  void start() {
    invoker =
        new TestWorker()
            .register("t/timers", new Timers(), FIRST, SECOND, DONE)
            .register("t/notes", new Notes(), NOTE, LAST, DONE)
            // Sends on with an event time of 4242, then once more with the one it was given.
            .register(
                "t/stamper",
                (ctx, msg) -> {
                  Address next = Address.of("t", "stamped", ctx.self().id());
                  ctx.send(next, Types.STRING, "explicit", 4242);
                  ctx.send(next, Types.STRING, "inherited");
                })
            .register(
                "t/stamped",
                (ctx, msg) ->
                    ctx.egress(
                        "stamped", Types.STRING, msg.as(Types.STRING) + " " + msg.eventTime()));
    open();
  }

  void open() {
    store = Stores.rocksdb(dir);
    DispatcherConfig config = DispatcherConfig.defaults("test").withKeyGroups(16);
    dispatcher =
        new Dispatcher(config, store, new Keyspace("test"), invoker, new SimpleMeterRegistry());
    dispatcher.start();
  }

  @AfterEach
  void stopAll() {
    dispatcher.close();
    store.close();
    invoker.close();
  }

  void restart() {
    dispatcher.close();
    store.close();
    open();
  }

  static IngressMessage event(String type, String id, String body, long eventTime) {
    return new IngressMessage(
        "t", type, id, body.getBytes(StandardCharsets.UTF_8), "text/plain", eventTime, null);
  }

  String stored(String type, String id, String name) {
    byte[] value = dispatcher.state("t", type, id).get(name);
    return value == null ? null : Types.STRING.decode(value);
  }

  List<String> egress(String name) {
    List<String> out = new ArrayList<>();
    for (EgressRecord r : dispatcher.egress(name, 0, 10_000).records()) {
      out.add(new String(r.payload(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void deletedTimersNeverFireEvenAfterARestart() {
    dispatcher.ingestAsync("s", List.of(event("timers", "a", "arm", 100))).join();
    dispatcher.ingestAsync("s", List.of(event("timers", "a", "disarm", 110))).join();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "disarmed".equals(stored("timers", "a", "done")));
    long first = Long.parseLong(stored("timers", "a", "first"));
    long second = Long.parseLong(stored("timers", "a", "second"));

    restart();
    dispatcher.watermarkAsync("s", Long.MAX_VALUE).join();

    // The one at 600 fires with or after the one at 500 would have; the second processing-time
    // timer after the first would have.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> egress("fired").containsAll(List.of("e 600", "p " + second)));
    assertThat(egress("fired")).containsExactlyInAnyOrder("e 600", "p " + second);
    assertThat(first).isLessThan(second);
  }

  @Test
  void aCancelledDelayedMessageIsNeverDeliveredAcrossARestart() {
    dispatcher.sendAsync(event("notes", "n", "schedule", IngressMessage.INGESTION_TIME)).join();
    dispatcher.sendAsync(event("notes", "n", "cancel", IngressMessage.INGESTION_TIME)).join();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "cancelled".equals(stored("notes", "n", "done")));

    restart();

    await().atMost(Duration.ofSeconds(15)).until(() -> egress("notes").contains("note-2"));
    dispatcher
        .sendAsync(event("notes", "n", "cancel-delivered", IngressMessage.INGESTION_TIME))
        .join();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "cancelled again".equals(stored("notes", "n", "done")));
    assertThat(egress("notes")).containsExactly("note-2");
    assertThat(egress("dead-letters")).isEmpty();
  }

  @Test
  void aLargeDelayedMessageIsCancelledPartsAndAll() {
    dispatcher
        .sendAsync(event("notes", "big", "schedule-large", IngressMessage.INGESTION_TIME))
        .join();
    dispatcher.sendAsync(event("notes", "big", "cancel", IngressMessage.INGESTION_TIME)).join();

    await().atMost(Duration.ofSeconds(15)).until(() -> !egress("notes").isEmpty());
    assertThat(egress("notes")).containsExactly("big-2 300006");
    assertThat(delayedKeys()).as("no header or part of either message is left").isZero();
  }

  /** The keys under every key group's {@code delayed/} range. */
  int delayedKeys() {
    Keyspace keyspace = new Keyspace("test");
    int keys = 0;
    try (Transaction tx = store.begin()) {
      for (int kg = 0; kg < 16; kg++) {
        byte[] prefix = keyspace.delayed(kg);
        keys += tx.snapshot().getRange(prefix, Keyspace.end(prefix), 1_000, false).size();
      }
    }
    return keys;
  }

  @Test
  void aMessageSentWithAnExplicitEventTimeArrivesWithIt() {
    dispatcher.ingestAsync("s", List.of(event("stamper", "x", "go", 1_000))).join();

    await().atMost(Duration.ofSeconds(10)).until(() -> egress("stamped").size() == 2);
    assertThat(egress("stamped")).containsExactly("explicit 4242", "inherited 1000");
  }
}
