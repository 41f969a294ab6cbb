package io.eventide.dispatcher.internal.processing;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.dispatcher.internal.eventtime.KeyGroupClock;
import io.eventide.dispatcher.internal.inbox.KeyGroupInbox;
import io.eventide.protocol.KeyGroupFloor;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;

/**
 * A shard's key groups' floors in the store (cluster mode): written by the holder, fenced on the
 * group's lease, whenever one moved; read by every dispatcher's sweep for functions fed by other
 * functions, and by the next holder to continue where this one stopped. See {@link
 * KeyGroupClock#floors}.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to its shard's thread, but for the completion of a write, which only sets a flag.
 */
final class KeyGroupFloors {
  private final Keyspace keyspace;
  private final Store store;
  private final LeaseTable leases;
  private final IntPredicate serves;
  private final Map<Integer, Map<String, Long>> written = new HashMap<>();
  private volatile CompletableFuture<?> writing = CompletableFuture.completedFuture(null);
  private volatile boolean lost;

  /** {@code serves}: the groups whose clocks were read afresh since they were taken. */
  KeyGroupFloors(Keyspace keyspace, Store store, LeaseTable leases, IntPredicate serves) {
    this.keyspace = keyspace;
    this.store = store;
    this.leases = leases;
    this.serves = serves;
  }

  /** Whether {@link #write} would write now: the last write is done. */
  boolean ready() {
    return writing.isDone();
  }

  /**
   * Writes the floors that moved since they were last written, in one transaction, unless the last
   * write is still under way (one at a time, so they land in order).
   */
  void write(
      Map<Integer, KeyGroupClock> clocks, Map<Integer, KeyGroupInbox> inboxes, InFlight inFlight) {
    if (!writing.isDone()) {
      return;
    }
    if (lost) {
      lost = false;
      written.clear();
    }
    Map<Integer, Map<String, Long>> moved = new HashMap<>();
    clocks.forEach(
        (kg, clock) -> {
          if (serves.test(kg)) {
            Map<String, Long> floors = clock.floors(inboxes.get(kg), inFlight.lowest(kg));
            if (!floors.isEmpty() && !floors.equals(written.get(kg))) {
              moved.put(kg, floors);
            }
          }
        });
    if (moved.isEmpty()) {
      return;
    }
    moved.forEach(written::put);
    // Not through the runner: its begin is a blocking round trip on the shard's thread, every
    // sweep. Written alone, the floors go in one call, and a failure needs no retry of its own.
    Transaction tx = store.beginWrites();
    CompletableFuture<?> commit;
    try {
      moved.forEach(
          (kg, floors) -> {
            leases.fence(tx, kg);
            tx.set(
                keyspace.keyGroupFloor(kg),
                KeyGroupFloor.newBuilder().putAllFloors(floors).build().toByteArray());
          });
      commit = tx.commitAsync();
    } catch (RuntimeException e) {
      commit = CompletableFuture.failedFuture(e);
    }
    writing =
        commit
            .whenComplete((ok, error) -> tx.close())
            .handle(
                (ok, error) -> {
                  // Fenced (a group moved: its next holder writes its floors) or the store failed:
                  // the next write carries every floor again.
                  if (error != null) {
                    lost = true;
                  }
                  return null;
                });
  }

  /** {@code keyGroup} changed hands: what was written for it is no longer known. */
  void reset(int keyGroup) {
    written.remove(keyGroup);
  }

  /**
   * The range holding {@code keyGroup}'s stored floors, its one key: a takeover reads it with the
   * group's timers and delayed messages in one round trip.
   */
  byte[][] range(int keyGroup) {
    byte[] key = keyspace.keyGroupFloor(keyGroup);
    return new byte[][] {key, Keys.concat(key, new byte[] {0})}; // the next key after it
  }

  /**
   * The floors a previous holder stored, read by {@link #range}, for {@link KeyGroupClock#resume}.
   */
  static Map<String, Long> of(List<KeyValue> rows) {
    return rows.isEmpty() ? Map.of() : parse(rows.get(0).value());
  }

  static Map<String, Long> parse(byte[] value) {
    try {
      return KeyGroupFloor.parseFrom(value).getFloorsMap();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt key group floor", e);
    }
  }

  /** The lowest watermark of a key group's entries and timers on their way to a commit. */
  interface InFlight {
    long lowest(int keyGroup);
  }
}
