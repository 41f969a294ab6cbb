package io.eventide.dispatcher.internal.commit;

import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.dispatcher.internal.routing.SharedNames;
import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of recently active addresses of a shard's key groups. The shard owns those key groups
 * (a lease fences every commit), so nobody else writes this state and the cache is authoritative
 * until the lease is lost, when it is dropped. Bounded, least recently used out first.
 *
 * <p>An address's values are kept as an immutable map whose value names are shared by every
 * address: most addresses have one or two values, and a {@code HashMap} with its table and nodes,
 * plus a copy of the name per address, was two thirds of the bytes a cached address cost (about 450
 * bytes each, 85 MB at the default capacity). A commit replaces the map rather than changing it, so
 * a batch holding the map it was invoked with keeps seeing that state.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to its shard's thread.
 */
public final class StateCache {
  private final Keyspace keyspace;
  private final LinkedHashMap<Addr, Map<String, byte[]>> entries;
  private final SharedNames names = new SharedNames(4_096);

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

  /** The values of {@code address} by name, read from the store on a miss; never changed. */
  public Map<String, byte[]> get(Addr address, ReadView view) {
    Map<String, byte[]> values = entries.get(address);
    if (values == null) {
      byte[] prefix = keyspace.stateOf(address.namespace(), address.type(), address.id());
      values = compact(keyspace.stateValues(prefix, view.getPrefix(prefix, 0)));
      entries.put(address, values);
    }
    return values;
  }

  /**
   * The values of each of {@code addresses}, in their order, the uncached ones read in one batch
   * ({@link ReadView#getPrefixes}: a few round trips to a remote store, not one each) and put in
   * the cache. One look-up of the cache per address: with a million keys nearly every address
   * misses, and each look-up of a table of hundreds of thousands misses the CPU's caches too.
   */
  public List<Map<String, byte[]>> load(Collection<Addr> addresses, ReadView view) {
    List<Map<String, byte[]>> values = new ArrayList<>(addresses.size());
    List<Addr> missing = new ArrayList<>();
    List<byte[]> prefixes = new ArrayList<>();
    for (Addr address : addresses) {
      Map<String, byte[]> cached = entries.get(address);
      if (cached == null) {
        missing.add(address);
        prefixes.add(keyspace.stateOf(address.namespace(), address.type(), address.id()));
      }
      values.add(cached);
    }
    if (missing.isEmpty()) {
      return values;
    }
    List<List<KeyValue>> read = view.getPrefixes(prefixes);
    int next = 0;
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        Map<String, byte[]> loaded =
            compact(keyspace.stateValues(prefixes.get(next), read.get(next)));
        entries.put(missing.get(next++), loaded);
        values.set(i, loaded);
      }
    }
    return values;
  }

  /**
   * Applies committed changes; {@code null} values are removals. One look-up: the commit's address
   * was loaded by its batch moments ago, and is replaced where it is. Public for the benchmarks'
   * fixture (the dispatcher's test jar).
   */
  public void apply(Addr address, Map<String, byte[]> changes) {
    entries.computeIfPresent(address, (a, values) -> applied(values, changes));
  }

  private Map<String, byte[]> applied(Map<String, byte[]> values, Map<String, byte[]> changes) {
    if (values.size() == 1 && changes.size() == 1) {
      // A counter's commit: one value, rewritten or removed.
      Map.Entry<String, byte[]> change = changes.entrySet().iterator().next();
      if (values.containsKey(change.getKey())) {
        return change.getValue() == null
            ? Map.of()
            : Map.of(names.of(change.getKey()), change.getValue());
      }
    }
    Map<String, byte[]> updated = new HashMap<>(values);
    changes.forEach(
        (name, value) -> {
          if (value == null) {
            updated.remove(name);
          } else {
            updated.put(name, value);
          }
        });
    return compact(updated);
  }

  public void clear() {
    entries.clear();
  }

  /**
   * Forgets the addresses of the key groups set in {@code keyGroups}: another dispatcher may write
   * their state now. One pass over the cache however many groups change hands at once: a pass per
   * group made a hand-over of 128 groups walk a full cache 128 times on the shard's thread.
   */
  public void drop(BitSet keyGroups, int groups) {
    if (!keyGroups.isEmpty() && !entries.isEmpty()) {
      entries.keySet().removeIf(address -> keyGroups.get(address.keyGroup(groups)));
    }
  }

  private Map<String, byte[]> compact(Map<String, byte[]> values) {
    if (values.isEmpty()) {
      return Map.of();
    }
    if (values.size() == 1) {
      Map.Entry<String, byte[]> only = values.entrySet().iterator().next();
      return Map.of(names.of(only.getKey()), only.getValue());
    }
    Map<String, byte[]> named = new HashMap<>(values.size() * 2);
    values.forEach((name, value) -> named.put(names.of(name), value));
    return Map.copyOf(named);
  }
}
