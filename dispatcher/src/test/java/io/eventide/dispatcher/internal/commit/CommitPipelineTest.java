package io.eventide.dispatcher.internal.commit;

import static io.eventide.dispatcher.internal.commit.BatchCommitTest.text;
import static io.eventide.dispatcher.internal.commit.BatchCommitTest.value;
import static io.eventide.dispatcher.internal.commit.CommitFixture.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.dispatcher.internal.cluster.ServedHoldings;
import io.eventide.dispatcher.internal.inbox.Entries;
import io.eventide.dispatcher.internal.inbox.Pending;
import io.eventide.dispatcher.internal.inbox.StoreFixture;
import io.eventide.protocol.Failure;
import io.eventide.protocol.InboxEntry;
import io.eventide.protocol.InvocationResult;
import io.eventide.protocol.MessageEffects;
import io.eventide.protocol.OutgoingMessage;
import io.eventide.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A shard's commits of results built by hand, on the real embedded store: a batch of several
 * addresses is one transaction, what it consumed leaves memory and the backlog once durable, and a
 * stale lease lets none of it through.
 */
class CommitPipelineTest {
  private static final int A = 1;
  private static final int B = 5;

  @RegisterExtension final StoreFixture db = new StoreFixture();
  private CommitFixture fx;
  private final String a = Entries.idIn(A, CommitFixture.GROUPS);
  private final String b = Entries.idIn(B, CommitFixture.GROUPS);

  @BeforeEach
  void wire() {
    fx = new CommitFixture(db);
  }

  @Test
  void aBatchOfSeveralAddressesCommitsTheirStateAndConsumesTheirMessages() {
    List<Pending> toA = fx.enqueue(Entries.message(a, "a1"), Entries.message(a, "a2"));
    List<Pending> toB = fx.enqueue(Entries.message(b, "b1"));

    fx.commit(
        item(toA, handled(2, value("count", "2"))), item(toB, handled(1, value("count", "1"))));

    assertThat(fx.state(toA.get(0).address)).containsOnlyKeys("count");
    assertThat(fx.state(toB.get(0).address)).containsOnlyKeys("count");
    assertThat(db.inbox(A)).isEmpty();
    assertThat(db.inbox(B)).isEmpty();
    assertThat(fx.windows.get(A).pending()).as("dropped from memory once durable").isEmpty();
    assertThat(fx.windows.get(B).pending()).isEmpty();
    assertThat(fx.backlog.total()).isZero();
    assertThat(fx.pipeline.inFlight(toA.get(0).address)).isFalse();
  }

  @Test
  void aCallerHearsTheReplyOnceTheCommitIsDurableWithoutWaitingForTheShard() {
    InboxEntry call = Entries.message(a, "c1").toBuilder().setCallId("c1").build();
    CompletableFuture<CallReply> reply = fx.calls.register("c1", Duration.ofMinutes(1));
    List<Pending> toA = fx.enqueue(call);
    MessageEffects answer =
        MessageEffects.newBuilder().setHasReply(true).setReply(text("42")).build();

    fx.pipeline.submit(
        List.of(item(toA, InvocationResult.newBuilder().setHandled(1).addEffects(answer).build())));

    // The shard has not finished the commit (no finishDone): the caller hears back all the same.
    assertThat(reply.orTimeout(30, TimeUnit.SECONDS).join().payload())
        .isEqualTo("42".getBytes(StandardCharsets.UTF_8));
    assertThat(fx.pipeline.inFlight(toA.get(0).address))
        .as("the shard still has to finish")
        .isTrue();
    fx.pipeline.finishAll();
    assertThat(fx.pipeline.inFlight(toA.get(0).address)).isFalse();
  }

  @Test
  void aMessageToAnotherFunctionCountsInItsKeyGroupsBacklogUntilHandled() {
    List<Pending> ingressToB = fx.enqueue(Entries.message(b, "b1"));
    List<Pending> toA = fx.enqueue(Entries.message(a, "a1"));
    MessageEffects send =
        MessageEffects.newBuilder()
            .addMessages(
                OutgoingMessage.newBuilder()
                    .setTarget(Entries.address(b))
                    .setPayload(text("from a")))
            .build();

    fx.commit(item(toA, InvocationResult.newBuilder().setHandled(1).addEffects(send).build()));

    assertThat(db.inboxIds(B)).containsExactly("b1", "a1.0");
    assertThat(fx.backlog.get(B)).as("both of b's messages wait").isEqualTo(2);
    assertThat(fx.backlog.get(A)).isZero();

    Pending fromA =
        fx.loadAll().stream()
            .filter(p -> p.entry.getMessageId().equals("a1.0"))
            .findFirst()
            .orElseThrow();
    fx.commit(item(List.of(fromA), handled(1)));

    assertThat(db.inboxIds(B)).containsExactly("b1");
    assertThat(fx.backlog.get(B)).as("the ingress message still waits").isEqualTo(1);
    assertThat(ingressToB.get(0).consumed).isFalse();
  }

  @Test
  void aMessageToAKeyGroupHeldElsewhereIsLeftToItsHolderToCount() {
    List<Pending> toA = fx.enqueue(Entries.message(a, "a1"));
    fx.leases.lost(B);

    fx.commit(
        item(
            toA,
            InvocationResult.newBuilder()
                .setHandled(1)
                .addEffects(
                    MessageEffects.newBuilder()
                        .addMessages(
                            OutgoingMessage.newBuilder()
                                .setTarget(Entries.address(b))
                                .setPayload(text("from a"))))
                .build()));

    assertThat(db.inboxIds(B)).containsExactly("a1.0");
    assertThat(fx.backlog.get(B)).isZero();
  }

  @Test
  void aStaleLeaseFailsTheCommitAndNothingOfItReachesTheStoreOrMemory() {
    List<Pending> toA = fx.enqueue(Entries.message(a, "a1"));
    LeaseTable other = new LeaseTable(db.keyspace, "d2", CommitFixture.GROUPS);
    db.write(tx -> other.take(tx, A, Long.MAX_VALUE));
    MessageEffects send =
        MessageEffects.newBuilder()
            .addMessages(
                OutgoingMessage.newBuilder()
                    .setTarget(Entries.address(b))
                    .setPayload(text("from a")))
            .build();

    fx.commit(
        item(
            toA,
            InvocationResult.newBuilder()
                .setHandled(1)
                .addEffects(send)
                .addState(value("count", "1"))
                .build()));

    assertThat(db.inboxIds(A)).containsExactly("a1");
    assertThat(db.inbox(B)).isEmpty();
    assertThat(fx.state(toA.get(0).address)).isEmpty();
    assertThat(toA.get(0).consumed).isFalse();
    assertThat(toA.get(0).taken).as("free for whoever runs it next").isFalse();
    assertThat(fx.windows.get(A).pending()).containsExactly(toA.get(0));
    assertThat(fx.backlog.get(A)).isEqualTo(1);
    assertThat(fx.backlog.get(B)).isZero();
    assertThat(fx.signals.signalled).isEmpty();
  }

  @Test
  void workTakenUnderTheCurrentHoldingOfItsKeyGroupCommits() {
    List<Pending> toA = fx.enqueue(Entries.message(a, "a1"));
    toA.forEach(p -> p.tenure = fx.leases.tenure(A)); // as Batch stamps what it takes

    fx.commit(item(toA, handled(1, value("count", "1"))));

    assertThat(db.inbox(A)).isEmpty();
    assertThat(fx.state(toA.get(0).address)).containsOnlyKeys("count");
  }

  @Test
  void workTakenBeforeItsKeyGroupWasLostAndTakenBackDoesNotCommitUnderTheNewHolding() {
    List<Pending> toA = fx.enqueue(Entries.message(a, "a1"));
    toA.forEach(p -> p.tenure = fx.leases.tenure(A));
    // Lost and taken back while the batch was at the workers: another holder may have run it
    // meanwhile, and the lease value now held is a fresh one, which a plain fence would accept.
    fx.leases.lost(A);
    byte[][] again = new byte[1][];
    db.write(tx -> again[0] = fx.leases.take(tx, A, Long.MAX_VALUE));
    fx.leases.install(A, again[0]);

    fx.commit(item(toA, handled(1, value("count", "1"))));

    assertThat(db.inboxIds(A)).containsExactly("a1");
    assertThat(fx.state(toA.get(0).address)).isEmpty();
    assertThat(toA.get(0).consumed).isFalse();
    assertThat(toA.get(0).taken).as("free for the batch of the new holding").isFalse();
  }

  @Test
  void entriesReadBeforeTheirKeyGroupWasLostAndTakenBackCommitOnlyUnderTheHoldingTheyWereReadIn() {
    ServedHoldings holdings = new ServedHoldings(fx.leases, CommitFixture.GROUPS);
    assertThat(holdings.reading(A)).isTrue(); // as the shard's reset does before it reads
    List<Pending> toA = fx.enqueue(Entries.message(a, "a1"));
    // Lost and taken back before the shard heard of either: its memory still has the entries
    // read under the first holding, and a batch built now stamps them.
    fx.leases.lost(A);
    byte[][] again = new byte[1][];
    db.write(tx -> again[0] = fx.leases.take(tx, A, Long.MAX_VALUE));
    fx.leases.install(A, again[0]);
    assertThat(holdings.current(A)).as("not served until read afresh").isFalse();
    toA.forEach(p -> p.tenure = holdings.stamp(A)); // as Batch stamps what it takes

    fx.commit(item(toA, handled(1, value("count", "1"))));

    assertThat(db.inboxIds(A)).containsExactly("a1");
    assertThat(fx.state(toA.get(0).address)).isEmpty();
    assertThat(toA.get(0).taken).as("free for the batch of the new holding").isFalse();
  }

  @Test
  void aFenceIsOnTheValueOfTheHoldingItNamesNotOnWhatIsHeldWhenItIsAdded() {
    long first = fx.leases.tenure(A);
    fx.leases.lost(A);
    byte[][] again = new byte[1][];
    db.write(tx -> again[0] = fx.leases.take(tx, A, Long.MAX_VALUE));
    fx.leases.install(A, again[0]);

    assertThatThrownBy(() -> db.write(tx -> fx.leases.fence(tx, A, first)))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.code()).isEqualTo(StoreException.Code.FENCED));
    db.write(tx -> fx.leases.fence(tx, A, fx.leases.tenure(A)));
  }

  @Test
  void messagesHandledBeforeAFailureCommitAndTheFailedOneWaitsOutItsBackoff() {
    List<Pending> toA = fx.enqueue(Entries.message(a, "a1"), Entries.message(a, "a2"));
    long before = System.currentTimeMillis();

    fx.commit(
        item(
            toA,
            InvocationResult.newBuilder()
                .setHandled(1)
                .addEffects(MessageEffects.getDefaultInstance())
                .addState(value("count", "1"))
                .setFailure(failure("HANDLER_ERROR"))
                .build()));

    assertThat(db.inboxIds(A)).containsExactly("a2");
    assertThat(fx.state(toA.get(0).address)).containsOnlyKeys("count");
    assertThat(fx.retries.attempts(toA.get(1).address)).isEqualTo(1);
    assertThat(fx.retries.blocked(toA.get(1).address, before)).isTrue();
    assertThat(fx.backlog.get(A)).isEqualTo(1);
  }

  /** The results of {@code handled} messages, each with no effects, and the state they changed. */
  static InvocationResult handled(int handled, io.eventide.protocol.StateValue... state) {
    InvocationResult.Builder result =
        InvocationResult.newBuilder().setHandled(handled).addAllState(List.of(state));
    for (int i = 0; i < handled; i++) {
      result.addEffects(MessageEffects.getDefaultInstance());
    }
    return result.build();
  }

  static Failure failure(String code) {
    return Failure.newBuilder()
        .setCode(code)
        .setMessage("boom")
        .setExceptionClass("java.lang.IllegalStateException")
        .build();
  }
}
