package io.eventide.store.fdb;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The FoundationDB cluster that tests needing one use, or a skip saying how to get one.
 *
 * <ul>
 *   <li>A cluster file configured with {@code -Dfdb.cluster.file} or {@code FDB_CLUSTER_FILE} is
 *       used, and a client library that does not load then fails the tests: asked-for coverage must
 *       not vanish silently.
 *   <li>Otherwise {@code /etc/foundationdb/fdb.cluster} is used if it exists and the client loads.
 *   <li>Otherwise the tests are skipped with a message naming what to install or set.
 * </ul>
 */
final class FdbTestCluster {
  private FdbTestCluster() {}

  /** The cluster file to test against; aborts the calling test (skipped) when there is none. */
  static Path require() {
    Optional<Path> configured = FdbClusterFile.configured();
    if (configured.isPresent()) {
      return configured.get();
    }
    boolean hasDefault = Files.exists(FdbClusterFile.DEFAULT);
    Optional<String> clientProblem = hasDefault ? FdbApi.unavailableReason() : Optional.empty();
    assumeTrue(
        hasDefault && clientProblem.isEmpty(),
        () ->
            hasDefault
                ? "FoundationDB tests skipped: "
                    + FdbClusterFile.DEFAULT
                    + " exists but "
                    + clientProblem.get()
                : "FoundationDB tests skipped: no cluster file. Run a FoundationDB 7.3 cluster, install its"
                    + " client package (libfdb_c.so), and set -D"
                    + FdbClusterFile.PROPERTY
                    + "=<path> or "
                    + FdbClusterFile.ENVIRONMENT
                    + ", or install FoundationDB locally so that "
                    + FdbClusterFile.DEFAULT
                    + " exists");
    return FdbClusterFile.DEFAULT;
  }
}
