package io.eventide.store.rocksdb;

import com.apple.foundationdb.tuple.Versionstamp;
import io.eventide.store.CommitResult;
import io.eventide.store.Keys;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Resolves and applies one commit group, transaction by transaction in queue order: conflict check,
 * fences, version and versionstamp, then the mutations into the group's single WriteBatch.
 *
 * <p>Adds and fences need the latest value, which may have been written by an earlier transaction
 * of the same group; those keys (known up front) are tracked in an overlay so that reading them
 * never needs the not-yet-written batch.
 *
 * <h2>Thread safety</h2>
 *
 * Committer thread only; one instance per group.
 */
final class GroupBuilder {
  private static final byte[] TOMBSTONE = new byte[0];
  static final byte VERSIONSTAMP_CODE = 0x33;

  private final RocksResources rocks;
  private final ConflictHistory history;
  private final WriteBatch batch;
  private final GroupWrites writes = new GroupWrites();
  private final Set<ByteBuffer> tracked = new HashSet<>();

  /** The lengths of the tracked keys: most written keys have another length and skip hashing. */
  private final BitSet trackedLengths = new BitSet();

  private final TreeMap<byte[], byte[]> overlay = new TreeMap<>(Keys::compare);
  private final RangeSet groupClears = new RangeSet();
  private long version;
  private int order;

  GroupBuilder(
      RocksResources rocks,
      ConflictHistory history,
      WriteBatch batch,
      long lastVersion,
      List<PendingCommit> group) {
    this.rocks = rocks;
    this.history = history;
    this.batch = batch;
    this.version = lastVersion;
    for (PendingCommit p : group) {
      p.fences().forEach(f -> track(f.key()));
      for (Mutation m : p.mutations()) {
        if (m instanceof Mutation.Add add) {
          track(add.key());
        }
      }
    }
  }

  /** Resolves {@code p}; on success its writes join the batch and its result is returned. */
  CommitResult add(PendingCommit p) throws RocksDBException {
    if (history.tooOld(p.readVersion())) {
      throw new StoreException(
          Code.TOO_OLD, "read version " + p.readVersion() + " is older than the conflict history");
    }
    if (writes.intersectsAny(p.readRanges())
        || history.conflicts(p.readVersion(), p.readRanges())) {
      throw new StoreException(
          Code.CONFLICT, "a key read at version " + p.readVersion() + " was written since");
    }
    for (PendingCommit.Fence fence : p.fences()) {
      if (!Arrays.equals(latest(fence.key()), fence.expected())) {
        throw new StoreException(Code.FENCED, "fence key no longer holds the expected value");
      }
    }
    long commitVersion = ++version;
    byte[] stamp = ByteBuffer.allocate(10).putLong(commitVersion).putShort((short) order++).array();
    for (Mutation m : p.mutations()) {
      apply(m, stamp);
    }
    writes.newestVersion = commitVersion;
    return new CommitResult(commitVersion, stamp);
  }

  long lastVersion() {
    return version;
  }

  GroupWrites writes() {
    return writes;
  }

  private void apply(Mutation m, byte[] stamp) throws RocksDBException {
    if (m instanceof Mutation.Set s) {
      put(s.key(), s.value());
    } else if (m instanceof Mutation.Clear c) {
      batch.delete(rocks.familyOf(c.key()), c.key());
      writes.addKey(c.key());
      track(c.key(), TOMBSTONE);
    } else if (m instanceof Mutation.ClearRange r) {
      clearRange(r.begin(), r.end());
      writes.addClear(r.begin(), r.end());
      groupClears.add(r.begin(), r.end());
      overlay.subMap(r.begin(), true, r.end(), false).clear();
    } else if (m instanceof Mutation.Add a) {
      put(a.key(), Bytes.addLittleEndian(latest(a.key()), a.delta()));
    } else if (m instanceof Mutation.VersionstampedSet v) {
      put(versionstampedKey(v, stamp), v.value());
    }
  }

  private void put(byte[] key, byte[] value) throws RocksDBException {
    batch.put(rocks.familyOf(key), key, value);
    writes.addKey(key);
    track(key, value);
  }

  /** Clears the range in its family, or in every family when it spans them. */
  private void clearRange(byte[] begin, byte[] end) throws RocksDBException {
    int family = KeyFamilies.ofRange(begin, end);
    if (family != KeyFamilies.MIXED) {
      batch.deleteRange(rocks.family(family), begin, end);
      return;
    }
    for (int f = 0; f < KeyFamilies.NAMES.size(); f++) {
      batch.deleteRange(rocks.family(f), begin, end);
    }
  }

  private void track(byte[] key) {
    tracked.add(ByteBuffer.wrap(key));
    trackedLengths.set(key.length);
  }

  private void track(byte[] key, byte[] value) {
    // Every key a group writes passes here; hashing it only when its length matches saves a
    // pass over the bytes for nearly all of them (tracked keys are a few fences and counters).
    if (trackedLengths.get(key.length) && tracked.contains(ByteBuffer.wrap(key))) {
      overlay.put(key, value);
    }
  }

  /** The value of a tracked key after every transaction accepted so far in this group. */
  private byte[] latest(byte[] key) throws RocksDBException {
    byte[] local = overlay.get(key);
    if (local != null) {
      return local == TOMBSTONE ? null : local;
    }
    if (groupClears.contains(key)) {
      return null;
    }
    return rocks.db.get(rocks.familyOf(key), key);
  }

  static byte[] versionstampedKey(Mutation.VersionstampedSet v, byte[] stamp) {
    byte[] element = Versionstamp.complete(stamp, v.userVersion()).getBytes();
    return ByteBuffer.allocate(v.prefix().length + 1 + element.length + v.suffix().length)
        .put(v.prefix())
        .put(VERSIONSTAMP_CODE)
        .put(element)
        .put(v.suffix())
        .array();
  }
}
