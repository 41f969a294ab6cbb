package io.eventide.dispatcher.testing;

import io.eventide.dispatcher.internal.commit.StateCache;
import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * What a shard's state cache costs a change of hands, set up for a benchmark: a cache full of
 * addresses of the groups the shard serves (the lower half of 256), from which the other half, just
 * taken over or handed over, is dropped: walked once per group, as a takeover and a hand-over did,
 * or once for all of them.
 *
 * <pre>{@code
 * HandOverFixture fixture = new HandOverFixture(200_000);
 * fixture.dropTogether();
 * }</pre>
 */
public final class HandOverFixture {
  private static final int GROUPS = 256;
  private static final String NAMESPACE = "bench";
  private static final String TYPE = "count";

  private final Keyspace keyspace = new Keyspace("bench");
  private final StateCache cache;
  private final BitSet moved = new BitSet();

  public HandOverFixture(int cached) {
    cache = new StateCache(keyspace, cached);
    List<Addr> served = new ArrayList<>(cached);
    for (int i = 0; served.size() < cached; i++) {
      Addr address = new Addr(NAMESPACE, TYPE, "k" + i);
      if (address.keyGroup(GROUPS) < GROUPS / 2) {
        served.add(address);
      }
    }
    byte[] prefix = keyspace.stateOf(NAMESPACE, TYPE, "k");
    byte[] key = keyspace.state(NAMESPACE, TYPE, "k", "count");
    byte[] suffix = Arrays.copyOfRange(key, prefix.length, key.length);
    cache.load(served, new OneCountView(suffix, new byte[8]));
    moved.set(GROUPS / 2, GROUPS);
  }

  /** The groups dropped one at a time: a pass over the cache for each. */
  public int dropOneAtATime() {
    BitSet one = new BitSet(GROUPS);
    moved.stream()
        .forEach(
            kg -> {
              one.clear();
              one.set(kg);
              cache.drop(one, GROUPS);
            });
    return moved.cardinality();
  }

  /** The groups dropped together: one pass. */
  public int dropTogether() {
    cache.drop(moved, GROUPS);
    return moved.cardinality();
  }
}
