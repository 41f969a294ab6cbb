package io.eventide.store.remote;

import io.eventide.protocol.StoreOp;
import io.eventide.store.CommitResult;
import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.Transaction;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server's side of one client transaction: a real transaction of the served store, onto which
 * the client's buffered writes are replayed in order before each read and before the commit.
 *
 * <p>Once a replay fails, the session refuses every later read and the commit with that error: the
 * transaction no longer holds all the client's writes, so it must never commit.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Calls are serialized on the session, so the transaction has one user at a time even
 * when the expiry or the server's shutdown ends the session during a call (they wait for it).
 */
final class Session {
  private final long id;
  private final Transaction tx;
  private final Runnable onFinish;
  private final AtomicBoolean finished = new AtomicBoolean();
  private StoreException poisoned; // a replay failed
  private StoreException ended; // why calls are no longer served
  private Future<?> expiry;

  Session(long id, Transaction tx, Runnable onFinish) {
    this.id = id;
    this.tx = tx;
    this.onFinish = onFinish;
  }

  long id() {
    return id;
  }

  long readVersion() {
    return tx.readVersion();
  }

  synchronized void expireWith(Future<?> timer) {
    this.expiry = timer;
  }

  synchronized void apply(List<StoreOp> ops) {
    replay(ops);
  }

  synchronized byte[] get(List<StoreOp> ops, byte[] key, boolean snapshot) {
    replay(ops);
    return view(snapshot).get(key);
  }

  synchronized List<KeyValue> getRange(
      List<StoreOp> ops, byte[] begin, byte[] end, int limit, boolean reverse, boolean snapshot) {
    replay(ops);
    return view(snapshot).getRange(begin, end, limit, reverse);
  }

  /**
   * Reads ranges in order, up to {@code limit} keys each ({@code 0}: whole), until the next would
   * take the answer past {@code maxBytes}: a prefix of {@code ranges}, empty when the first alone
   * is larger (stream that one with {@link #getRange}).
   */
  synchronized List<List<KeyValue>> getRanges(
      List<StoreOp> ops, List<byte[][]> ranges, int limit, boolean snapshot, long maxBytes) {
    replay(ops);
    if (limit >= 0 && allKeysAlone(ranges)) {
      return pointReads(ranges, snapshot, maxBytes);
    }
    List<List<KeyValue>> read = new java.util.ArrayList<>(ranges.size());
    long bytes = 0;
    for (byte[][] range : ranges) {
      List<KeyValue> entries = view(snapshot).getRange(range[0], range[1], limit, false);
      for (KeyValue kv : entries) {
        bytes += kv.key().length + kv.value().length;
      }
      if (bytes > maxBytes) {
        break;
      }
      read.add(entries);
    }
    return read;
  }

  /**
   * Whether each range holds one key only, {@code [key, key + 0x00)}: a client's {@code getMany}.
   */
  private static boolean allKeysAlone(List<byte[][]> ranges) {
    for (byte[][] range : ranges) {
      byte[] begin = range[0];
      byte[] end = range[1];
      if (end.length != begin.length + 1
          || end[begin.length] != 0
          || !java.util.Arrays.equals(begin, 0, begin.length, end, 0, begin.length)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Ranges of one key each, read as the point reads they are ({@link ReadView#getMany}: one {@code
   * MultiGet} on the embedded store, where a range read opens an iterator per key), with the same
   * read conflicts, and cut where the replies pass {@code maxBytes} as a range read is.
   */
  private List<List<KeyValue>> pointReads(List<byte[][]> ranges, boolean snapshot, long maxBytes) {
    List<byte[]> keys = new java.util.ArrayList<>(ranges.size());
    ranges.forEach(range -> keys.add(range[0]));
    List<byte[]> values = view(snapshot).getMany(keys);
    List<List<KeyValue>> read = new java.util.ArrayList<>(ranges.size());
    long bytes = 0;
    for (int i = 0; i < keys.size(); i++) {
      byte[] value = values.get(i);
      if (value == null) {
        read.add(List.of());
        continue;
      }
      bytes += keys.get(i).length + value.length;
      if (bytes > maxBytes) {
        break;
      }
      read.add(List.of(new KeyValue(keys.get(i), value)));
    }
    return read;
  }

  /** Replays the last writes and commits; the session is finished when the commit completes. */
  synchronized CompletableFuture<CommitResult> commit(List<StoreOp> ops) {
    try {
      replay(ops);
    } catch (RuntimeException e) {
      end(new StoreException(Code.INVALID, "transaction failed before its commit"));
      throw e;
    }
    ended = new StoreException(Code.INVALID, "transaction is committing");
    cancelExpiry();
    CompletableFuture<CommitResult> commit;
    try {
      commit = tx.commitAsync();
    } catch (
        RuntimeException
            e) { // the SPI promises a failed future; a backend that throws still gets finished
      commit = CompletableFuture.failedFuture(e);
    }
    return commit.whenComplete((result, error) -> finish());
  }

  /** Ends the session without a commit: later calls fail with {@code reason}. Idempotent. */
  synchronized void end(StoreException reason) {
    if (ended == null) {
      ended = reason;
      cancelExpiry();
      finish();
    }
  }

  private void replay(List<StoreOp> ops) {
    if (ended != null) {
      throw copy(ended);
    }
    if (poisoned != null) {
      throw copy(poisoned);
    }
    try {
      for (StoreOp op : ops) {
        Ops.replay(op, tx);
      }
    } catch (RuntimeException e) {
      StoreException cause = StoreException.unwrap(e);
      poisoned =
          cause != null ? cause : new StoreException(Code.IO, "replaying writes failed: " + e, e);
      throw poisoned;
    }
  }

  private ReadView view(boolean snapshot) {
    return snapshot ? tx.snapshot() : tx;
  }

  private void cancelExpiry() {
    if (expiry != null) {
      expiry.cancel(false);
    }
  }

  // Runs once: on end, or when the commit completes (then on the store's completing thread).
  private void finish() {
    if (finished.compareAndSet(false, true)) {
      try {
        tx.close();
      } finally {
        onFinish.run();
      }
    }
  }

  private static StoreException copy(StoreException e) {
    return new StoreException(e.code(), e.getMessage());
  }
}
