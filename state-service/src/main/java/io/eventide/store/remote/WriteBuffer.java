package io.eventide.store.remote;

import io.eventide.protocol.StoreOp;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.WriteBudget;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes a client transaction has not yet sent, in call order. It enforces the SPI's limits at
 * the write call, counting bytes exactly as the embedded backend does, so that a write the client
 * accepts is one the server's transaction accepts on replay, and {@code approximateSize} agrees.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; owned by one transaction.
 */
final class WriteBuffer {
  private static final int VERSIONSTAMP_BYTES =
      13; // tuple code, 10-byte stamp, 2-byte user version

  private List<StoreOp> pending = new ArrayList<>();
  private final WriteBudget budget = new WriteBudget();

  void set(byte[] key, byte[] value) {
    budget.checkKey(key.length);
    budget.checkValue(value.length);
    budget.spend(key.length + value.length);
    pending.add(Ops.set(key, value));
  }

  void clear(byte[] key) {
    budget.checkKey(key.length);
    budget.spend(key.length);
    pending.add(Ops.clear(key));
  }

  void clearRange(byte[] begin, byte[] end) {
    budget.checkKey(begin.length);
    budget.checkKey(end.length);
    budget.spend(begin.length + end.length);
    pending.add(Ops.clearRange(begin, end));
  }

  void add(byte[] key, long delta) {
    budget.checkKey(key.length);
    budget.spend(key.length + Long.BYTES);
    pending.add(Ops.add(key, delta));
  }

  void setVersionstampedKey(byte[] prefix, int userVersion, byte[] suffix, byte[] value) {
    if (userVersion < 0 || userVersion > 0xffff) {
      throw new StoreException(Code.INVALID, "userVersion " + userVersion + " must be in 0..65535");
    }
    int keyLength = prefix.length + VERSIONSTAMP_BYTES + suffix.length;
    budget.checkKey(keyLength);
    budget.checkValue(value.length);
    budget.spend(keyLength + value.length);
    pending.add(Ops.setVersionstampedKey(prefix, userVersion, suffix, value));
  }

  /** Fences and read conflicts count against no limit, as on the embedded backend. */
  void requireValue(byte[] key, byte[] expected) {
    pending.add(Ops.requireValue(key, expected));
  }

  void addReadConflictRange(byte[] begin, byte[] end) {
    pending.add(Ops.addReadConflictRange(begin, end));
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }

  /** Bytes written so far, as counted against the transaction limit. */
  long size() {
    return budget.spent();
  }

  /**
   * Hands over everything pending, in order, as batches of about {@link WireLimits#BATCH_BYTES};
   * there is always at least one batch (perhaps empty), the one that rides along with the call.
   */
  List<List<StoreOp>> drain() {
    List<List<StoreOp>> batches = new ArrayList<>();
    List<StoreOp> batch = new ArrayList<>();
    long batchBytes = 0;
    for (StoreOp op : pending) {
      int opBytes = op.getSerializedSize();
      if (!batch.isEmpty() && batchBytes + opBytes > WireLimits.BATCH_BYTES) {
        batches.add(batch);
        batch = new ArrayList<>();
        batchBytes = 0;
      }
      batch.add(op);
      batchBytes += opBytes;
    }
    batches.add(batch);
    pending = new ArrayList<>();
    return batches;
  }
}
