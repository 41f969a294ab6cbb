package io.eventide.worker;

import io.eventide.worker.api.FunctionLookup;
import io.eventide.worker.api.RegisteredFunction;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A worker's view of the deployments when they are made elsewhere (through any gateway of a
 * cluster): a type it does not know yet makes it read the store's deployments once before it
 * answers {@code UNKNOWN_FUNCTION}, so a batch sent right after a deployment does not fail at a
 * worker that has not caught up. Reads are at most one per {@code minInterval}, so invocations of a
 * type that is really missing cannot turn into a read per invocation.
 *
 * <p>Every refresh of the worker goes through {@link #refresh} (the periodic one too, rather than
 * {@link StoreDeployments#refresh}), and a miss waits for a refresh under way before it answers:
 * the refresh may be loading the very jar the miss asks for. Answered from the view before it, four
 * invocations of a new type were refused in the second a worker took to load its jar.
 *
 * <pre>{@code
 * FunctionLookup lookup = new RefreshingLookup(deployments, 500, System::nanoTime);
 * FunctionRuntimeService runtime = new FunctionRuntimeService(lookup, config, meters);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. A hit takes no lock; a miss may block while a refresh reads the store and loads
 * jars.
 */
public final class RefreshingLookup implements FunctionLookup {
  private final FunctionLookup view;
  private final Runnable reader;
  private final long minIntervalNanos;
  private final LongSupplier nanoClock;

  /** Held by every refresh of this lookup, and by a miss while it decides whether to refresh. */
  private final Object refreshing = new Object();

  private long lastRefresh; // guarded by refreshing

  public RefreshingLookup(
      StoreDeployments deployments, long minIntervalMillis, LongSupplier nanoClock) {
    this(deployments, deployments::refresh, minIntervalMillis, nanoClock);
  }

  /** {@code view} answers look-ups; {@code reader} brings it in line with the catalog. */
  RefreshingLookup(
      FunctionLookup view, Runnable reader, long minIntervalMillis, LongSupplier nanoClock) {
    this.view = view;
    this.reader = reader;
    this.minIntervalNanos = minIntervalMillis * 1_000_000L;
    this.nanoClock = nanoClock;
    this.lastRefresh = nanoClock.getAsLong() - minIntervalNanos;
  }

  @Override
  public Optional<RegisteredFunction> function(String namespace, String type) {
    Optional<RegisteredFunction> found = view.function(namespace, type);
    if (found.isPresent()) {
      return found;
    }
    synchronized (refreshing) {
      // Looked up again: a refresh that finished while this miss waited may have loaded it.
      found = view.function(namespace, type);
      if (found.isEmpty() && nanoClock.getAsLong() - lastRefresh >= minIntervalNanos) {
        refreshLocked();
        found = view.function(namespace, type);
      }
      return found;
    }
  }

  /** The view as it is, without waiting for a refresh under way. */
  @Override
  public Optional<RegisteredFunction> known(String namespace, String type) {
    return view.function(namespace, type);
  }

  /** Reads the catalog now; misses meanwhile wait for it. */
  public void refresh() {
    synchronized (refreshing) {
      refreshLocked();
    }
  }

  private void refreshLocked() {
    lastRefresh = nanoClock.getAsLong();
    reader.run();
  }
}
