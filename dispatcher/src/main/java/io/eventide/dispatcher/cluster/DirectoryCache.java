package io.eventide.dispatcher.cluster;

import io.eventide.dispatcher.api.Daemons;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Snapshot;
import io.eventide.store.Store;
import io.eventide.store.keyspace.Keyspace;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last {@link ClusterDirectory} read, refreshed every interval and on demand (after a "not
 * owner" answer) on a thread of its own, so routing never waits on the store.
 *
 * <pre>{@code
 * DirectoryCache cache = DirectoryCache.start(store, keyspace, Duration.ofSeconds(1));
 * cache.get().ownerEndpoint(keyGroup);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class DirectoryCache implements Supplier<Snapshot>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryCache.class);

  private final ClusterDirectory directory;
  private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService refresher;
  private final AtomicBoolean refreshQueued = new AtomicBoolean();
  private volatile Snapshot last = Snapshot.EMPTY;

  private DirectoryCache(ClusterDirectory directory) {
    this.directory = directory;
    this.refresher = Daemons.scheduler("eventide-directory");
  }

  /**
   * Reads the directory once now (a failure is logged: the first scheduled read tries again), then
   * every {@code interval}.
   */
  public static DirectoryCache start(Store store, Keyspace keyspace, Duration interval) {
    DirectoryCache cache =
        new DirectoryCache(new ClusterDirectory(store, keyspace, System::currentTimeMillis));
    cache.refresh();
    cache.refresher.scheduleWithFixedDelay(
        cache::refresh, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return cache;
  }

  /** {@code listener} sees every snapshot read from now on (peers drop the processes that left). */
  public void addListener(Consumer<Snapshot> listener) {
    listeners.add(listener);
  }

  @Override
  public Snapshot get() {
    return last;
  }

  /** Reads the directory again soon; calls while one read is queued share it. */
  public void refreshSoon() {
    if (refreshQueued.compareAndSet(false, true)) {
      try {
        refresher.execute(
            () -> {
              refreshQueued.set(false);
              refresh();
            });
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        refreshQueued.set(false);
      }
    }
  }

  private void refresh() {
    try {
      Snapshot snapshot = directory.read();
      last = snapshot;
      listeners.forEach(listener -> listener.accept(snapshot));
    } catch (RuntimeException e) {
      LOG.warn("reading the cluster directory failed; routing on the last one read", e);
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
