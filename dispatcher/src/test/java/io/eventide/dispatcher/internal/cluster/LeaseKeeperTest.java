package io.eventide.dispatcher.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.dispatcher.api.ClusterSettings;
import io.eventide.store.Store;
import io.eventide.store.StoreException;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lease keepers of several dispatchers on one real RocksDB store, on a manual clock. */
class LeaseKeeperTest {
  private static final int GROUPS = 64;
  private static final Duration TTL = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final Keyspace keyspace = new Keyspace("test");
  private Store store;
  private TransactionRunner runner;

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir);
    runner = new TransactionRunner(store);
  }

  @AfterEach
  void close() {
    runner.close();
    store.close();
  }

  @Test
  void aLoneDispatcherTakesEveryKeyGroup() {
    Node a = node("a");

    LeaseKeeper.Round round = a.keeper.tick();

    assertThat(round.acquired()).hasSize(GROUPS);
    assertThat(a.held()).hasSize(GROUPS);
    assertThat(a.events).contains("acquired 0", "acquired " + (GROUPS - 1));
  }

  @Test
  void aJoiningDispatcherGetsAFairShareAndNothingIsHeldTwice() {
    Node a = node("a");
    a.keeper.tick();
    Node b = node("b");

    assertThat(b.keeper.tick().acquired()).as("b waits until a hands groups over").isEmpty();
    LeaseKeeper.Round handOver = a.keeper.tick();
    LeaseKeeper.Round takeOver = b.keeper.tick();

    assertThat(handOver.released()).isEqualTo(takeOver.acquired()).isNotEmpty();
    assertThat(a.events).contains("releasing " + handOver.released().iterator().next());
    assertDisjointAndComplete(a, b);
    assertThat(b.held().size()).isBetween(GROUPS / 4, 3 * GROUPS / 4);
    // Steady state: further rounds move nothing.
    assertThat(a.keeper.tick().released()).isEmpty();
    assertThat(b.keeper.tick().acquired()).isEmpty();
  }

  @Test
  void groupsOfADispatcherThatStoppedRenewingMoveOnlyAfterItsMembershipExpires() {
    Node a = node("a");
    Node b = node("b");
    settle(a, b);
    Set<Integer> bHeld = b.held();

    clock.addAndGet(TTL.toMillis() - 1);
    assertThat(a.keeper.tick().acquired()).as("b is still live").isEmpty();
    clock.addAndGet(2);
    LeaseKeeper.Round round = a.keeper.tick();

    assertThat(round.members()).containsExactly("a");
    assertThat(round.acquired()).hasSize(LeaseKeeper.TAKE_AT_ONCE);
    assertThat(takeAll(a, round)).isEqualTo(bHeld);
    assertThat(a.held()).hasSize(GROUPS);
  }

  @Test
  void aDispatcherServingGroupsTakesMoreInPortionsThoseCallersWaitForFirst() {
    Node a = node("a");
    Node b = node("b");
    settle(a, b);
    List<Integer> bHeld = new ArrayList<>(b.held());
    int wanted = bHeld.get(bHeld.size() - 1); // last in key-group order

    clock.addAndGet(TTL.toMillis() + 1);
    a.keeper.want(wanted);
    LeaseKeeper.Round first = a.keeper.tick();

    // A hundred groups at once would stall the shards of the groups a serves for hundreds of
    // store reads: first the one a caller waits for, then a portion at a time.
    assertThat(first.acquired()).containsExactly(wanted);
    LeaseKeeper.Round portion = a.keeper.tick();
    assertThat(portion.acquired()).hasSize(LeaseKeeper.TAKE_AT_ONCE);
    Set<Integer> taken = new TreeSet<>(first.acquired());
    taken.addAll(takeAll(a, portion));
    assertThat(taken).containsExactlyInAnyOrderElementsOf(bHeld);
  }

  @Test
  void aDispatcherPausedPastItsLeaseCommitsNothingAndLearnsItLostItsGroups() {
    Node a = node("a");
    Node b = node("b");
    settle(a, b);
    int kg = b.held().iterator().next();
    byte[] key = keyspace.state("ns", "t", "x", "v");

    clock.addAndGet(TTL.toMillis() + 1); // b is "paused": it does not tick
    a.keeper.tick();
    assertThat(a.leases.holds(kg)).isTrue();

    // b wakes up and commits with the fence it still holds in memory: refused.
    assertThatThrownBy(
            () -> {
              try (Transaction tx = store.begin()) {
                b.leases.fence(tx, kg);
                tx.set(key, "stale".getBytes(StandardCharsets.UTF_8));
                tx.commitAsync().join();
              }
            })
        .hasRootCauseInstanceOf(StoreException.class)
        .rootCause()
        .satisfies(
            e -> assertThat(((StoreException) e).code()).isEqualTo(StoreException.Code.FENCED));
    try (Transaction tx = store.begin()) {
      assertThat(tx.get(key)).isNull();
    }

    LeaseKeeper.Round back = b.keeper.tick();
    assertThat(back.lost()).contains(kg);
    assertThat(b.events).contains("lost " + kg);
    assertThat(b.leases.holds(kg)).isFalse();
    // It rejoins and gets its share back through a clean hand-over, once it is eligible again.
    pass(Duration.ofMillis(TTL.toMillis() * Heartbeat.SETTLE_TTLS + 1), a, b);
    assertDisjointAndComplete(a, b);
    assertThat(b.held()).isNotEmpty();
  }

  @Test
  void aDispatcherWhoseHeartbeatWasLateDoesNotTakeItsGroupsBackUntilItStayedLiveAWhile() {
    Node a = node("a");
    Node b = node("b");
    settle(a, b);
    Set<Integer> bHeld = b.held();

    clock.addAndGet(TTL.toMillis() + 1); // b's renewals came too late: a saw it dead
    assertThat(takeAll(a, a.keeper.tick())).isEqualTo(bHeld);
    assertThat(b.keeper.tick().lost()).isEqualTo(bHeld);

    // Live again, and the rendezvous would give b its groups back; it must not win them yet, or
    // the next late heartbeat would move them again: there and back on every load spike.
    List<Integer> acquiredByB = new ArrayList<>();
    long settleMillis = TTL.toMillis() * Heartbeat.SETTLE_TTLS;
    for (long waited = 0; waited < settleMillis - TTL.toMillis(); waited += TTL.toMillis() / 2) {
      clock.addAndGet(TTL.toMillis() / 2);
      a.keeper.tick();
      acquiredByB.addAll(b.keeper.tick().acquired());
    }
    assertThat(acquiredByB).isEmpty();
    assertThat(a.held()).hasSize(GROUPS);

    pass(Duration.ofMillis(2 * TTL.toMillis()), a, b);
    assertThat(b.held()).as("eligible again: its share comes back, once").isEqualTo(bHeld);
    assertDisjointAndComplete(a, b);
  }

  @Test
  void aDispatcherStartedAgainUnderItsIdTakesItsGroupsBackAtOnceAndFencesItsEarlierProcess() {
    Node a = node("a");
    Node b = node("b");
    settle(a, b);
    Set<Integer> bHeld = b.held();
    int kg = bHeld.iterator().next();
    long before = b.leases.epoch(kg);

    // b is killed and started again with the same command before its membership expired: the
    // new process's heartbeats keep "b" live, so nobody else would ever take b's groups.
    Node again = node("b");
    LeaseKeeper.Round round = again.keeper.tick(); // it serves nothing yet: all at once

    assertThat(round.acquired()).isEqualTo(bHeld);
    assertThat(again.leases.epoch(kg)).isGreaterThan(before);
    assertDisjointAndComplete(a, again);
    assertThatThrownBy(
            () -> {
              try (Transaction tx = store.begin()) {
                b.leases.fence(tx, kg);
                tx.set(keyspace.state("ns", "t", "x", "v"), new byte[] {1});
                tx.commitAsync().join();
              }
            })
        .hasRootCauseInstanceOf(StoreException.class);
  }

  @Test
  void aDispatcherThatLeavesHandsItsGroupsOverWithoutWaitingForTheTtl() {
    Node a = node("a");
    Node b = node("b");
    settle(a, b);
    Set<Integer> bHeld = b.held();

    b.keeper.close();

    assertThat(b.held()).isEmpty();
    assertThat(b.events).contains("releasing " + bHeld.iterator().next());
    // The hand-over names the successor in the store, so gateways route to it before it took.
    ClusterDirectory.Snapshot handed = new ClusterDirectory(store, keyspace, clock::get).read();
    assertThat(bHeld).allSatisfy(kg -> assertThat(handed.owners().get(kg)).isEqualTo("a"));
    int kg = bHeld.iterator().next();
    long handedEpoch = LeaseTable.parse(stored(kg)).getEpoch();
    assertThat(takeAll(a, a.keeper.tick())).isEqualTo(bHeld);
    assertThat(a.leases.epoch(kg)).as("a taking, not an adoption").isGreaterThan(handedEpoch);
  }

  @Test
  void aSuccessorToldOfAHandOverServesTheGroupsAtOnceUnderTheValueWritten() {
    List<Node> pair = tellingEachOther();
    Node a = pair.get(0);
    Node b = pair.get(1);
    Set<Integer> bHeld = b.held();
    int kg = bHeld.iterator().next();
    byte[] before = b.leases.value(kg);

    b.keeper.close();

    assertThat(a.held()).as("served without a round of a's").containsAll(bHeld);
    assertThat(a.events).contains("acquired " + kg);
    assertThat(a.leases.epoch(kg)).isEqualTo(LeaseTable.parse(before).getEpoch() + 1);
    assertThat(commitFencedOn(a.leases, kg)).as("a commits under the adopted value").isTrue();
    assertThat(commitFencedOn(valueTable("b", kg, before), kg)).isFalse();
    LeaseKeeper.Round next = a.keeper.tick();
    assertThat(next.acquired()).as("nothing left to take").isEmpty();
    assertThat(next.lost()).isEmpty();
  }

  @Test
  void anOfferNotNamingTheReceiverOrOlderThanWhatItSawIsRefused() {
    Node a = node("a");
    Node b = node("b");
    settle(a, b);
    int kg = b.held().iterator().next();
    long epoch = b.leases.epoch(kg);

    Set<Integer> forB = a.keeper.adopt("x", Map.of(kg, KeeperView.handedTo("b", epoch + 1))).join();
    Set<Integer> stale =
        a.keeper.adopt("x", Map.of(kg, KeeperView.handedTo("a", epoch - 1))).join();
    Set<Integer> garbage = a.keeper.adopt("x", Map.of(kg, new byte[] {(byte) 0xff})).join();

    assertThat(forB).isEmpty();
    assertThat(stale).isEmpty();
    assertThat(garbage).isEmpty();
    assertThat(a.leases.holds(kg)).isFalse();
  }

  @Test
  void aSuccessorNotToldTakesTheGroupWithAnotherEpochAndFencesOffOneThatAdoptedIt() {
    List<Node> pair = tellingEachOther();
    Node a = pair.get(0);
    Node b = pair.get(1);
    int kg = b.held().iterator().next();
    b.keeper.close(); // a adopts b's groups

    // A second process under a's id was never told: its round takes the group, so the two never
    // commit under one value.
    Node again = node("a");
    LeaseKeeper.Round round = again.keeper.tick();

    assertThat(round.acquired()).contains(kg);
    assertThat(again.leases.epoch(kg)).isGreaterThan(a.leases.epoch(kg));
    assertThat(commitFencedOn(a.leases, kg)).isFalse();
    assertThat(commitFencedOn(again.leases, kg)).isTrue();
  }

  /** Nodes a and b, settled, each telling the other of the groups it hands over. */
  private List<Node> tellingEachOther() {
    Map<String, Node> byEndpoint = new HashMap<>();
    Node a = node("a", byEndpoint);
    Node b = node("b", byEndpoint);
    byEndpoint.put(endpoint("a"), a);
    byEndpoint.put(endpoint("b"), b);
    settle(a, b);
    return List.of(a, b);
  }

  /** Whether a commit fenced on what {@code table} holds for {@code kg} goes through. */
  private boolean commitFencedOn(LeaseTable table, int kg) {
    try (Transaction tx = store.begin()) {
      table.fence(tx, kg);
      tx.set(keyspace.state("ns", "t", "x", "v"), new byte[] {1});
      tx.commitAsync().join();
      return true;
    } catch (RuntimeException e) {
      assertThat(e).hasRootCauseInstanceOf(StoreException.class);
      return false;
    }
  }

  private LeaseTable valueTable(String owner, int kg, byte[] value) {
    LeaseTable table = new LeaseTable(keyspace, owner, GROUPS);
    table.install(kg, value);
    return table;
  }

  private byte[] stored(int kg) {
    try (Transaction tx = store.begin()) {
      return tx.get(keyspace.lease(kg));
    }
  }

  private static String endpoint(String id) {
    return "127.0.0.1:" + (7000 + id.charAt(0));
  }

  @Test
  void threeDispatchersSplitTheGroupsAndEpochsOnlyGrow() {
    Node a = node("a");
    Node b = node("b");
    Node c = node("c");
    settle(a, b, c);
    assertDisjointAndComplete(a, b, c);
    for (Node n : List.of(a, b, c)) {
      assertThat(n.held().size()).as(n.id).isBetween(GROUPS / 8, GROUPS / 2 + GROUPS / 8);
    }
    int moved = b.held().iterator().next();
    long before = b.leases.epoch(moved);

    b.keeper.close();
    settle(a, c);

    Node now = a.leases.holds(moved) ? a : c;
    assertThat(now.leases.epoch(moved)).isGreaterThan(before);
    assertDisjointAndComplete(a, c);
  }

  /** What {@code first} and the rounds after it acquired, until one acquires nothing. */
  private static Set<Integer> takeAll(Node n, LeaseKeeper.Round first) {
    Set<Integer> acquired = new TreeSet<>(first.acquired());
    for (Set<Integer> more = first.acquired(); !more.isEmpty(); ) {
      more = n.keeper.tick().acquired();
      acquired.addAll(more);
    }
    return acquired;
  }

  /** Lets {@code time} pass in steps well under the ttl, every node ticking at each. */
  private void pass(Duration time, Node... all) {
    for (long passed = 0; passed < time.toMillis(); passed += TTL.toMillis() / 4) {
      clock.addAndGet(TTL.toMillis() / 4);
      settle(all);
    }
  }

  /** Ticks every node until a full round changes nothing. */
  private void settle(Node... all) {
    for (int round = 0; round < 10; round++) {
      boolean changed = false;
      for (Node n : all) {
        LeaseKeeper.Round r = n.keeper.tick();
        changed |= !r.acquired().isEmpty() || !r.released().isEmpty() || !r.lost().isEmpty();
      }
      if (!changed) {
        return;
      }
    }
    throw new AssertionError("leases did not settle in 10 rounds");
  }

  private static void assertDisjointAndComplete(Node... all) {
    Set<Integer> union = new HashSet<>();
    int total = 0;
    for (Node n : all) {
      union.addAll(n.held());
      total += n.held().size();
    }
    assertThat(union)
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, GROUPS).boxed().toList());
    assertThat(total).as("no key group held twice").isEqualTo(GROUPS);
  }

  private Node node(String id) {
    return new Node(id, Successors.NONE);
  }

  /** A node that tells the nodes it hands groups to directly, as the gRPC hand-over does. */
  private Node node(String id, Map<String, Node> byEndpoint) {
    return new Node(id, (endpoint, values) -> byEndpoint.get(endpoint).keeper.adopt(id, values));
  }

  private final class Node implements LeaseListener {
    final String id;
    final LeaseTable leases;
    final LeaseKeeper keeper;
    final List<String> events = new ArrayList<>();

    Node(String id, Successors successors) {
      this.id = id;
      this.leases = new LeaseTable(keyspace, id, GROUPS);
      this.keeper =
          new LeaseKeeper(
              runner,
              keyspace,
              leases,
              this,
              successors,
              new ClusterSettings(
                  id, endpoint(id), GROUPS, TTL, Duration.ofSeconds(3), clock::get));
    }

    Set<Integer> held() {
      Set<Integer> held = new TreeSet<>();
      for (int kg = 0; kg < GROUPS; kg++) {
        if (leases.holds(kg)) {
          held.add(kg);
        }
      }
      return held;
    }

    @Override
    public void acquired(int keyGroup) {
      events.add("acquired " + keyGroup);
    }

    @Override
    public void releasing(int keyGroup) {
      events.add("releasing " + keyGroup);
    }

    @Override
    public void lost(int keyGroup) {
      events.add("lost " + keyGroup);
    }
  }
}
