package io.eventide.dispatcher.internal.cluster;

/**
 * Which holding ({@link LeaseTable#tenure}) a shard read each of its key groups under. A batch
 * stamps its messages with this one, not with the holding current when the batch is built: a group
 * lost and taken back before the shard heard of it is held under a new value, while the shard's
 * memory still has the entries it read under the old one, which another holder may have run
 * meanwhile. Their commit must fail {@code FENCED}, as it would have had the group not come back.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to its shard's thread; the lease table it reads is thread-safe.
 */
public final class ServedHoldings {
  private final LeaseTable leases;
  private final long[] readUnder;

  public ServedHoldings(LeaseTable leases, int keyGroups) {
    this.leases = leases;
    this.readUnder = new long[keyGroups];
  }

  /**
   * Records the holding of {@code keyGroup} before its entries are read from the store; false when
   * it is not held (lost again already: not to be served).
   */
  public boolean reading(int keyGroup) {
    readUnder[keyGroup] = leases.tenure(keyGroup);
    return readUnder[keyGroup] != 0;
  }

  /** The holding {@code keyGroup}'s entries in memory were read under; 0 when none. */
  public long stamp(int keyGroup) {
    return readUnder[keyGroup];
  }

  /** Whether {@code keyGroup} is still held under the holding its entries were read under. */
  public boolean current(int keyGroup) {
    long under = readUnder[keyGroup];
    return under != 0 && leases.holds(keyGroup, under);
  }

  /** Forgets {@code keyGroup}: nothing of it is in memory any more. */
  public void dropped(int keyGroup) {
    readUnder[keyGroup] = 0;
  }
}
