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
  private static final Duration MIN_LEASE_TTL = Duration.ofMillis(300);

  public ClusterSpec {
    Objects.requireNonNull(nodeId, "nodeId");
    if (nodeId.isBlank()) {
      throw new IllegalArgumentException("--node-id must not be empty");
    }
    checkLeaseTtl(leaseTtl);
  }

  /**
   * {@code leaseTtl}, unless it is shorter than 300 ms: heartbeats come every quarter of it, and a
   * shorter lease would expire on a scheduling hiccup and move key groups for nothing. The rule of
   * {@code --lease-ttl} for the roles and {@code standalone --cluster} alike.
   */
  static Duration checkLeaseTtl(Duration leaseTtl) {
    if (leaseTtl == null || leaseTtl.compareTo(MIN_LEASE_TTL) < 0) {
      throw new IllegalArgumentException("--lease-ttl must be at least 300ms, was " + leaseTtl);
    }
    return leaseTtl;
  }
}
