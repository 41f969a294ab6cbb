package io.eventide.dispatcher.internal.eventtime;

import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MillWheel low-watermark term for messages between functions: each such message, from the
 * moment its sender's batch is about to commit until the batch that handles it has committed, holds
 * the watermark of function types fed by functions at or below the watermark its sender had. So a
 * downstream window never fires before a message that belongs in it has arrived.
 *
 * <p>In a cluster the holds are in the store ({@code internal-hold/<watermark>/...}, written with
 * the message and cleared by the commit that handles it), and {@link #min} is the lowest of them as
 * of the last sweep ({@link #fromStore}); nothing is held in memory.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class InternalHolds {
  private final TreeMap<Long, Integer> stamps = new TreeMap<>(); // guarded by this
  private volatile long min = Long.MAX_VALUE;
  private final AtomicLong sendingCommits = new AtomicLong();
  private volatile boolean stored;
  private volatile long storedMin = Long.MAX_VALUE;

  /** From now on the holds come from the store only; cluster mode. */
  public void useStored() {
    storedMin = Long.MIN_VALUE; // nothing is known until the first sweep has read the store
    stored = true;
  }

  public boolean isStored() {
    return stored;
  }

  /** The lowest hold in the store as of a sweep, {@code Long.MAX_VALUE} when none. */
  public void fromStore(long lowest) {
    storedMin = lowest;
  }

  public synchronized void add(long stamp) {
    if (stored) {
      return;
    }
    stamps.merge(stamp, 1, Integer::sum);
    min = stamps.firstKey();
  }

  public synchronized void remove(long stamp) {
    if (stored) {
      return;
    }
    stamps.computeIfPresent(stamp, (k, n) -> n == 1 ? null : n - 1);
    min = stamps.isEmpty() ? Long.MAX_VALUE : stamps.firstKey();
  }

  /** The lowest stamp held, {@code Long.MAX_VALUE} when none. */
  public long min() {
    return stored ? storedMin : min;
  }

  public synchronized int size() {
    return stamps.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** A commit that sent messages between functions is durable and has told their key groups. */
  public void sent() {
    sendingCommits.incrementAndGet();
  }

  /**
   * How many commits have sent messages between functions: a reader that finds it unchanged across
   * looks at several key groups knows that no message went from one of them to another meanwhile.
   */
  public long sendingCommits() {
    return sendingCommits.get();
  }
}
