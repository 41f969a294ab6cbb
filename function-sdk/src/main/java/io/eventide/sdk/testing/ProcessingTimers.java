package io.eventide.sdk.testing;

import io.eventide.sdk.Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registered processing-time timers of all addresses, in timestamp order and, for one
 * timestamp, in registration order. A timer is identified by its address and timestamp, so
 * registering the same one twice keeps the first, as Flink's timer service does.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; owned by one driver.
 */
final class ProcessingTimers {
  /**
   * One timer waiting for the clock; {@code sequence} orders it among messages due at the same
   * time.
   */
  record Due(Address address, long timestamp, long sequence) {}

  private record Key(Address address, long timestamp) {}

  private final NavigableSet<Due> queue =
      new TreeSet<>(Comparator.comparingLong(Due::timestamp).thenComparingLong(Due::sequence));
  private final Set<Key> registered = new HashSet<>();

  void register(Address address, long timestamp, long sequence) {
    if (registered.add(new Key(address, timestamp))) {
      queue.add(new Due(address, timestamp, sequence));
    }
  }

  /** Removes the timer if it is registered; otherwise nothing. */
  void delete(Address address, long timestamp) {
    if (registered.remove(new Key(address, timestamp))) {
      queue.removeIf(due -> due.address().equals(address) && due.timestamp() == timestamp);
    }
  }

  /** The next timer to fire, or null. */
  Due peek() {
    return queue.isEmpty() ? null : queue.first();
  }

  /** Removes and returns the next timer to fire, or null. */
  Due poll() {
    Due due = queue.pollFirst();
    if (due != null) {
      registered.remove(new Key(due.address(), due.timestamp()));
    }
    return due;
  }

  /** The earliest timestamp, or {@link Long#MAX_VALUE} when no timer waits. */
  long nextDue() {
    return queue.isEmpty() ? Long.MAX_VALUE : queue.first().timestamp();
  }

  /** The pending timestamps of one address, ascending. */
  List<Long> of(Address address) {
    List<Long> timestamps = new ArrayList<>();
    for (Due due : queue) {
      if (due.address().equals(address)) {
        timestamps.add(due.timestamp());
      }
    }
    return timestamps;
  }
}
