package io.eventide.dispatcher.internal.commit;

import static io.eventide.dispatcher.internal.commit.BatchCommitTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.dispatcher.internal.inbox.Entries;
import io.eventide.dispatcher.internal.inbox.StoreFixture;
import io.eventide.dispatcher.internal.routing.Addr;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A shard's state cache over the real embedded store: read on a miss, then kept and updated. */
class StateCacheTest {
  private static final int GROUPS = 8;

  @RegisterExtension final StoreFixture db = new StoreFixture();
  private final Addr a = address(Entries.idIn(1, GROUPS));
  private final Addr b = address(Entries.idIn(2, GROUPS));

  @Test
  void aMissIsReadFromTheStoreAndThenServedFromMemory() {
    store(a, "count", "1");
    StateCache cache = new StateCache(db.keyspace, 10);

    assertThat(cached(cache, a)).containsOnlyKeys("count");
    store(a, "count", "2"); // not by a commit of this shard: a cache that owns the group ignores it

    assertThat(cached(cache, a).get("count")).isEqualTo(bytes("1"));
  }

  @Test
  void committedChangesAreAppliedToCachedAddressesOnly() {
    store(a, "count", "1");
    store(a, "name", "x");
    StateCache cache = new StateCache(db.keyspace, 10);
    db.read(view -> cache.get(a, view));
    Map<String, byte[]> changes = new HashMap<>();
    changes.put("count", bytes("2"));
    changes.put("name", null);

    cache.apply(a, changes);
    cache.apply(b, Map.of("count", bytes("9")));

    assertThat(cached(cache, a)).containsOnlyKeys("count").containsEntry("count", bytes("2"));
    assertThat(cached(cache, b)).as("read from the store, which has none").isEmpty();
  }

  @Test
  void aCommitReplacesTheValuesItWasInvokedWithInsteadOfChangingThem() {
    store(a, "count", "1");
    StateCache cache = new StateCache(db.keyspace, 10);
    Map<String, byte[]> invokedWith = cached(cache, a);

    cache.apply(a, Map.of("count", bytes("2")));
    Map<String, byte[]> rewritten = cached(cache, a);
    cache.apply(a, Map.of("name", bytes("x")));
    Map<String, byte[]> added = cached(cache, a);
    Map<String, byte[]> removal = new HashMap<>();
    removal.put("count", null);
    cache.apply(a, removal);

    assertThat(invokedWith).containsOnlyKeys("count").containsEntry("count", bytes("1"));
    assertThat(rewritten).containsOnlyKeys("count").containsEntry("count", bytes("2"));
    assertThat(added).containsOnlyKeys("count", "name").containsEntry("name", bytes("x"));
    assertThat(cached(cache, a)).containsOnlyKeys("name");
    cache.apply(a, Map.of("name", bytes("y")));
    Map<String, byte[]> nameRemoved = new HashMap<>();
    nameRemoved.put("name", null);
    cache.apply(a, nameRemoved);
    assertThat(cached(cache, a)).isEmpty();
  }

  @Test
  void addressesShareOneInstanceOfEachValueName() {
    store(a, "count", "1");
    store(b, "count", "2");
    store(b, "name", "x");
    StateCache cache = new StateCache(db.keyspace, 10);

    String first = cached(cache, a).keySet().iterator().next();
    String second =
        cached(cache, b).keySet().stream().filter("count"::equals).findFirst().orElseThrow();

    assertThat(second).isSameAs(first);
    cache.apply(b, Map.of("count", bytes("3")));
    assertThat(cached(cache, b).keySet().stream().filter("count"::equals).findFirst())
        .containsSame(first);
  }

  @Test
  void loadReadsEveryMissingAddressAtOnceAndKeepsWhatIsCached() {
    store(a, "count", "1");
    store(b, "count", "7");
    StateCache cache = new StateCache(db.keyspace, 10);
    db.read(view -> cache.get(a, view));
    store(a, "count", "3");

    List<Map<String, byte[]>> loaded = db.read(view -> cache.load(List.of(b, a), view));

    assertThat(loaded).hasSize(2);
    assertThat(loaded.get(0)).as("b, read").containsOnlyKeys("count");
    assertThat(loaded.get(0).get("count")).isEqualTo(bytes("7"));
    assertThat(loaded.get(1)).as("a, cached").isSameAs(cached(cache, a));
    assertThat(cached(cache, a).get("count")).isEqualTo(bytes("1"));
    assertThat(cached(cache, b)).isSameAs(loaded.get(0));
  }

  @Test
  void loadGivesEveryAddressItsValuesEvenWhenTheBatchOutgrowsTheCache() {
    store(a, "count", "1");
    store(b, "count", "2");
    StateCache cache = new StateCache(db.keyspace, 1);

    List<Map<String, byte[]>> loaded = db.read(view -> cache.load(List.of(a, b), view));

    assertThat(loaded.get(0).get("count")).isEqualTo(bytes("1"));
    assertThat(loaded.get(1).get("count")).isEqualTo(bytes("2"));
  }

  @Test
  void theLeastRecentlyUsedAddressGoesFirstWhenFull() {
    store(a, "count", "1");
    store(b, "count", "1");
    StateCache cache = new StateCache(db.keyspace, 1);
    db.read(view -> cache.get(a, view));
    db.read(view -> cache.get(b, view));
    store(a, "count", "2");

    assertThat(cached(cache, a).get("count")).as("read again").isEqualTo(bytes("2"));
  }

  @Test
  void droppingKeyGroupsForgetsOnlyTheirAddresses() {
    Addr c = address(Entries.idIn(3, GROUPS));
    for (Addr address : List.of(a, b, c)) {
      store(address, "count", "1");
    }
    StateCache cache = new StateCache(db.keyspace, 10);
    for (Addr address : List.of(a, b, c)) {
      db.read(view -> cache.get(address, view));
      store(address, "count", "2");
    }

    BitSet moved = new BitSet();
    moved.set(1);
    moved.set(3);
    cache.drop(moved, GROUPS);

    assertThat(cached(cache, a).get("count")).isEqualTo(bytes("2"));
    assertThat(cached(cache, c).get("count")).isEqualTo(bytes("2"));
    assertThat(cached(cache, b).get("count")).as("group 2 stayed").isEqualTo(bytes("1"));
  }

  private static Addr address(String id) {
    return new Addr(Entries.NAMESPACE, Entries.TYPE, id);
  }

  private void store(Addr address, String name, String value) {
    db.write(
        tx ->
            tx.set(
                db.keyspace.state(address.namespace(), address.type(), address.id(), name),
                bytes(value)));
  }

  /** What {@code cache} holds for {@code address}, read through a view of the store. */
  private Map<String, byte[]> cached(StateCache cache, Addr address) {
    return db.read(view -> cache.get(address, view));
  }
}
