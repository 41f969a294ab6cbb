package io.eventide.dispatcher.internal.inbox;

import io.eventide.store.Transaction;
import io.eventide.store.keyspace.LargeValues;

/**
 * A stored inbox chunk while its entries are in memory ({@link InboxChunks}): which of them
 * committed batches have consumed, and whether its mask may exist in the store.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to its shard's thread.
 */
public final class Chunk {
  final byte[] key;
  public final int keyGroup;

  /** Stored in parts under its key ({@link io.eventide.store.keyspace.LargeValues}). */
  private final boolean large;

  private final long full;

  /** Entries consumed by committed batches (or before this process loaded the chunk). */
  private long consumed;

  /** A commit has written, or may have written, the chunk's mask. */
  private boolean masked;

  /** A committed batch deleted the chunk. */
  private boolean deleted;

  public Chunk(byte[] key, int keyGroup, int size, long consumed, boolean large) {
    this.key = key;
    this.keyGroup = keyGroup;
    this.large = large;
    this.full = InboxChunks.full(size);
    this.consumed = consumed;
    this.masked = consumed != 0;
  }

  /** Every entry's consumption has committed, yet no commit deleted the chunk: a later one must. */
  public boolean leftover() {
    return consumed == full && !deleted;
  }

  /**
   * Writes into {@code commit} that the entries {@code bits} are consumed: deletes the chunk when
   * every other entry's consumption has committed, else adds the bits to its mask; true when it
   * deleted. Bits of commits still in flight are not counted, so the failure of a commit ahead can
   * never take its entries away with the chunk.
   */
  public boolean consume(Transaction tx, long bits) {
    if ((consumed | bits) == full) {
      delete(tx);
      return true;
    }
    tx.add(InboxChunks.maskKey(key), bits);
    masked = true;
    return false;
  }

  public void delete(Transaction tx) {
    LargeValues.clear(tx, key, large);
    if (masked) {
      tx.clear(InboxChunks.maskKey(key));
    }
  }

  /**
   * The commit that consumed {@code bits}, and deleted the chunk if {@code deleted}, is durable.
   */
  public void committed(long bits, boolean deleted) {
    consumed |= bits;
    this.deleted |= deleted;
  }
}
