package io.eventide.dispatcher.internal.processing;

import io.eventide.dispatcher.internal.cluster.LeaseListener;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the lease keeper's decisions into the shards': serve a key group, stop serving it.
 *
 * <h2>Thread safety</h2>
 *
 * Called on the lease keeper's thread; {@link Shards} hands each change to the shard's own thread.
 */
public final class ShardLeases implements LeaseListener {
  private static final Logger LOG = LoggerFactory.getLogger(ShardLeases.class);

  private final Shards shards;
  private final Duration drainTimeout;

  public ShardLeases(Shards shards, Duration drainTimeout) {
    this.shards = shards;
    this.drainTimeout = drainTimeout;
  }

  @Override
  public void acquired(int keyGroup) {
    shards.acquired(List.of(keyGroup));
  }

  @Override
  public void acquired(Collection<Integer> keyGroups) {
    shards.acquired(keyGroups);
  }

  /**
   * Waits until the group's shard has nothing of it in flight. If that takes longer than the
   * membership's ttl, the hand-over goes on anyway: whatever is still in flight is fenced on the
   * old lease and cannot commit once the next owner takes it.
   */
  @Override
  public void releasing(int keyGroup) {
    try {
      shards.release(keyGroup).get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "key group {} did not drain before its hand-over; its commits in flight will be fenced",
          keyGroup,
          e);
    }
  }

  /**
   * All at once: each shard drains its groups together, in parallel with the others, and the wait
   * is for the slowest.
   */
  @Override
  public void releasing(Collection<Integer> keyGroups) {
    try {
      shards.release(keyGroups).get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "key groups {} did not all drain before their hand-over; their commits in flight will be fenced",
          keyGroups,
          e);
    }
  }

  @Override
  public void lost(int keyGroup) {
    shards.release(keyGroup);
  }

  @Override
  public void lost(Collection<Integer> keyGroups) {
    shards.release(keyGroups);
  }
}
