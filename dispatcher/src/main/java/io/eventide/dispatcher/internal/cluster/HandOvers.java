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
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
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
    Map<String, Map<Integer, byte[]>> values = new TreeMap<>();
    byEndpoint(heirs, view)
        .forEach(
            (endpoint, groups) ->
                groups.stream()
                    .filter(written::containsKey)
                    .forEach(
                        kg ->
                            values
                                .computeIfAbsent(endpoint, e -> new TreeMap<>())
                                .put(kg, written.get(kg))));
    return ask(values, successors::offer, "did not adopt its key groups")
        .thenApply(adopted -> Set.copyOf(adopted.keySet()));
  }

  /**
   * Tells each successor named in {@code heirs} which groups are coming ({@link
   * Successors#prepare}); completes with the endpoint of each group whose successor now waits for
   * it, never exceptionally (a group not in it waits at the leaver for the hand-over).
   */
  CompletableFuture<Map<Integer, String>> prepare(Map<Integer, String> heirs, KeeperView view) {
    return ask(byEndpoint(heirs, view), successors::prepare, "did not prepare for its key groups");
  }

  /**
   * Sends each endpoint its request; completes with the endpoint that answered for each group it
   * answered with, never exceptionally ({@code failed}: what the debug log says of one that did not
   * answer).
   */
  private static <R> CompletableFuture<Map<Integer, String>> ask(
      Map<String, R> requests,
      BiFunction<String, R, CompletableFuture<Set<Integer>>> call,
      String failed) {
    Map<Integer, String> answered = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    requests.forEach(
        (endpoint, request) -> {
          CompletableFuture<Set<Integer>> answer;
          try {
            answer = call.apply(endpoint, request);
          } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
          }
          calls.add(
              answer
                  .thenAccept(groups -> groups.forEach(kg -> answered.put(kg, endpoint)))
                  .exceptionally(
                      e -> {
                        LOG.debug("{} {}", endpoint, failed, e);
                        return null;
                      }));
        });
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(ignored -> Map.copyOf(answered));
  }

  /** The groups of {@code heirs} by the endpoint of the live member named for each. */
  private static Map<String, Set<Integer>> byEndpoint(Map<Integer, String> heirs, KeeperView view) {
    Map<String, Set<Integer>> byEndpoint = new TreeMap<>();
    heirs.forEach(
        (kg, next) -> {
          String endpoint = next == null || view == null ? null : view.endpoint(next);
          if (endpoint != null) {
            byEndpoint.computeIfAbsent(endpoint, e -> new TreeSet<>()).add(kg);
          }
        });
    return byEndpoint;
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
