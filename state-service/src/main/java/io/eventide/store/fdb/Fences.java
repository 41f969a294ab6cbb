package io.eventide.store.fdb;

import com.apple.foundationdb.Database;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The fences ({@code requireValue}) of one transaction, and how its commit checks them.
 *
 * <p>At commit each fence key is read at the transaction's own read version, and the commit fails
 * {@code FENCED} when a value differs. The read goes through a second, read-only FoundationDB
 * transaction pinned to that read version rather than through the transaction itself, because a
 * transaction sees its own writes: a lease renewal that fences on the current lease and rewrites it
 * would otherwise check against its own new value. As the embedded backend does, the fence compares
 * against committed data only.
 *
 * <p>The transaction itself gets a read-conflict key on each fence, so a fence value changed by a
 * commit after the read version makes FoundationDB refuse the commit ({@code not_committed}). That
 * refusal is reported as {@code FENCED} rather than {@code CONFLICT} when a fresh read shows the
 * fence really no longer holds: a caller must not blindly retry work whose lease has moved on.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; owned by one transaction. The checks may complete on FoundationDB's threads.
 */
final class Fences {
  private record Fence(byte[] key, byte[] expected) {}

  private final List<Fence> fences = new ArrayList<>();

  /** Adds a fence; {@code key} as stored (root included), {@code expected == null} for absent. */
  void add(byte[] key, byte[] expected) {
    fences.add(new Fence(key.clone(), expected == null ? null : expected.clone()));
  }

  boolean isEmpty() {
    return fences.isEmpty();
  }

  /** Makes a later change of any fence key conflict with {@code tr}'s commit. */
  void addReadConflicts(com.apple.foundationdb.Transaction tr) {
    fences.forEach(f -> tr.addReadConflictKey(f.key()));
  }

  /**
   * Fails with {@code FENCED} unless every fence holds in the committed data at {@code
   * readVersion}.
   */
  CompletableFuture<Void> checkAt(Database db, long readVersion, long timeoutMillis) {
    return holdAt(db, readVersion, timeoutMillis)
        .thenAccept(
            hold -> {
              if (!hold) {
                throw new StoreException(
                    Code.FENCED, "a fence key no longer holds its expected value");
              }
            });
  }

  /** Whether every fence holds in the latest committed data. */
  CompletableFuture<Boolean> holdNow(Database db, long timeoutMillis) {
    return holdAt(db, -1, timeoutMillis);
  }

  private CompletableFuture<Boolean> holdAt(Database db, long readVersion, long timeoutMillis) {
    com.apple.foundationdb.Transaction reader = db.createTransaction();
    try {
      reader.options().setTimeout(timeoutMillis);
      if (readVersion >= 0) {
        reader.setReadVersion(readVersion);
      }
      List<CompletableFuture<Boolean>> checks = new ArrayList<>();
      for (Fence f : fences) {
        checks.add(
            reader.snapshot().get(f.key()).thenApply(value -> Arrays.equals(value, f.expected())));
      }
      return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
          .thenApply(done -> checks.stream().allMatch(CompletableFuture::join))
          .whenComplete((hold, error) -> reader.close());
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }
}
