package io.eventide.dispatcher.internal.cluster;

import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.DispatcherException.Code;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where a request that needs a key group's holder (a call: its reply reaches only the caller
 * waiting at the holder) should go, from a dispatcher that may not hold it. While the group is on
 * its way (free, handed here, or with a holder the gateway could not reach) the request waits here
 * for the lease rounds instead of bouncing between processes: it is served the moment this
 * dispatcher takes the group, at the dead holder's expiry or right after a hand-over. An empty
 * answer means "serve it here"; an endpoint means "not owner, ask there" ({@code
 * Dispatcher#callAsync} with the gateway's {@code not_holders}).
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe and non-blocking; continuations may run on the lease keeper's thread.
 */
public final class HolderWait {
  private final LeaseKeeper keeper;
  private final LeaseTable leases;

  private HolderWait(LeaseKeeper keeper, LeaseTable leases) {
    this.keeper = keeper;
    this.leases = leases;
  }

  public static HolderWait of(LeaseKeeper keeper, LeaseTable leases) {
    return new HolderWait(keeper, leases);
  }

  /**
   * Completes empty once this dispatcher holds {@code keyGroup}, or with the endpoint of the live
   * member holding it that is not among {@code notHolders}; fails with a refused {@code
   * UNAVAILABLE} (nothing was written: the gateway may resend) after {@code max} or when this
   * dispatcher leaves.
   */
  public CompletableFuture<Optional<String>> holderAsync(
      int keyGroup, Set<String> notHolders, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    byte[] arrived = keeper.leaseSeen(keyGroup);
    // One fresh round first: this dispatcher's view may predate a hand-over the caller knows of.
    return look(keyGroup, notHolders, arrived, deadline, true);
  }

  /**
   * {@code arrived}: the lease as this dispatcher saw it when the request came. A not-holder that
   * took the group since is named after all: it may have said "not owner" just before its taking (a
   * successor asked before the dead holder's expiry), and waiting here for a group it holds would
   * last the call's whole timeout.
   */
  private CompletableFuture<Optional<String>> look(
      int keyGroup, Set<String> notHolders, byte[] arrived, long deadline, boolean fresh) {
    if (leases.holds(keyGroup)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    Optional<String> elsewhere = keeper.elsewhere(keyGroup, notHolders);
    if (elsewhere.isEmpty() && !Arrays.equals(arrived, keeper.leaseSeen(keyGroup))) {
      elsewhere = keeper.elsewhere(keyGroup, Set.of());
    }
    if (elsewhere.isPresent()) {
      return CompletableFuture.completedFuture(elsewhere);
    }
    long left = deadline - System.nanoTime();
    if (left <= 0 || keeper.leaving()) {
      return CompletableFuture.failedFuture(
          DispatcherException.refused(
              Code.UNAVAILABLE, "key group " + keyGroup + " is changing hands; retry shortly"));
    }
    keeper.want(keyGroup);
    // Later rounds come at the instants something can change (an expiry), never in a busy loop.
    CompletableFuture<Void> round = fresh ? keeper.tickSoon() : keeper.nextTick();
    // A copy: the keeper's future is shared by every waiter and must complete only with a round.
    return round
        .copy()
        .completeOnTimeout(null, left, TimeUnit.NANOSECONDS)
        .thenCompose(ignored -> look(keyGroup, notHolders, arrived, deadline, false));
  }
}
