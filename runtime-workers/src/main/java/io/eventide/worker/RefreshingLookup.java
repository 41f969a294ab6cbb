package io.eventide.worker;

import io.eventide.worker.api.FunctionLookup;
import io.eventide.worker.api.RegisteredFunction;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A worker's view of the deployments when they are made elsewhere (through any gateway of a
 * cluster): a type it does not know yet makes it read the store's deployments once before it
 * answers {@code UNKNOWN_FUNCTION}, so a batch sent right after a deployment does not fail at a
 * worker that has not caught up. Reads are at most one per {@code minInterval}, so invocations of a
 * type that is really missing cannot turn into a read per invocation.
 *
 * <pre>{@code
 * FunctionLookup lookup = new RefreshingLookup(deployments, 500, System::nanoTime);
 * FunctionRuntimeService runtime = new FunctionRuntimeService(lookup, config, meters);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; a miss may block on the store while another thread refreshes.
 */
public final class RefreshingLookup implements FunctionLookup {
  private final StoreDeployments deployments;
  private final long minIntervalNanos;
  private final LongSupplier nanoClock;
  private final AtomicLong lastRefresh;

  public RefreshingLookup(
      StoreDeployments deployments, long minIntervalMillis, LongSupplier nanoClock) {
    this.deployments = deployments;
    this.minIntervalNanos = minIntervalMillis * 1_000_000L;
    this.nanoClock = nanoClock;
    this.lastRefresh = new AtomicLong(nanoClock.getAsLong() - minIntervalNanos);
  }

  @Override
  public Optional<RegisteredFunction> function(String namespace, String type) {
    Optional<RegisteredFunction> found = deployments.function(namespace, type);
    if (found.isPresent()) {
      return found;
    }
    long now = nanoClock.getAsLong();
    long last = lastRefresh.get();
    if (now - last >= minIntervalNanos && lastRefresh.compareAndSet(last, now)) {
      deployments.refresh();
    }
    return deployments.function(namespace, type);
  }
}
