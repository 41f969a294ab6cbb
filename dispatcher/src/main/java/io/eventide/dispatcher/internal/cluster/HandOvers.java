package io.eventide.dispatcher.internal.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.dispatcher.api.ClusterSettings;
import io.eventide.protocol.LeaseRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease keeper's side of telling successors ({@link Successors}): which member to tell of which
 * group, and which offers a receiver may adopt. See docs/decisions/failover.md, "Graceful stop".
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; holds nothing but its collaborators.
 */
final class HandOvers {
  private static final Logger LOG = LoggerFactory.getLogger(HandOvers.class);

  private final ClusterSettings config;
  private final Successors successors;

  HandOvers(ClusterSettings config, Successors successors) {
    this.config = config;
    this.successors = successors;
  }

  /** Has the connections to the other live members made before a hand-over needs one. */
  void keepReady(KeeperView view) {
    Set<String> others = new HashSet<>();
    view.live()
        .forEach(
            (id, member) -> {
              if (!id.equals(config.nodeId()) && !member.getEndpoint().isEmpty()) {
                others.add(member.getEndpoint());
              }
            });
    try {
      successors.keepReady(others);
    } catch (RuntimeException e) {
      LOG.debug("{}: could not connect to the other members", config.nodeId(), e);
    }
  }

  /**
   * Tells each successor of the groups {@code written} names after it; completes with the groups
   * they adopted, never exceptionally (a successor not told takes its groups in a round).
   */
  CompletableFuture<Set<Integer>> announce(
      Map<Integer, String> heirs, Map<Integer, byte[]> written, KeeperView view) {
    Map<String, Map<Integer, byte[]>> byEndpoint = new TreeMap<>();
    heirs.forEach(
        (kg, next) -> {
          String endpoint = next == null || view == null ? null : view.endpoint(next);
          if (endpoint != null && written.containsKey(kg)) {
            byEndpoint.computeIfAbsent(endpoint, e -> new TreeMap<>()).put(kg, written.get(kg));
          }
        });
    Set<Integer> adopted = ConcurrentHashMap.newKeySet();
    List<CompletableFuture<Void>> offers = new ArrayList<>();
    byEndpoint.forEach(
        (endpoint, values) -> {
          CompletableFuture<Set<Integer>> offer;
          try {
            offer = successors.offer(endpoint, values);
          } catch (RuntimeException e) {
            offer = CompletableFuture.failedFuture(e);
          }
          offers.add(
              offer
                  .thenAccept(adopted::addAll)
                  .exceptionally(
                      e -> {
                        LOG.debug("{} did not adopt its key groups", endpoint, e);
                        return null;
                      }));
        });
    return CompletableFuture.allOf(offers.toArray(CompletableFuture[]::new))
        .thenApply(ignored -> Set.copyOf(adopted));
  }

  /** Names this member, and is not older than what this member's last round saw stored. */
  boolean adoptable(KeeperView view, int keyGroup, byte[] value) {
    LeaseRecord offer;
    try {
      offer = LeaseRecord.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
    if (!config.nodeId().equals(offer.getOwner())) {
      return false;
    }
    byte[] seen = view == null ? null : view.stored().get(keyGroup);
    if (seen == null) {
      return true;
    }
    long seenEpoch = LeaseTable.parse(seen).getEpoch();
    return seenEpoch < offer.getEpoch()
        || (seenEpoch == offer.getEpoch() && Arrays.equals(seen, value));
  }
}
