package io.eventide.dispatcher.internal.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.protocol.LeaseRecord;
import io.eventide.store.StoreException;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The key groups this dispatcher holds and the lease value each commit is fenced on. Taking a key
 * group bumps its epoch, so a previous owner that wakes up can never commit again: its fence names
 * the old value.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class LeaseTable {
  private final Keyspace keyspace;
  private final String owner;
  private final AtomicReferenceArray<Held> held;

  /** Numbers the holdings: a group given up and taken again is held under a new tenure. */
  private final AtomicLong tenures = new AtomicLong();

  private final byte[][] keys;

  public LeaseTable(Keyspace keyspace, String owner, int keyGroups) {
    this.keyspace = keyspace;
    this.owner = owner;
    this.held = new AtomicReferenceArray<>(keyGroups);
    // Every commit fences its key groups: pack each lease key once, not per commit.
    this.keys = new byte[keyGroups][];
    for (int kg = 0; kg < keyGroups; kg++) {
      keys[kg] = keyspace.lease(kg);
    }
  }

  /**
   * Takes every key group for good (standalone mode: one dispatcher, no expiry). Cluster mode will
   * take a share with expiring leases instead.
   */
  public void acquireAll(TransactionRunner runner) {
    byte[][] values =
        runner.run(
            tx -> {
              byte[][] taken = new byte[held.length()][];
              for (int kg = 0; kg < held.length(); kg++) {
                taken[kg] = take(tx, kg);
              }
              return taken;
            });
    for (int kg = 0; kg < values.length; kg++) {
      install(kg, values[kg]);
    }
  }

  private byte[] take(Transaction tx, int keyGroup) {
    return take(tx, keyGroup, Long.MAX_VALUE);
  }

  /**
   * Writes this owner's lease on {@code keyGroup} in {@code tx} with the next epoch, reading the
   * current record (so a concurrent taker conflicts), and returns the new value; it counts only
   * once {@code tx} commits and the caller {@link #install}s it.
   */
  public byte[] take(Transaction tx, int keyGroup, long expiresAt) {
    byte[] key = keyspace.lease(keyGroup);
    long epoch = 0;
    byte[] current = tx.get(key);
    if (current != null) {
      epoch = parse(current).getEpoch();
    }
    byte[] value =
        LeaseRecord.newBuilder()
            .setOwner(owner)
            .setEpoch(epoch + 1)
            .setExpiresAt(expiresAt)
            .build()
            .toByteArray();
    tx.set(key, value);
    return value;
  }

  /**
   * Writes this owner's lease on {@code keyGroup} in {@code tx} with the epoch after {@code
   * expected}'s, fenced on {@code expected} (null: no record) instead of reading it: a round takes
   * a hundred groups in one commit, and a read each is a round trip each to a remote store.
   */
  public byte[] takeFrom(Transaction tx, int keyGroup, byte[] expected) {
    tx.requireValue(keys[keyGroup], expected);
    long epoch = expected == null ? 0 : parse(expected).getEpoch();
    byte[] value =
        LeaseRecord.newBuilder().setOwner(owner).setEpoch(epoch + 1).build().toByteArray();
    tx.set(keys[keyGroup], value);
    return value;
  }

  /** Starts fencing commits of {@code keyGroup} on {@code value}, a committed {@link #take}. */
  public void install(int keyGroup, byte[] value) {
    held.set(keyGroup, new Held(value.clone(), tenures.incrementAndGet()));
  }

  /** The lease value this table fences {@code keyGroup} on; null when not held. */
  public byte[] value(int keyGroup) {
    Held h = held.get(keyGroup);
    return h == null ? null : h.value.clone();
  }

  /** Adds the fence for {@code keyGroup} to {@code tx}; throws if the group is not held. */
  public void fence(Transaction tx, int keyGroup) {
    Held h = held.get(keyGroup);
    if (h == null) {
      throw new IllegalStateException("key group " + keyGroup + " is not held by " + owner);
    }
    tx.requireValue(keys[keyGroup], h.value);
  }

  /**
   * Adds the fence for {@code keyGroup} as held under {@code tenure} ({@link #tenure}, read when
   * the work was taken): a group lost and taken again since is held under a new value, and work
   * read before must not commit under it, since another holder may have done it meanwhile. Throws
   * {@code FENCED} then; 0 fences on what is held now.
   */
  public void fence(Transaction tx, int keyGroup, long tenure) {
    // One read of the holding for both the check and the value: read twice, a loss and a taking
    // in between would pass the check on the old holding and fence on the new value.
    Held h = held.get(keyGroup);
    if (h == null || (tenure != 0 && h.tenure != tenure)) {
      throw changedHands(keyGroup);
    }
    tx.requireValue(keys[keyGroup], h.value);
  }

  /** Throws {@code FENCED} unless {@link #holds(int, long)}. */
  public void check(int keyGroup, long tenure) {
    if (!holds(keyGroup, tenure)) {
      throw changedHands(keyGroup);
    }
  }

  private static StoreException changedHands(int keyGroup) {
    return new StoreException(
        StoreException.Code.FENCED,
        "key group " + keyGroup + " changed hands since its work was taken");
  }

  public boolean holds(int keyGroup) {
    return held.get(keyGroup) != null;
  }

  /** Whether {@code keyGroup} is held, under {@code tenure} unless that is 0. */
  public boolean holds(int keyGroup, long tenure) {
    Held h = held.get(keyGroup);
    return h != null && (tenure == 0 || h.tenure == tenure);
  }

  /** The key groups held now, in order. */
  public SortedSet<Integer> held() {
    SortedSet<Integer> groups = new TreeSet<>();
    for (int kg = 0; kg < held.length(); kg++) {
      if (held.get(kg) != null) {
        groups.add(kg);
      }
    }
    return groups;
  }

  /** The number of the current holding of {@code keyGroup}; 0 when not held. */
  public long tenure(int keyGroup) {
    Held h = held.get(keyGroup);
    return h == null ? 0 : h.tenure;
  }

  /** Forgets a key group after a commit was fenced off: someone else owns it now. */
  public void lost(int keyGroup) {
    held.set(keyGroup, null);
  }

  public long epoch(int keyGroup) {
    Held h = held.get(keyGroup);
    return h == null ? 0 : parse(h.value).getEpoch();
  }

  /** A lease value installed, and which holding of its group it is. */
  private record Held(byte[] value, long tenure) {}

  public String owner() {
    return owner;
  }

  /** Parses a stored lease value. */
  public static LeaseRecord parse(byte[] bytes) {
    try {
      return LeaseRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt lease record", e);
    }
  }
}
