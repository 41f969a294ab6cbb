package io.eventide.deploy;

import java.time.Duration;
import java.util.UUID;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Who a process is among those sharing a store, where the others reach it, and how long it stays a
 * member after its last heartbeat: options of the roles, and of {@code standalone --cluster}.
 */
final class MembershipOptions {
  @Option(
      names = "--node-id",
      defaultValue = "${env:EVENTIDE_NODE_ID}",
      description = "This process's id in the cluster (env EVENTIDE_NODE_ID; default: generated).")
  String nodeId;

  @Option(
      names = "--advertise",
      defaultValue = "${env:EVENTIDE_ADVERTISE}",
      description =
          "HOST:PORT the cluster's other processes reach this one at (env EVENTIDE_ADVERTISE; default:"
              + " --host and the bound port; required when --host is a wildcard address).")
  String advertise;

  @Option(
      names = "--lease-ttl",
      defaultValue = "${env:EVENTIDE_LEASE_TTL:-1s}",
      converter = DurationConverter.class,
      description =
          "How long this process's membership (a dispatcher's: and its key groups) outlives its last"
              + " heartbeat; about the failover time after a crash (env EVENTIDE_LEASE_TTL; default ${DEFAULT-VALUE}).")
  Duration leaseTtl;

  /** {@code --node-id}, else {@code PREFIX-xxxxxxxx}. */
  String nodeId(String prefix) {
    if (nodeId == null || nodeId.isBlank()) {
      return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
    return nodeId.trim();
  }

  /** {@code --advertise}, null when not given. */
  String advertised() {
    return advertise == null || advertise.isBlank() ? null : advertise.trim();
  }

  /** The membership's lifetime, checked by {@link ClusterSpec}'s rule. */
  Duration leaseTtl(CommandSpec spec) {
    try {
      return ClusterSpec.checkLeaseTtl(leaseTtl);
    } catch (IllegalArgumentException e) {
      throw Usage.error(spec, e);
    }
  }

  /** Where peers reach this process once bound to {@code port} on {@code host}. */
  String endpoint(CommandSpec spec, HostOption host, int port) {
    String advertised = advertised();
    if (advertised != null) {
      return advertised;
    }
    if (host.wildcard()) {
      throw Usage.error(
          spec,
          "--host "
              + host.host
              + " listens everywhere: give --advertise HOST:PORT for peers to reach this process at");
    }
    return host.host + ":" + port;
  }
}
