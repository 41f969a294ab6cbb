package io.eventide.worker.testing;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.KeyValue;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.util.Random;

/**
 * Writes garbage over a deployment's stored jar through the store API, as a damaged disk or a
 * careless tool would, to show that nothing but the workers reads a jar and that they skip it.
 *
 * <pre>{@code
 * DamagedJars.garble(store, keyspace, info.id());   // parts still read, as bytes that are no jar
 * DamagedJars.tear(store, keyspace, info.id());     // reading the parts fails as torn
 * }</pre>
 */
public final class DamagedJars {
  private DamagedJars() {}

  /**
   * Random bytes of the same length over every chunk, headers kept: the jar reads back as noise.
   */
  public static void garble(Store store, Keyspace keyspace, String deploymentId) {
    overwrite(store, keyspace, deploymentId, false);
  }

  /** Random bytes over every chunk and every part's header: reading the jar fails as torn. */
  public static void tear(Store store, Keyspace keyspace, String deploymentId) {
    overwrite(store, keyspace, deploymentId, true);
  }

  private static void overwrite(
      Store store, Keyspace keyspace, String deploymentId, boolean headers) {
    Random random = new Random(deploymentId.hashCode()); // the same garbage on every run
    byte[] prefix = keyspace.jar(deploymentId);
    try (TransactionRunner runner = new TransactionRunner(store)) {
      int written =
          runner.run(
              tx -> {
                int count = 0;
                for (KeyValue entry : tx.getPrefix(prefix, 0)) {
                  Tuple key = Tuple.fromBytes(entry.key());
                  boolean header = "h".equals(key.get(key.size() - 1));
                  if (headers || !header) {
                    byte[] garbage = new byte[entry.value().length];
                    random.nextBytes(garbage);
                    tx.set(entry.key(), garbage);
                    count++;
                  }
                }
                return count;
              });
      if (written == 0) {
        throw new IllegalStateException(
            "deployment " + deploymentId + " has no stored jar to damage");
      }
    }
  }
}
