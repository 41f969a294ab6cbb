package io.eventide.deploy;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --store} and {@code --fdb-cluster-file}: where everything durable lives. */
final class StoreOptions {
  @Option(
      names = "--store",
      defaultValue = "${env:EVENTIDE_STORE}",
      description =
          "Where everything durable lives: rocksdb (embedded, under --data-dir; standalone only, and its"
              + " default), remote:HOST:PORT (an 'eventide state-service'), fdb:CLUSTER_FILE or fdb (FoundationDB)"
              + " (env EVENTIDE_STORE; the cluster roles require it).")
  String store;

  @Option(
      names = "--fdb-cluster-file",
      defaultValue = "${env:FDB_CLUSTER_FILE}",
      description = "FoundationDB cluster file for --store fdb (env FDB_CLUSTER_FILE).")
  Path fdbClusterFile;

  /** The store given, the embedded one when none is. */
  StoreSpec any(CommandSpec spec) {
    try {
      return StoreSpec.parse(store, fdbClusterFile);
    } catch (IllegalArgumentException e) {
      throw Usage.error(spec, e);
    }
  }

  /** The store given, which must be one several processes can share: the embedded one cannot. */
  StoreSpec shared(CommandSpec spec) {
    if (store == null || store.isBlank()) {
      throw Usage.error(
          spec,
          "--store is required: remote:HOST:PORT (an 'eventide state-service') or fdb:CLUSTER_FILE");
    }
    StoreSpec parsed = any(spec);
    if (parsed.backend().equals("rocksdb")) {
      throw Usage.error(
          spec, "--store must be one the roles share: remote:HOST:PORT or fdb:CLUSTER_FILE");
    }
    return parsed;
  }
}
