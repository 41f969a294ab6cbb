package io.eventide.deploy;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node joins others on a shared store ({@code --cluster}): its id, the HTTP endpoint the
 * others send its callers to, and how long its membership (and so its key-group leases) outlives
 * its last heartbeat.
 *
 * @param nodeId unique among the nodes of the store
 * @param advertise {@code host:port} other nodes redirect calls to; null: the bound address
 * @param leaseTtl membership lifetime; the failover time after a crash is at most about this
 */
public record ClusterSpec(String nodeId, String advertise, Duration leaseTtl) {
  public ClusterSpec {
    Objects.requireNonNull(nodeId, "nodeId");
    if (nodeId.isBlank()) {
      throw new IllegalArgumentException("--node-id must not be empty");
    }
    if (leaseTtl == null || leaseTtl.compareTo(Duration.ofMillis(300)) < 0) {
      throw new IllegalArgumentException("--lease-ttl must be at least 300ms, was " + leaseTtl);
    }
  }
}
