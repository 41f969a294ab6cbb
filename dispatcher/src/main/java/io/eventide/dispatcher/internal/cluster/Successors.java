package io.eventide.dispatcher.internal.cluster;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * How a member that just handed key groups over tells their successor, so that it serves them at
 * once instead of at its next lease round ({@link LeaseKeeper#adopt}).
 *
 * <h2>Thread safety</h2>
 *
 * Implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface Successors {
  /**
   * Offers the member at {@code endpoint} the committed lease values naming it, by key group;
   * completes with the groups it serves now (the rest it takes in a round of its own).
   */
  CompletableFuture<Set<Integer>> offer(String endpoint, Map<Integer, byte[]> leases);

  /**
   * The other live members' endpoints, after every lease round: any of them may be the next one
   * told, and should not wait for a connection then.
   */
  default void keepReady(Set<String> endpoints) {}

  /** Tells nobody: successors take what is named after them at their next round. */
  Successors NONE = (endpoint, leases) -> CompletableFuture.completedFuture(Set.of());
}
