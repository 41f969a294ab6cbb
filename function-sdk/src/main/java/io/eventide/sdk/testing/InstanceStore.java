package io.eventide.sdk.testing;

import io.eventide.sdk.Address;
import io.eventide.sdk.runtime.HandlerScope;
import io.eventide.sdk.runtime.MapChange;
import io.eventide.sdk.runtime.StoredCollections;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  /** The maps ({@link io.eventide.sdk.MapSpec}) per address, entries in the store's key order. */
  private final Map<Address, Map<String, TreeMap<byte[], byte[]>>> maps = new HashMap<>();

  /** Reads the lists and maps stored here, as a worker reads them from the store. */
  StoredCollections collections() {
    return new StoredCollections() {
      @Override
      public List<byte[]> read(Address address, String name) {
        return list(address, name);
      }

      @Override
      public byte[] mapGet(Address address, String name, byte[] key) {
        TreeMap<byte[], byte[]> map = maps.getOrDefault(address, Map.of()).get(name);
        return map == null ? null : map.get(key);
      }

      @Override
      public List<Map.Entry<byte[], byte[]>> mapPage(
          Address address, String name, byte[] after, int limit) {
        TreeMap<byte[], byte[]> map = maps.getOrDefault(address, Map.of()).get(name);
        if (map == null) {
          return List.of();
        }
        List<Map.Entry<byte[], byte[]>> page = new ArrayList<>(limit);
        for (Map.Entry<byte[], byte[]> entry :
            (after == null ? map : map.tailMap(after, false)).entrySet()) {
          if (page.size() == limit) {
            break;
          }
          page.add(Map.entry(entry.getKey(), entry.getValue()));
        }
        return page;
      }
    };
  }

  /** Applies the map changes of a kept call, as a commit writes them entry by entry. */
  void applyMaps(Address address, Map<String, MapChange> changes) {
    changes.forEach(
        (name, change) -> {
          Map<String, TreeMap<byte[], byte[]>> of =
              maps.computeIfAbsent(address, a -> new HashMap<>());
          TreeMap<byte[], byte[]> map =
              of.computeIfAbsent(name, n -> new TreeMap<>(Arrays::compareUnsigned));
          if (change.cleared()) {
            map.clear();
          }
          change
              .entries()
              .forEach(
                  (key, value) -> {
                    if (value == HandlerScope.ABSENT) {
                      map.remove(key);
                    } else {
                      map.put(key, value);
                    }
                  });
          if (map.isEmpty()) {
            of.remove(name);
          }
          if (of.isEmpty()) {
            maps.remove(address);
          }
        });
  }

  /** The values of one address by name; a copy the caller may keep. */
  Map<String, byte[]> read(Address address) {
    return new HashMap<>(values.getOrDefault(address, Map.of()));
  }

  byte[] read(Address address, String name) {
    return values.getOrDefault(address, Map.of()).get(name);
  }

  /**
   * The elements of internal list {@code name} of {@code address} ({@link
   * io.eventide.sdk.runtime.StoredCollections}).
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
