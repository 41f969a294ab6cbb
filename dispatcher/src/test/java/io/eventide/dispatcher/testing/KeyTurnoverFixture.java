package io.eventide.dispatcher.testing;

import io.eventide.dispatcher.internal.commit.StateCache;
import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.dispatcher.internal.routing.Addresses;
import io.eventide.protocol.Address;
import io.eventide.store.ReadView;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shard's own work per address of a batch of counter events round robin over {@code keys} keys,
 * set up for a benchmark, without the store: each event's freshly decoded target interned, the
 * batch's addresses grouped, their state loaded through the state cache (from a view that answers
 * every address with one 8-byte {@code count}, so that only the shard's tables are measured), and
 * each address's new count applied to the cache as a commit does. With more keys than the cache
 * holds, every address is new to the intern table and the cache, as in {@code benchmarks/keys.sh}
 * at a million keys.
 *
 * <pre>{@code
 * KeyTurnoverFixture fixture = new KeyTurnoverFixture(1_000_000, 10_000, 200_000);
 * fixture.batch();
 * }</pre>
 */
public final class KeyTurnoverFixture {
  private static final String NAMESPACE = "bench";
  private static final String TYPE = "count";

  private final Keyspace keyspace = new Keyspace("bench");
  private final Addresses addresses;
  private final StateCache cache;
  private final int keys;
  private final int events;
  private final byte[] value = new byte[8];
  private final ReadView view;
  private int next;

  public KeyTurnoverFixture(int keys, int events, int cacheEntries) {
    this.keys = keys;
    this.events = events;
    this.addresses = new Addresses(2 * cacheEntries);
    this.cache = new StateCache(keyspace, cacheEntries);
    byte[] prefix = keyspace.stateOf(NAMESPACE, TYPE, "k");
    byte[] key = keyspace.state(NAMESPACE, TYPE, "k", "count");
    this.view = new OneCountView(Arrays.copyOfRange(key, prefix.length, key.length), value);
  }

  /** One batch of {@code events}; the number of its addresses. */
  public int batch() {
    LinkedHashMap<Addr, List<Integer>> byAddress = new LinkedHashMap<>();
    for (int i = 0; i < events; i++) {
      // A new proto and id per event, as the inbox decoder makes them with a million keys.
      Address target =
          Address.newBuilder().setNamespace(NAMESPACE).setType(TYPE).setId("k" + next).build();
      next = (next + 1) % keys;
      byAddress.computeIfAbsent(addresses.intern(target), a -> new ArrayList<>()).add(i);
    }
    List<Map<String, byte[]>> loaded = cache.load(byAddress.keySet(), view);
    Map<Addr, Map<String, byte[]>> changes = new HashMap<>();
    int i = 0;
    for (Addr address : byAddress.keySet()) {
      changes.put(address, Map.of("count", loaded.get(i++).get("count")));
    }
    changes.forEach(cache::apply);
    return changes.size();
  }
}
