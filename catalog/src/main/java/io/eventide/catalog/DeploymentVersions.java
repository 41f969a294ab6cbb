package io.eventide.catalog;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.protocol.DeploymentRecord;
import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The replaced versions of each deployment, kept for rollback: the record under {@code
 * deployment-versions/<name>/<version>}, its jar left where it was, under {@code jars/<id>}. Only
 * records under {@code deployments/} are served; these are history. They are written, trimmed and
 * removed in the transactions of the deploys and deletes that cause it, so the kept versions and
 * their jars never disagree.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; every method works in the caller's transaction.
 */
final class DeploymentVersions {
  private final Keyspace keyspace;

  DeploymentVersions(Keyspace keyspace) {
    this.keyspace = keyspace;
  }

  /** Keeps {@code replaced}, the version a deploy of its name replaces. */
  void keep(Transaction tx, DeploymentRecord replaced) {
    tx.set(
        keyspace.deploymentVersion(replaced.getName(), replaced.getVersion()),
        replaced.toByteArray());
  }

  /** The highest kept version of {@code name}; 0 when none is kept. */
  int latest(ReadView view, String name) {
    byte[] prefix = keyspace.deploymentVersions(name);
    List<KeyValue> last = view.getRange(prefix, Keyspace.end(prefix), 1, true);
    return last.isEmpty() ? 0 : (int) keyspace.unpack(last.get(0).key()).getLong(2);
  }

  /** The kept versions of {@code name}, oldest first; unreadable ones are left out. */
  List<DeploymentRecord> list(ReadView view, String name) {
    List<DeploymentRecord> records = new ArrayList<>();
    for (KeyValue row : view.getPrefix(keyspace.deploymentVersions(name), 0)) {
      try {
        records.add(DeploymentRecord.parseFrom(row.value()));
      } catch (InvalidProtocolBufferException e) {
        // A damaged record is not offered for rollback; trim still removes it by its key.
      }
    }
    return records;
  }

  /** Removes the oldest kept versions of {@code name} beyond {@code keep}, with their jars. */
  void trim(Transaction tx, String name, int keep, BiConsumer<Transaction, String> clearJar) {
    List<KeyValue> rows = tx.getPrefix(keyspace.deploymentVersions(name), 0);
    for (int i = 0; i < rows.size() - keep; i++) {
      KeyValue row = rows.get(i);
      tx.clear(row.key());
      try {
        clearJar.accept(tx, DeploymentRecord.parseFrom(row.value()).getId());
      } catch (InvalidProtocolBufferException e) {
        // Its jar cannot be named; the record goes, so it is at least no longer offered.
      }
    }
  }
}
