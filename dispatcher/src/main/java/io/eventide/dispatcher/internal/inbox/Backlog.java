package io.eventide.dispatcher.internal.inbox;

import io.eventide.dispatcher.api.DispatcherException;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Messages enqueued and not yet processed, per key group: ingress adds, commits take away, and a
 * key group over its bound turns ingress away ({@code OVERLOADED}, a 429) rather than queueing
 * without limit.
 *
 * <pre>{@code
 * backlog.admit(keyGroup);        // throws OVERLOADED over the bound
 * backlog.enqueued(keyGroup, 1);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class Backlog {
  private final AtomicLongArray counts;
  private final long limit;

  public Backlog(int keyGroups, long limit) {
    this.counts = new AtomicLongArray(keyGroups);
    this.limit = limit;
  }

  /** Fails with OVERLOADED when {@code keyGroup}'s backlog is over its bound. */
  public void admit(int keyGroup) {
    if (counts.get(keyGroup) >= limit) {
      throw new DispatcherException(
          DispatcherException.Code.OVERLOADED,
          "key group "
              + keyGroup
              + " has "
              + counts.get(keyGroup)
              + " pending messages; retry later");
    }
  }

  public void enqueued(int keyGroup, int count) {
    counts.addAndGet(keyGroup, count);
  }

  public void consumed(int keyGroup, int count) {
    counts.getAndUpdate(keyGroup, v -> Math.max(0, v - count));
  }

  public long get(int keyGroup) {
    return counts.get(keyGroup);
  }

  /** The sum over every key group. */
  public long total() {
    long total = 0;
    for (int i = 0; i < counts.length(); i++) {
      total += counts.get(i);
    }
    return total;
  }
}
