package io.eventide.deploy;

import io.eventide.dispatcher.api.RemoteOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Options every cluster role shares: the store they meet in, who this process is, where peers
 * reach it, and the timeouts of the calls between roles.
 */
final class RoleOptions {
  @Option(names = "--store", defaultValue = "${env:EVENTIDE_STORE}",
      description = "The cluster's store: remote:HOST:PORT (an 'eventide state-service') or fdb:CLUSTER_FILE"
          + " (env EVENTIDE_STORE; required).")
  String store;

  @Option(names = "--fdb-cluster-file", defaultValue = "${env:FDB_CLUSTER_FILE}",
      description = "FoundationDB cluster file for --store fdb (env FDB_CLUSTER_FILE).")
  Path fdbClusterFile;

  @Option(names = "--node-id", defaultValue = "${env:EVENTIDE_NODE_ID}",
      description = "This process's id in the cluster (env EVENTIDE_NODE_ID; default: generated).")
  String nodeId;

  @Option(names = "--host", defaultValue = "${env:EVENTIDE_HOST:-127.0.0.1}",
      description = "Bind address (env EVENTIDE_HOST; default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--advertise", defaultValue = "${env:EVENTIDE_ADVERTISE}",
      description = "HOST:PORT peers reach this process at (env EVENTIDE_ADVERTISE; default: --host and the bound"
          + " port; required when --host is a wildcard address).")
  String advertise;

  @Option(names = "--key-groups", defaultValue = "${env:EVENTIDE_KEY_GROUPS:-256}",
      description = "Key groups, when this process is the first on a new store; the stored count wins after"
          + " (env EVENTIDE_KEY_GROUPS; default ${DEFAULT-VALUE}).")
  int keyGroups;

  @Option(names = "--lease-ttl", defaultValue = "${env:EVENTIDE_LEASE_TTL:-10s}", converter = DurationConverter.class,
      description = "How long this process's membership (a dispatcher's: and its key groups) outlives its last"
          + " heartbeat; about the failover time after a crash (env EVENTIDE_LEASE_TTL; default ${DEFAULT-VALUE}).")
  Duration leaseTtl;

  @Option(names = "--request-timeout", defaultValue = "${env:EVENTIDE_REQUEST_TIMEOUT:-10s}",
      converter = DurationConverter.class,
      description = "Deadline of one request to a dispatcher; calls add their own timeout"
          + " (env EVENTIDE_REQUEST_TIMEOUT; default ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(names = "--invoke-timeout", defaultValue = "${env:EVENTIDE_INVOKE_TIMEOUT:-10s}",
      converter = DurationConverter.class,
      description = "Deadline of one invocation batch at one worker before it is retried on another"
          + " (env EVENTIDE_INVOKE_TIMEOUT; default ${DEFAULT-VALUE}).")
  Duration invokeTimeout;

  @Option(names = "--attempts", defaultValue = "${env:EVENTIDE_ATTEMPTS:-4}",
      description = "Attempts per request between roles, with exponential backoff and jitter"
          + " (env EVENTIDE_ATTEMPTS; default ${DEFAULT-VALUE}).")
  int attempts;

  @Option(names = "--breaker-open-for", defaultValue = "${env:EVENTIDE_BREAKER_OPEN_FOR:-2s}",
      converter = DurationConverter.class,
      description = "How long a failing peer's circuit stays open (env EVENTIDE_BREAKER_OPEN_FOR;"
          + " default ${DEFAULT-VALUE}).")
  Duration breakerOpenFor;

  @Option(names = "--directory-refresh", defaultValue = "${env:EVENTIDE_DIRECTORY_REFRESH:-1s}",
      converter = DurationConverter.class,
      description = "How often the cluster's members and leases are read from the store"
          + " (env EVENTIDE_DIRECTORY_REFRESH; default ${DEFAULT-VALUE}).")
  Duration directoryRefresh;

  /** The shared store; the embedded one cannot be shared, so it is refused. */
  StoreSpec storeSpec(CommandSpec spec) {
    if (store == null || store.isBlank()) {
      throw new ParameterException(spec.commandLine(),
          "--store is required: remote:HOST:PORT (an 'eventide state-service') or fdb:CLUSTER_FILE");
    }
    StoreSpec parsed;
    try {
      parsed = StoreSpec.parse(store, fdbClusterFile);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, store);
    }
    if (parsed.backend().equals("rocksdb")) {
      throw new ParameterException(spec.commandLine(),
          "--store must be one the roles share: remote:HOST:PORT or fdb:CLUSTER_FILE");
    }
    return parsed;
  }

  /** The resilience settings, checked. */
  RemoteOptions remoteOptions(CommandSpec spec) {
    if (leaseTtl.compareTo(Duration.ofMillis(300)) < 0) {
      throw new ParameterException(spec.commandLine(), "--lease-ttl must be at least 300ms, was " + leaseTtl);
    }
    try {
      return new RemoteOptions(requestTimeout, invokeTimeout, attempts, Duration.ofMillis(100), Duration.ofSeconds(2),
          breakerOpenFor, directoryRefresh);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** {@code --node-id}, or {@code role-xxxxxxxx}. */
  String nodeId(String role) {
    return nodeId == null || nodeId.isBlank() ? role + "-" + UUID.randomUUID().toString().substring(0, 8) : nodeId.trim();
  }

  /** Where peers reach this process once it is bound to {@code port}. */
  String endpoint(CommandSpec spec, int port) {
    if (advertise != null && !advertise.isBlank()) {
      return advertise.trim();
    }
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      throw new ParameterException(spec.commandLine(),
          "--host " + host + " listens everywhere: give --advertise HOST:PORT for peers to reach this process at");
    }
    return host + ":" + port;
  }

  void checkPort(CommandSpec spec, String option, int port) {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), option + " " + port + " must be 0..65535");
    }
    if (keyGroups < 1 || keyGroups > 65536) {
      throw new ParameterException(spec.commandLine(), "--key-groups " + keyGroups + " must be 1..65536");
    }
  }
}
