package io.eventide.sdk.testing;

import io.eventide.sdk.Address;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registered event-time timers of all addresses, in timestamp order and, for one timestamp, in
 * registration order. A timer is identified by its address and timestamp, so registering the same
 * one twice keeps one, as Flink's timer service does.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; owned by one driver.
 */
final class EventTimers {
  /** One timer due to fire. */
  record Due(Address address, long timestamp) {}

  private final NavigableMap<Long, Set<Address>> byTime = new TreeMap<>();

  void register(Address address, long timestamp) {
    byTime.computeIfAbsent(timestamp, t -> new LinkedHashSet<>()).add(address);
  }

  /** Removes the timer if it is registered; otherwise nothing. */
  void delete(Address address, long timestamp) {
    Set<Address> addresses = byTime.get(timestamp);
    if (addresses != null && addresses.remove(address) && addresses.isEmpty()) {
      byTime.remove(timestamp);
    }
  }

  /** Removes and returns every timer with a timestamp at or before {@code watermark}, in order. */
  List<Due> takeUpTo(long watermark) {
    List<Due> due = new ArrayList<>();
    NavigableMap<Long, Set<Address>> head = byTime.headMap(watermark, true);
    for (Map.Entry<Long, Set<Address>> entry : head.entrySet()) {
      for (Address address : entry.getValue()) {
        due.add(new Due(address, entry.getKey()));
      }
    }
    head.clear();
    return due;
  }

  /** The pending timestamps of one address, ascending. */
  List<Long> of(Address address) {
    List<Long> timestamps = new ArrayList<>();
    byTime.forEach(
        (time, addresses) -> {
          if (addresses.contains(address)) {
            timestamps.add(time);
          }
        });
    return timestamps;
  }
}
