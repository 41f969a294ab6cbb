package io.eventide.sdk.testing;

import io.eventide.sdk.Address;
import io.eventide.sdk.runtime.HandlerScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The persisted state of every address a {@link FunctionTestDriver} has served, as the encoded
 * bytes the platform would store.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; owned by one driver.
 */
final class InstanceStore {
  private final Map<Address, Map<String, byte[]>> values = new HashMap<>();

  /** The platform's internal lists ({@link io.eventide.sdk.runtime.InternalState}) per address. */
  private final Map<Address, Map<String, List<byte[]>>> lists = new HashMap<>();

  /** The values of one address by name; a copy the caller may keep. */
  Map<String, byte[]> read(Address address) {
    return new HashMap<>(values.getOrDefault(address, Map.of()));
  }

  byte[] read(Address address, String name) {
    return values.getOrDefault(address, Map.of()).get(name);
  }

  /**
   * The elements of internal list {@code name} of {@code address} ({@link
   * io.eventide.sdk.runtime.StoredLists}).
   */
  List<byte[]> list(Address address, String name) {
    return List.copyOf(lists.getOrDefault(address, Map.of()).getOrDefault(name, List.of()));
  }

  /** Applies the list changes of a kept call: a clear empties a list before the appends. */
  void applyLists(Address address, Map<String, HandlerScope.ListChange> changes) {
    changes.forEach(
        (name, change) -> {
          Map<String, List<byte[]>> of = lists.computeIfAbsent(address, a -> new HashMap<>());
          List<byte[]> list = of.computeIfAbsent(name, n -> new ArrayList<>());
          if (change.cleared()) {
            list.clear();
          }
          list.addAll(change.appended());
          if (list.isEmpty()) {
            of.remove(name);
          }
        });
  }

  /** Applies the changes of a kept call: {@link HandlerScope#ABSENT} removes a value. */
  void apply(Address address, Map<String, byte[]> changes) {
    Map<String, byte[]> current = values.computeIfAbsent(address, a -> new HashMap<>());
    changes.forEach(
        (name, bytes) -> {
          if (bytes == HandlerScope.ABSENT) {
            current.remove(name);
          } else {
            current.put(name, bytes);
          }
        });
    if (current.isEmpty()) {
      values.remove(address);
    }
  }
}
