package io.eventide.dispatcher.internal.eventtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Every key group's view of every source's watermark, published by the shards that own them:
 * functions fed by other functions take the minimum over all key groups (a message may come from
 * any of them), and {@code /v1/cluster} shows them. In a cluster every key group's value is its
 * floor as stored by its owner ({@link #fromStore}), whichever dispatcher holds it, and the shards'
 * own views are not published here: see docs/decisions/event-time-across-dispatchers.md.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class KeyGroupViews {
  private final int keyGroups;
  private final Map<String, AtomicLongArray> views = new ConcurrentHashMap<>();
  private volatile boolean stored;

  public KeyGroupViews(int keyGroups) {
    this.keyGroups = keyGroups;
  }

  /** From now on the values come from the store only ({@link #fromStore}); cluster mode. */
  public void useStored() {
    stored = true;
  }

  public void publish(int keyGroup, String source, long watermark) {
    if (!stored) {
      of(source).accumulateAndGet(keyGroup, watermark, Math::max);
    }
  }

  /**
   * {@code keyGroup}'s floor for {@code source} as read from the store. Every stored floor bounds
   * what its key group has yet to send, so the highest seen is still one.
   */
  public void fromStore(int keyGroup, String source, long floor) {
    of(source).accumulateAndGet(keyGroup, floor, Math::max);
  }

  public long view(int keyGroup, String source) {
    return of(source).get(keyGroup);
  }

  /** The lowest view of {@code source} over all key groups. */
  public long min(String source) {
    AtomicLongArray all = of(source);
    long min = Long.MAX_VALUE;
    for (int kg = 0; kg < keyGroups; kg++) {
      min = Math.min(min, all.get(kg));
    }
    return min;
  }

  /** The highest view of {@code source} over all key groups; MIN_VALUE when none has one. */
  public long max(String source) {
    AtomicLongArray all = views.get(source);
    long max = Long.MIN_VALUE;
    for (int kg = 0; all != null && kg < keyGroups; kg++) {
      max = Math.max(max, all.get(kg));
    }
    return max;
  }

  public Iterable<String> sources() {
    return views.keySet();
  }

  private AtomicLongArray of(String source) {
    return views.computeIfAbsent(
        source,
        s -> {
          AtomicLongArray array = new AtomicLongArray(keyGroups);
          for (int kg = 0; kg < keyGroups; kg++) {
            array.set(kg, Long.MIN_VALUE);
          }
          return array;
        });
  }
}
