package io.eventide.dispatcher.internal.commit;

import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of recently active addresses of a shard's key groups. The shard owns those key groups
 * (a lease fences every commit), so nobody else writes this state and the cache is authoritative
 * until the lease is lost, when it is dropped. Bounded, least recently used out first.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to its shard's thread.
 */
public final class StateCache {
  private final Keyspace keyspace;
  private final LinkedHashMap<Addr, Map<String, byte[]>> entries;

  public StateCache(Keyspace keyspace, int capacity) {
    this.keyspace = keyspace;
    this.entries =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Addr, Map<String, byte[]>> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The values of {@code address} by name, read from the store on a miss. */
  public Map<String, byte[]> get(Addr address, ReadView view) {
    Map<String, byte[]> values = entries.get(address);
    if (values == null) {
      values =
          keyspace.stateValues(
              view.getPrefix(
                  keyspace.stateOf(address.namespace(), address.type(), address.id()), 0));
      entries.put(address, values);
    }
    return values;
  }

  /**
   * Puts the values of every uncached address of {@code addresses} in the cache, read in one batch
   * ({@link ReadView#getPrefixes}: a few round trips to a remote store, not one each).
   */
  public void load(Collection<Addr> addresses, ReadView view) {
    List<Addr> missing = new ArrayList<>();
    List<byte[]> prefixes = new ArrayList<>();
    for (Addr address : addresses) {
      if (!entries.containsKey(address)) {
        missing.add(address);
        prefixes.add(keyspace.stateOf(address.namespace(), address.type(), address.id()));
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    List<List<KeyValue>> read = view.getPrefixes(prefixes);
    for (int i = 0; i < missing.size(); i++) {
      entries.put(missing.get(i), keyspace.stateValues(read.get(i)));
    }
  }

  /** Applies committed changes; {@code null} values are removals. */
  void apply(Addr address, Map<String, byte[]> changes) {
    Map<String, byte[]> values = entries.get(address);
    if (values == null) {
      return;
    }
    changes.forEach(
        (name, value) -> {
          if (value == null) {
            values.remove(name);
          } else {
            values.put(name, value);
          }
        });
  }

  public void clear() {
    entries.clear();
  }

  /** Forgets the addresses of {@code keyGroup}: another dispatcher may write their state now. */
  public void drop(int keyGroup, int groups) {
    entries.keySet().removeIf(address -> address.keyGroup(groups) == keyGroup);
  }
}
