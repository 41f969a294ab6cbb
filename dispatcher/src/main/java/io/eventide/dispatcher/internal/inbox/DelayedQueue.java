package io.eventide.dispatcher.internal.inbox;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.protocol.DelayedMessage;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.LargeValues;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Delayed messages ({@code sendAfter}) of a shard's key groups. They wait durably under {@code
 * delayed/<kg>/<due>/<versionstamp>}; when due, one transaction moves them into the key group's
 * inbox, after which they are ordinary messages. Memory holds only the earliest due time per key
 * group, so the queue is bounded by the number of key groups, not of messages.
 *
 * <h2>Thread safety</h2>
 *
 * {@link #hint} is thread-safe; the rest runs on the shard thread.
 */
public final class DelayedQueue {
  private static final int MOVE_LIMIT = 1_000;

  /** Bytes of messages moved per transaction: messages of 1 MiB must not add up past its limit. */
  private static final long MOVE_BYTES = 4 << 20;

  private final Store store;
  private final Keyspace keyspace;
  private final LeaseTable leases;
  private final Inboxes inboxes;
  private final Backlog backlog;
  private final Signals signals;
  private final Set<Integer> keyGroups;
  private final AtomicLongArray nextDue;

  public DelayedQueue(
      Store store,
      Keyspace keyspace,
      LeaseTable leases,
      Inboxes inboxes,
      Backlog backlog,
      Signals signals,
      Set<Integer> keyGroups) {
    this.store = store;
    this.keyspace = keyspace;
    this.leases = leases;
    this.inboxes = inboxes;
    this.backlog = backlog;
    this.signals = signals;
    this.keyGroups = keyGroups;
    this.nextDue = new AtomicLongArray(inboxes.keyGroups());
    for (int kg = 0; kg < nextDue.length(); kg++) {
      nextDue.set(kg, Long.MAX_VALUE);
    }
  }

  /** Reads the earliest due time of every key group, once, at start. */
  public void init() {
    keyGroups.forEach(this::rescan);
  }

  /** Records that {@code keyGroup} has a message due at {@code dueAt}; true if that is earlier. */
  public boolean hint(int keyGroup, long dueAt) {
    return nextDue.getAndAccumulate(keyGroup, dueAt, Math::min) > dueAt;
  }

  public long nextDue() {
    long next = Long.MAX_VALUE;
    for (int kg : keyGroups) {
      next = Math.min(next, nextDue.get(kg));
    }
    return next;
  }

  /** Moves every message due by {@code now} into its inbox. */
  public void moveDue(long now) {
    for (int kg : keyGroups) {
      // Another dispatcher moves what is due in the groups it holds.
      if (nextDue.get(kg) <= now && leases.holds(kg)) {
        move(kg, now);
        rescan(kg);
      }
    }
  }

  private void move(int keyGroup, long now) {
    byte[] from = keyspace.delayed(keyGroup);
    byte[] to = keyspace.delayedAt(keyGroup, now + 1);
    boolean more;
    do {
      try (Transaction tx = store.begin()) {
        List<KeyValue> rows = tx.snapshot().getRange(from, to, MOVE_LIMIT, false);
        more = rows.size() == MOVE_LIMIT;
        List<LargeValues.Value> due = LargeValues.assemble(rows, this::isMessageKey, more);
        InboxChunks.Writer inbox = inboxes.writer(tx);
        int moved = 0;
        long bytes = 0;
        for (LargeValues.Value message : due) {
          if (moved > 0 && bytes + message.value().length > MOVE_BYTES) {
            more = true; // the rest in the next transaction, under the transaction limit
            break;
          }
          LargeValues.clear(tx, message.key(), message.large());
          inbox.append(keyGroup, parse(message.value()).getEntry().toByteArray());
          bytes += message.value().length;
          moved++;
        }
        inbox.flush();
        if (moved > 0) {
          leases.fence(tx, keyGroup);
          tx.commitAsync().join();
          backlog.enqueued(keyGroup, moved);
          signals.signal(keyGroup);
        }
      }
    } while (more);
  }

  /** {@code delayed/<kg>/<due>/<versionstamp>}: a message, not one of its parts. */
  private boolean isMessageKey(byte[] key) {
    return keyspace.unpack(key).size() == 4;
  }

  /** Looks up {@code keyGroup}'s earliest delayed message again (at start, or when taken over). */
  public void rescan(int keyGroup) {
    byte[][] range = firstRange(keyGroup);
    try (Transaction tx = store.begin()) {
      loaded(keyGroup, tx.snapshot().getRange(range[0], range[1], 1, false));
    }
  }

  /**
   * The range whose first key {@link #loaded} wants: a takeover reads it with others at once.
   * Forgets what was known of {@code keyGroup} first, so that a {@link #hint} of a message written
   * while the range is read is kept.
   */
  public byte[][] firstRange(int keyGroup) {
    nextDue.set(keyGroup, Long.MAX_VALUE);
    byte[] prefix = keyspace.delayed(keyGroup);
    return new byte[][] {prefix, Keys.strinc(prefix)};
  }

  /**
   * {@code keyGroup}'s earliest delayed message is the first of {@code rows} ({@link #firstRange}).
   */
  public void loaded(int keyGroup, List<KeyValue> rows) {
    if (!rows.isEmpty()) {
      hint(keyGroup, keyspace.unpack(rows.get(0).key()).getLong(2));
    }
  }

  private static DelayedMessage parse(byte[] value) {
    try {
      return DelayedMessage.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt delayed message", e);
    }
  }
}
