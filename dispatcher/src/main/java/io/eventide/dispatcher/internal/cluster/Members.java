package io.eventide.dispatcher.internal.cluster;

import io.eventide.protocol.MemberRecord;
import io.eventide.store.KeyValue;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.List;

/**
 * The dispatchers of a cluster, as heartbeat records under {@code members/<node-id>}. A member is
 * live until the expiry its last heartbeat wrote; its cluster leases live exactly as long, so one
 * write per heartbeat renews all of them and the lease records (what commits are fenced on) never
 * change while their owner lives.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable.
 */
final class Members {
  private final Keyspace keyspace;

  Members(Keyspace keyspace) {
    this.keyspace = keyspace;
  }

  void heartbeat(Transaction tx, MemberRecord record) {
    tx.set(keyspace.member(record.getNodeId()), record.toByteArray());
  }

  /** Removes {@code nodeId}'s record, so its leases are free at once (a clean leave). */
  void leave(Transaction tx, String nodeId) {
    tx.clear(keyspace.member(nodeId));
  }

  /** The prefix every member record is under, for a read that takes it with other ranges. */
  byte[] prefix() {
    return keyspace.members();
  }

  /** Every member record, live or not, of {@code rows} read under {@link #prefix}. */
  static List<MemberRecord> all(List<KeyValue> rows) {
    List<MemberRecord> members = new ArrayList<>(rows.size());
    for (KeyValue kv : rows) {
      members.add(ClusterDirectory.parse(kv.value()));
    }
    return members;
  }
}
