package io.eventide.dispatcher.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.protocol.DelayedMessage;
import io.eventide.protocol.InboxEntry;
import io.eventide.store.StoreException;
import io.eventide.store.TransactionRunner;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delayed messages moving into their inboxes when due, with time given explicitly, against the real
 * embedded store and real leases.
 */
class DelayedQueueTest {
  private static final int GROUPS = 4;
  private static final int GROUP = 1;

  /** The key groups of the shard under test. */
  private static final Set<Integer> SHARD = Set.of(1, 3);

  @RegisterExtension final StoreFixture db = new StoreFixture();
  private TransactionRunner runner;
  private LeaseTable leases;
  private final Backlog backlog = new Backlog(GROUPS, 100);
  private final RecordingSignals signals = new RecordingSignals();
  private DelayedQueue queue;

  @BeforeEach
  void open() {
    runner = new TransactionRunner(db.store);
    leases = new LeaseTable(db.keyspace, "d1", GROUPS);
    queue =
        new DelayedQueue(
            db.store,
            db.keyspace,
            leases,
            new Inboxes(db.keyspace, GROUPS),
            backlog,
            signals,
            SHARD);
  }

  @AfterEach
  void close() {
    runner.close();
  }

  @Test
  void aDelayedMessageMovesIntoItsInboxWhenDueAndNotBefore() {
    leases.acquireAll(runner);
    delay(GROUP, 1_000, "later");
    queue.init();
    assertThat(queue.nextDue()).isEqualTo(1_000);

    queue.moveDue(999);

    assertThat(db.inbox(GROUP)).isEmpty();
    assertThat(db.rows(db.keyspace.delayed(GROUP))).hasSize(1);
    assertThat(backlog.get(GROUP)).isZero();
    assertThat(signals.signalled).isEmpty();

    queue.moveDue(1_000);

    assertThat(db.inbox(GROUP)).extracting(InboxEntry::getMessageId).containsExactly("later");
    assertThat(db.inbox(GROUP)).extracting(InboxEntry::getSource).containsExactly(Inboxes.DELAYED);
    assertThat(db.rows(db.keyspace.delayed(GROUP))).isEmpty();
    assertThat(backlog.get(GROUP)).isEqualTo(1);
    assertThat(signals.signalled).containsExactly(GROUP);
    assertThat(queue.nextDue()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void messagesDueAtDifferentTimesMoveEachAtItsOwnTime() {
    leases.acquireAll(runner);
    delay(GROUP, 2_000, "second");
    delay(GROUP, 1_000, "first");
    delay(3, 1_500, "other group");
    queue.init();

    queue.moveDue(1_200);

    assertThat(db.inboxIds(GROUP)).containsExactly("first");
    assertThat(db.inboxIds(3)).isEmpty();
    assertThat(queue.nextDue()).isEqualTo(1_500);

    queue.moveDue(2_000);

    assertThat(db.inboxIds(GROUP)).containsExactly("first", "second");
    assertThat(db.inboxIds(3)).containsExactly("other group");
    assertThat(backlog.total()).isEqualTo(3);
  }

  @Test
  void aHintFromACommitAfterStartIsWhatMakesTheQueueLookAgain() {
    leases.acquireAll(runner);
    queue.init();
    delay(GROUP, 1_000, "m");

    queue.moveDue(1_000);
    assertThat(db.inbox(GROUP)).as("memory knew of nothing due").isEmpty();

    assertThat(queue.hint(GROUP, 1_000)).isTrue();
    assertThat(queue.hint(GROUP, 5_000)).as("not earlier than what is known").isFalse();
    queue.moveDue(1_000);

    assertThat(db.inboxIds(GROUP)).containsExactly("m");
  }

  @Test
  void aKeyGroupThisDispatcherDoesNotHoldIsLeftToItsHolder() {
    delay(GROUP, 1_000, "m");
    queue.init();

    queue.moveDue(1_000);

    assertThat(db.inbox(GROUP)).isEmpty();
    assertThat(db.rows(db.keyspace.delayed(GROUP))).hasSize(1);
  }

  @Test
  void aMoveIsFencedOnTheLeaseAndMovesNothingOnceAnotherDispatcherTookTheGroup() {
    leases.acquireAll(runner);
    delay(GROUP, 1_000, "m");
    queue.init();
    LeaseTable other = new LeaseTable(db.keyspace, "d2", GROUPS);
    db.write(tx -> other.take(tx, GROUP, Long.MAX_VALUE));

    assertThatThrownBy(() -> queue.moveDue(1_000))
        .satisfies(
            e -> assertThat(StoreException.unwrap(e).code()).isEqualTo(StoreException.Code.FENCED));

    assertThat(db.inbox(GROUP)).isEmpty();
    assertThat(db.rows(db.keyspace.delayed(GROUP))).hasSize(1);
    assertThat(backlog.get(GROUP)).isZero();
    assertThat(signals.signalled).isEmpty();
  }

  /** Stores a message due at {@code dueAt} as a batch commit does ({@code sendAfter}). */
  private void delay(int keyGroup, long dueAt, String messageId) {
    InboxEntry entry = Entries.message(Entries.idIn(keyGroup, GROUPS), messageId, Inboxes.DELAYED);
    byte[] value =
        DelayedMessage.newBuilder().setEntry(entry).setDueAt(dueAt).build().toByteArray();
    db.write(
        tx ->
            tx.setVersionstampedKey(db.keyspace.delayedAt(keyGroup, dueAt), 0, new byte[0], value));
  }
}
