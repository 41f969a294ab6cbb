package io.eventide.dispatcher.internal.egress;

import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.time.Duration;

/**
 * What every deliverer of a dispatcher shares.
 *
 * @param leases whose key groups decide which egresses this dispatcher delivers, and fence its
 *     progress commits
 */
record DeliveryParts(
    Store store,
    TransactionRunner runner,
    Keyspace keyspace,
    LeaseTable leases,
    EgressConfigs configs,
    OutboxPages pages,
    Sinks sinks,
    DeliveryMetrics metrics,
    Options options) {

  /**
   * Page bounds, the backoff of a failing sink, and how often an idle deliverer looks for records.
   */
  record Options(
      int pageRecords,
      long pageBytes,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration idlePoll) {
    static final Options DEFAULTS =
        new Options(
            500, 4 << 20, Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMillis(50));
  }
}
