package io.eventide.dispatcher.internal.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.protocol.LeaseRecord;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
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
  private final AtomicReferenceArray<byte[]> held;
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
      held.set(kg, values[kg]);
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
    held.set(keyGroup, value.clone());
  }

  /** The lease value this table fences {@code keyGroup} on; null when not held. */
  public byte[] value(int keyGroup) {
    byte[] value = held.get(keyGroup);
    return value == null ? null : value.clone();
  }

  /** Adds the fence for {@code keyGroup} to {@code tx}; throws if the group is not held. */
  public void fence(Transaction tx, int keyGroup) {
    byte[] value = held.get(keyGroup);
    if (value == null) {
      throw new IllegalStateException("key group " + keyGroup + " is not held by " + owner);
    }
    tx.requireValue(keys[keyGroup], value);
  }

  public boolean holds(int keyGroup) {
    return held.get(keyGroup) != null;
  }

  /** Forgets a key group after a commit was fenced off: someone else owns it now. */
  public void lost(int keyGroup) {
    held.set(keyGroup, null);
  }

  public long epoch(int keyGroup) {
    byte[] value = held.get(keyGroup);
    return value == null ? 0 : parse(value).getEpoch();
  }

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
