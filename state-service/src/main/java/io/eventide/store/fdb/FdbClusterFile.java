package io.eventide.store.fdb;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the cluster file of the FoundationDB backend is configured: the system property {@value
 * #PROPERTY}, else the environment variable {@value #ENVIRONMENT} (FoundationDB's own name for it).
 * A command-line flag such as {@code --fdb-cluster-file} takes precedence over both and is passed
 * to {@link FdbStore#open} directly.
 *
 * <pre>{@code
 * Path clusterFile = FdbClusterFile.configured().orElse(FdbClusterFile.DEFAULT);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
public final class FdbClusterFile {
  public static final String PROPERTY = "fdb.cluster.file";
  public static final String ENVIRONMENT = "FDB_CLUSTER_FILE";

  /** Where the FoundationDB packages put the cluster file on Linux. */
  public static final Path DEFAULT = Path.of("/etc/foundationdb/fdb.cluster");

  private FdbClusterFile() {}

  /** The explicitly configured cluster file, or empty. */
  public static Optional<Path> configured() {
    return configured(System::getProperty, System::getenv);
  }

  static Optional<Path> configured(
      UnaryOperator<String> properties, UnaryOperator<String> environment) {
    for (String value : new String[] {properties.apply(PROPERTY), environment.apply(ENVIRONMENT)}) {
      if (value != null && !value.isBlank()) {
        return Optional.of(Path.of(value.strip()));
      }
    }
    return Optional.empty();
  }
}
