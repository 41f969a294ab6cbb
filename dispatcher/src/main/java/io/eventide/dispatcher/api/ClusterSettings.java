package io.eventide.dispatcher.api;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A dispatcher's place in a cluster: who it is, where it is reached, and how its membership is kept
 * alive.
 *
 * <pre>{@code
 * dispatcher.startClustered(ClusterSettings.of("d1", "127.0.0.1:" + server.getPort(), 256));
 * }</pre>
 *
 * @param nodeId this dispatcher's id, unique in the cluster
 * @param endpoint where peers and gateways reach it (host:port)
 * @param keyGroups the cluster's key-group count
 * @param ttl how long a heartbeat keeps the member (and its leases) alive
 * @param interval how often the membership is renewed, and the longest time between two lease
 *     rounds; well under {@code ttl}
 * @param clock wall-clock milliseconds
 */
public record ClusterSettings(
    String nodeId,
    String endpoint,
    int keyGroups,
    Duration ttl,
    Duration interval,
    LongSupplier clock) {
  public ClusterSettings {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(endpoint, "endpoint");
    if (nodeId.isEmpty()) {
      throw new IllegalArgumentException(
          "nodeId must not be empty: an empty owner marks a released lease");
    }
    if (keyGroups < 1 || ttl.isNegative() || ttl.isZero() || interval.compareTo(ttl) >= 0) {
      throw new IllegalArgumentException("need keyGroups >= 1 and 0 < interval < ttl");
    }
  }

  /** The default membership lifetime: a dead dispatcher's groups move about this long after. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(1);

  /** A {@link #DEFAULT_TTL} membership, on the wall clock. */
  public static ClusterSettings of(String nodeId, String endpoint, int keyGroups) {
    return of(nodeId, endpoint, keyGroups, DEFAULT_TTL);
  }

  /**
   * A {@code ttl} membership renewed every quarter of it: three renewals in a row must be missed
   * before the others see it dead, so a late one or two under load move nothing.
   */
  public static ClusterSettings of(String nodeId, String endpoint, int keyGroups, Duration ttl) {
    return new ClusterSettings(
        nodeId, endpoint, keyGroups, ttl, ttl.dividedBy(4), System::currentTimeMillis);
  }
}
