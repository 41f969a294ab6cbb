package io.eventide.dispatcher.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.api.EgressRecord;
import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.dispatcher.internal.inbox.Entries;
import io.eventide.dispatcher.internal.inbox.Inboxes;
import io.eventide.dispatcher.internal.inbox.Pending;
import io.eventide.dispatcher.internal.inbox.StoreFixture;
import io.eventide.protocol.DelayedMessage;
import io.eventide.protocol.InboxEntry;
import io.eventide.protocol.MessageEffects;
import io.eventide.protocol.OutgoingMessage;
import io.eventide.protocol.Payload;
import io.eventide.protocol.StateValue;
import io.eventide.store.StoreException;
import io.eventide.store.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One batch's effects as one transaction on the real embedded store: what it writes, whom it tells
 * once durable, and that a stale lease lets none of it through.
 */
class BatchCommitTest {
  private static final long NOW = 1_000_000;
  private static final int FROM = 1;
  private static final int TO = 5;

  @RegisterExtension final StoreFixture db = new StoreFixture();
  private CommitFixture fx;
  private final String sender = Entries.idIn(FROM, CommitFixture.GROUPS);
  private final String receiver = Entries.idIn(TO, CommitFixture.GROUPS);

  @BeforeEach
  void wire() {
    fx = new CommitFixture(db);
  }

  @Test
  void consumesTheMessageAndWritesStateEgressTimersAndMessagesToOtherFunctionsTogether() {
    Pending m1 = fx.enqueue(Entries.message(sender, "m1")).get(0);
    MessageEffects effects =
        MessageEffects.newBuilder()
            .addMessages(
                OutgoingMessage.newBuilder()
                    .setTarget(Entries.address(receiver))
                    .setPayload(text("hi b")))
            .addEgress(
                io.eventide.protocol.EgressRecord.newBuilder()
                    .setEgress("totals")
                    .setPayload(text("1")))
            .addTimers(5_000)
            .build();

    commit(m1, effects, value("count", "1"));

    assertThat(db.rows(db.keyspace.inbox(FROM)))
        .as("its only entry consumed: the chunk is gone")
        .isEmpty();
    assertThat(fx.state(m1.address)).containsOnlyKeys("count");
    assertThat(fx.egress("totals")).extracting(EgressRecord::payload).containsExactly(bytes("1"));
    assertThat(db.get(db.keyspace.timer(FROM, 5_000, Entries.NAMESPACE, Entries.TYPE, sender, "")))
        .isNotNull();
    InboxEntry sent = db.inbox(TO).get(0);
    assertThat(sent.getSource()).isEqualTo(Inboxes.INTERNAL);
    assertThat(sent.getCaller()).isEqualTo(Entries.address(sender));
    assertThat(sent.getMessageId()).as("derived, so a re-run sends the same").isEqualTo("m1.0");
    assertThat(sent.getPayload().getData().toStringUtf8()).isEqualTo("hi b");
    assertThat(m1.consumed).isTrue();
    assertThat(fx.signals.signalled).containsExactly(TO);
    assertThat(fx.holds.size())
        .as("the message between functions holds the watermark until handled")
        .isEqualTo(1);
  }

  @Test
  void aDelayedSendWaitsInTheDelayedQueueAndMarksItsGroupInACluster() {
    fx.inboxes.clustered();
    Pending m1 = fx.enqueue(Entries.message(sender, "m1")).get(0);
    MessageEffects effects =
        MessageEffects.newBuilder()
            .addMessages(
                OutgoingMessage.newBuilder()
                    .setTarget(Entries.address(receiver))
                    .setPayload(text("later"))
                    .setDelayMillis(5_000))
            .build();

    commit(m1, effects);

    assertThat(db.inbox(TO)).isEmpty();
    List<DelayedMessage> delayed =
        db.rows(db.keyspace.delayed(TO)).stream().map(kv -> parse(kv.value())).toList();
    assertThat(delayed)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getDueAt()).isEqualTo(NOW + 5_000);
              assertThat(d.getEntry().getSource()).isEqualTo(Inboxes.DELAYED);
            });
    assertThat(fx.signals.delayed)
        .singleElement()
        .satisfies(d -> assertThat(d).containsExactly(TO, NOW + 5_000));
    assertThat(db.get(db.keyspace.inboxSignal(TO, Inboxes.Mark.DELAYED.ordinal()))).isNotNull();
    assertThat(db.get(db.keyspace.inboxSignal(TO, Inboxes.Mark.INBOX.ordinal()))).isNull();
  }

  @Test
  void aWaitingCallerHearsTheReplyOnlyOnceTheCommitIsDurable() {
    InboxEntry call = Entries.message(sender, "c1").toBuilder().setCallId("c1").build();
    CompletableFuture<CallReply> reply = fx.calls.register("c1", Duration.ofMinutes(1));
    Pending pending = fx.enqueue(call).get(0);
    MessageEffects effects =
        MessageEffects.newBuilder().setHasReply(true).setReply(text("42")).build();

    try (Transaction tx = db.store.beginWrites()) {
      BatchCommit commit = new BatchCommit(fx.parts, tx, NOW, fx.leftovers);
      commit.handled(pending, effects);
      assertThat(reply).as("handled, not yet committed").isNotDone();
      commit.commit().join();
      assertThat(reply).as("durable, not yet answered").isNotDone();
      commit.answer();
      assertThat(reply).as("answered before the batch is applied to memory").isDone();
      commit.committed(fx.cache, fx.timers);
    }

    assertThat(reply.join().payload()).isEqualTo(bytes("42"));
  }

  @Test
  void aCommitFencedOnAStaleLeaseFailsAndWritesNothing() {
    Pending m1 = fx.enqueue(Entries.message(sender, "m1")).get(0);
    // Another dispatcher took the sender's key group: its epoch is now past the one held here.
    LeaseTable other = new LeaseTable(db.keyspace, "d2", CommitFixture.GROUPS);
    db.write(tx -> other.take(tx, FROM, Long.MAX_VALUE));
    MessageEffects effects =
        MessageEffects.newBuilder()
            .addMessages(
                OutgoingMessage.newBuilder()
                    .setTarget(Entries.address(receiver))
                    .setPayload(text("hi b")))
            .addEgress(
                io.eventide.protocol.EgressRecord.newBuilder()
                    .setEgress("totals")
                    .setPayload(text("1")))
            .build();

    try (Transaction tx = db.store.beginWrites()) {
      BatchCommit commit = new BatchCommit(fx.parts, tx, NOW, fx.leftovers);
      commit.handled(m1, effects);
      commit.state(m1.address, List.of(value("count", "1")), Map.of());
      assertThatThrownBy(() -> commit.commit().join())
          .satisfies(
              e ->
                  assertThat(StoreException.unwrap(e).code())
                      .isEqualTo(StoreException.Code.FENCED));
      commit.abandoned();
    }

    assertThat(db.inboxIds(FROM)).containsExactly("m1");
    assertThat(db.rows(db.keyspace.inbox(FROM))).as("no mask either").hasSize(1);
    assertThat(fx.state(m1.address)).isEmpty();
    assertThat(fx.egress("totals")).isEmpty();
    assertThat(db.inbox(TO)).isEmpty();
    assertThat(m1.consumed).isFalse();
    assertThat(fx.signals.signalled).isEmpty();
    assertThat(fx.holds.size()).as("what it would have sent holds nothing back").isZero();
  }

  /** Commits one handled message and what it changed of its address's state, and applies it. */
  private void commit(Pending pending, MessageEffects effects, StateValue... state) {
    try (Transaction tx = db.store.beginWrites()) {
      BatchCommit commit = new BatchCommit(fx.parts, tx, NOW, fx.leftovers);
      commit.handled(pending, effects);
      commit.state(pending.address, List.of(state), Map.of());
      commit.commit().join();
      commit.committed(fx.cache, fx.timers);
    }
  }

  static Payload text(String text) {
    return Payload.newBuilder()
        .setContentType("text/plain")
        .setData(ByteString.copyFromUtf8(text))
        .build();
  }

  static StateValue value(String name, String value) {
    return StateValue.newBuilder().setName(name).setValue(ByteString.copyFromUtf8(value)).build();
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static DelayedMessage parse(byte[] value) {
    try {
      return DelayedMessage.parseFrom(value);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
