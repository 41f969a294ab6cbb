package io.eventide.gateway;

import io.eventide.catalog.Deployments;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which function types are served, cached so the send path can check its target without blocking an
 * I/O thread on {@link Deployments#functionTypes()} (which may read the store). A type the cache
 * knows is accepted at once and a stale cache is refreshed in the background; a type it does not
 * know is looked up afresh, blocking, on a worker thread, so a just-deployed type is never refused.
 * A removed type may be accepted for up to {@code maxAgeNanos} after removal.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: an immutable snapshot behind a volatile field; one background refresh at a time.
 */
final class ServedTypes {
  private static final Logger LOG = LoggerFactory.getLogger(ServedTypes.class);

  private record Snapshot(Set<String> types, long takenAtNanos) {}

  private final Deployments deployments;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile Snapshot snapshot = new Snapshot(Set.of(), Long.MIN_VALUE);
  private volatile Executor background = Runnable::run;
  private volatile Supplier<Set<String>> also = Set::of;

  ServedTypes(Deployments deployments, long maxAgeNanos, LongSupplier nanoTime) {
    this.deployments = deployments;
    this.maxAgeNanos = maxAgeNanos;
    this.nanoTime = nanoTime;
  }

  /** Adds the types {@code more} lists (JSON patterns' inputs) to the deployments' ones. */
  void alsoServing(Supplier<Set<String>> more) {
    this.also = more;
  }

  /** Sets where background refreshes run (the server's worker pool once it is up). */
  void backgroundExecutor(Executor executor) {
    this.background = executor;
  }

  /** Non-blocking: true if the cache knows every type in {@code types} ("ns/type"). */
  boolean knowsAll(Iterable<String> types) {
    Snapshot current = snapshot;
    for (String type : types) {
      if (!current.types.contains(type)) {
        return false;
      }
    }
    if (nanoTime.getAsLong() - current.takenAtNanos > maxAgeNanos) {
      refreshInBackground();
    }
    return true;
  }

  /** Blocking: whether {@code type} is served, refreshing the cache if it does not know it. */
  boolean served(String type) {
    Snapshot current = snapshot;
    if (current.types.contains(type)
        && nanoTime.getAsLong() - current.takenAtNanos <= maxAgeNanos) {
      return true;
    }
    return refresh().contains(type);
  }

  /** Blocking: reads the served types now and caches them. */
  Set<String> refresh() {
    Set<String> types = new HashSet<>(deployments.functionTypes());
    types.addAll(also.get());
    types = Set.copyOf(types);
    snapshot = new Snapshot(types, nanoTime.getAsLong());
    return types;
  }

  private void refreshInBackground() {
    if (!refreshing.compareAndSet(false, true)) {
      return;
    }
    background.execute(
        () -> {
          try {
            refresh();
          } catch (RuntimeException e) {
            LOG.warn("could not refresh the served function types; keeping the cached ones", e);
          } finally {
            refreshing.set(false);
          }
        });
  }
}
