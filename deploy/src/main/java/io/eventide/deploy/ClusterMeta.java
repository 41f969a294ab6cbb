package io.eventide.deploy;

import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Cluster-wide settings fixed when the data is created. */
final class ClusterMeta {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterMeta.class);

  private ClusterMeta() {}

  /**
   * The key-group count: the stored one if the data exists (inboxes are laid out by it, so it can
   * never change), else {@code requested}, which is stored.
   */
  static int keyGroups(Store store, Keyspace keyspace, int requested) {
    try (TransactionRunner runner = new TransactionRunner(store)) {
      int groups =
          runner.run(
              tx -> {
                byte[] key = keyspace.meta("key-groups");
                byte[] stored = tx.get(key);
                if (stored != null) {
                  return ByteBuffer.wrap(stored).getInt();
                }
                tx.set(key, ByteBuffer.allocate(4).putInt(requested).array());
                return requested;
              });
      if (groups != requested) {
        LOG.warn(
            "this data dir was created with {} key groups; keeping {} (asked for {})",
            groups,
            groups,
            requested);
      }
      return groups;
    }
  }
}
