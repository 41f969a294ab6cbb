package io.eventide.deploy;

import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.fdb.FdbStore;
import io.eventide.store.remote.RemoteStoreOptions;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which store a node runs on, from {@code --store}: {@code rocksdb} (embedded, under the data dir;
 * the default), {@code remote:HOST:PORT} (an {@code eventide state-service} process), or {@code
 * fdb:CLUSTER_FILE} (FoundationDB; plain {@code fdb} takes the file from {@code --fdb-cluster-file}
 * / {@code FDB_CLUSTER_FILE}).
 *
 * <pre>{@code
 * Store store = StoreSpec.parse("remote:127.0.0.1:7073", null).open(dataDir);
 * }</pre>
 *
 * @param backend {@code rocksdb}, {@code remote} or {@code fdb}
 * @param host the state-service's host ({@code remote} only)
 * @param port the state-service's gRPC port ({@code remote} only)
 * @param clusterFile FoundationDB's cluster file ({@code fdb} only)
 */
public record StoreSpec(String backend, String host, int port, Path clusterFile) {
  /** The embedded store. */
  public static final StoreSpec ROCKSDB = new StoreSpec("rocksdb", null, 0, null);

  public StoreSpec {
    Objects.requireNonNull(backend, "backend");
  }

  /** Parses {@code --store}; {@code clusterFile} is {@code --fdb-cluster-file}, null when unset. */
  public static StoreSpec parse(String value, Path clusterFile) {
    String spec = value == null || value.isBlank() ? "rocksdb" : value.trim();
    if (spec.equals("rocksdb")) {
      return ROCKSDB;
    }
    if (spec.equals("fdb")) {
      if (clusterFile == null) {
        throw new IllegalArgumentException(
            "--store fdb needs --fdb-cluster-file (or FDB_CLUSTER_FILE)");
      }
      return new StoreSpec("fdb", null, 0, clusterFile);
    }
    if (spec.startsWith("fdb:") && spec.length() > "fdb:".length()) {
      return new StoreSpec("fdb", null, 0, Path.of(spec.substring("fdb:".length())));
    }
    if (spec.startsWith("remote:")) {
      String address = spec.substring("remote:".length());
      int colon = address.lastIndexOf(':');
      if (colon <= 0 || colon == address.length() - 1) {
        throw new IllegalArgumentException(
            "--store remote needs HOST:PORT, as in remote:127.0.0.1:7073; got '" + spec + "'");
      }
      int port;
      try {
        port = Integer.parseInt(address.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--store " + spec + ": the port must be a number", e);
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("--store " + spec + ": the port must be 1..65535");
      }
      return new StoreSpec("remote", address.substring(0, colon), port, null);
    }
    throw new IllegalArgumentException(
        "--store must be rocksdb, remote:HOST:PORT, fdb:CLUSTER_FILE or fdb; got '" + spec + "'");
  }

  /** Opens the store; the embedded one lives under {@code dataDir/store}. */
  public Store open(Path dataDir) {
    return open(dataDir, InsecureChannelCredentials.create());
  }

  /** {@link #open(Path)}, dialling a state-service with {@code credentials}. */
  public Store open(Path dataDir, ChannelCredentials credentials) {
    return switch (backend) {
      case "remote" ->
          Stores.remote(host, port, RemoteStoreOptions.defaults().withCredentials(credentials));
      case "fdb" -> FdbStore.open(clusterFile);
      default -> Stores.rocksdb(dataDir.resolve("store"));
    };
  }

  @Override
  public String toString() {
    return switch (backend) {
      case "remote" -> "remote:" + host + ":" + port;
      case "fdb" -> "fdb:" + clusterFile;
      default -> "rocksdb";
    };
  }
}
