package io.eventide.dispatcher.internal.cluster;

import io.eventide.dispatcher.api.ClusterSettings;
import io.eventide.dispatcher.api.Daemons;
import io.eventide.protocol.LeaseRecord;
import io.eventide.protocol.MemberRecord;
import io.eventide.store.KeyValue;
import io.eventide.store.StoreException;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one dispatcher's share of the key groups in a cluster. Each {@link #tick} renews its
 * membership, works out from the live members which key groups it should own ({@link Rendezvous}),
 * releases those that moved to another live member (after its listener stopped their work), and
 * takes those it should own that are free: released, or held by a member whose heartbeat expired.
 * Taking bumps the epoch, and every commit is fenced on the lease record ({@link
 * LeaseTable#fence}), so a dispatcher that was paused or cut off past its expiry can never commit
 * again for a group it lost: that is what makes failover safe, not the clocks.
 *
 * <p>Lease records carry {@code expires_at = 0}: they live as long as their owner's membership, so
 * renewing is one heartbeat write and the fenced value never changes under running commits.
 *
 * <pre>{@code
 * LeaseKeeper keeper = new LeaseKeeper(runner, keyspace, leases, LeaseListener.NONE,
 *     ClusterSettings.of("d1", "127.0.0.1:7071", 256));
 * keeper.start();   // ticks every ttl/3
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * {@link #tick} is synchronized; the scheduler calls it from one thread.
 */
public final class LeaseKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  /** What one tick saw and did. */
  public record Round(
      List<String> members, Set<Integer> acquired, Set<Integer> released, Set<Integer> lost) {}

  private final TransactionRunner runner;
  private final Keyspace keyspace;
  private final LeaseTable leases;
  private final LeaseListener listener;
  private final ClusterSettings config;
  private final Members members;
  private final long joinedAt;
  private ScheduledExecutorService scheduler;
  private ScheduledExecutorService heartbeats;

  /** What the last tick saw, for {@link #endpointOf}. */
  private volatile View last;

  public LeaseKeeper(
      TransactionRunner runner,
      Keyspace keyspace,
      LeaseTable leases,
      LeaseListener listener,
      ClusterSettings config) {
    this.runner = runner;
    this.keyspace = keyspace;
    this.leases = leases;
    this.listener = listener;
    this.config = config;
    this.members = new Members(keyspace);
    this.joinedAt = config.clock().getAsLong();
  }

  /** Ticks now and then every {@code interval} on a thread of its own. */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler = Daemons.scheduler("eventide-leases");
    scheduler.scheduleWithFixedDelay(
        this::tickLogged, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
    // Renewal on a thread of its own: a round that waits for groups to drain (or a slow store)
    // must not let this member's membership, and so all its leases, expire under it.
    heartbeats = Daemons.scheduler("eventide-heartbeat");
    heartbeats.scheduleAtFixedRate(
        this::heartbeatLogged,
        config.interval().toMillis(),
        config.interval().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void heartbeatLogged() {
    try {
      runner.run(
          tx -> {
            members.heartbeat(tx, memberRecord(config.clock().getAsLong()));
            return null;
          });
    } catch (RuntimeException e) {
      LOG.warn(
          "heartbeat of {} failed; its leases last until {} after the last one",
          config.nodeId(),
          config.ttl(),
          e);
    }
  }

  private MemberRecord memberRecord(long now) {
    return MemberRecord.newBuilder()
        .setNodeId(config.nodeId())
        .setEndpoint(config.endpoint())
        .setExpiresAt(now + config.ttl().toMillis())
        .setJoinedAt(joinedAt)
        .build();
  }

  private void tickLogged() {
    try {
      tick();
    } catch (RuntimeException e) {
      // The next tick tries again; leases held stay fenced either way.
      LOG.warn("lease round of {} failed", config.nodeId(), e);
    }
  }

  /** One round: heartbeat, notice losses, release what moved away, take what is free and ours. */
  public synchronized Round tick() {
    long now = config.clock().getAsLong();
    MemberRecord self = memberRecord(now);
    View view =
        runner.run(
            tx -> {
              members.heartbeat(tx, self);
              // Snapshot reads: other members' heartbeats must not make this one's renewal
              // conflict.
              Set<String> live = new TreeSet<>();
              live.add(config.nodeId());
              Map<String, String> endpoints = new HashMap<>();
              endpoints.put(config.nodeId(), config.endpoint());
              for (MemberRecord m : members.all(tx.snapshot())) {
                if (m.getExpiresAt() > now) {
                  live.add(m.getNodeId());
                  endpoints.put(m.getNodeId(), m.getEndpoint());
                }
              }
              Map<Integer, byte[]> stored = new HashMap<>();
              for (KeyValue kv : tx.snapshot().getPrefix(keyspace.leases(), 0)) {
                stored.put((int) keyspace.unpack(kv.key()).getLong(1), kv.value());
              }
              return new View(live, stored, endpoints);
            });
    this.last = view;
    Set<Integer> lost = noticeLosses(view);
    Set<Integer> released = release(view);
    Set<Integer> acquired = take(view);
    // What this round changed, so that members() and endpointOf() do not lag a tick behind.
    Map<Integer, byte[]> changed = new HashMap<>(view.stored());
    for (int kg : released) {
      changed.put(
          kg,
          LeaseRecord.newBuilder()
              .setEpoch(LeaseTable.parse(view.stored().get(kg)).getEpoch())
              .build()
              .toByteArray());
    }
    for (int kg : acquired) {
      byte[] value = leases.value(kg);
      if (value != null) {
        changed.put(kg, value);
      }
    }
    last = new View(view.live(), changed, view.endpoints());
    return new Round(List.copyOf(view.live()), acquired, released, lost);
  }

  private Set<Integer> noticeLosses(View view) {
    Set<Integer> lost = new TreeSet<>();
    for (int kg = 0; kg < config.keyGroups(); kg++) {
      byte[] mine = leases.value(kg);
      if (mine != null && !Arrays.equals(mine, view.stored().get(kg))) {
        leases.lost(kg);
        listener.lost(kg);
        lost.add(kg);
      }
    }
    if (!lost.isEmpty()) {
      LOG.warn(
          "{} lost key groups {} to other members while it was not renewing",
          config.nodeId(),
          lost);
    }
    return lost;
  }

  private Set<Integer> release(View view) {
    List<Integer> moving = new ArrayList<>();
    for (int kg = 0; kg < config.keyGroups(); kg++) {
      if (leases.holds(kg) && !config.nodeId().equals(Rendezvous.owner(view.live(), kg))) {
        moving.add(kg);
      }
    }
    if (moving.isEmpty()) {
      return Set.of();
    }
    listener.releasing(moving);
    try {
      handBack(moving, false);
    } catch (StoreException e) {
      if (e.code() != StoreException.Code.FENCED) {
        throw e;
      }
      // One of them was taken already; the next tick's loss check sorts out which.
    }
    moving.forEach(leases::lost);
    LOG.info("{} released key groups {}", config.nodeId(), moving);
    return new TreeSet<>(moving);
  }

  private Set<Integer> take(View view) {
    Map<Integer, byte[]> free = new HashMap<>();
    for (int kg = 0; kg < config.keyGroups(); kg++) {
      if (!leases.holds(kg)
          && config.nodeId().equals(Rendezvous.owner(view.live(), kg))
          && isFree(view.stored().get(kg), view.live(), config.nodeId())) {
        free.put(kg, view.stored().get(kg));
      }
    }
    if (free.isEmpty()) {
      return Set.of();
    }
    Map<Integer, byte[]> taken;
    try {
      taken =
          runner.run(
              tx -> {
                Map<Integer, byte[]> values = new HashMap<>();
                for (Map.Entry<Integer, byte[]> e : free.entrySet()) {
                  // Fenced on what this round saw: if anyone took one since, this taking fails
                  // whole.
                  tx.requireValue(keyspace.lease(e.getKey()), e.getValue());
                  values.put(e.getKey(), leases.take(tx, e.getKey(), 0));
                }
                return values;
              });
    } catch (StoreException e) {
      if (e.code() != StoreException.Code.FENCED) {
        throw e;
      }
      return Set.of(); // someone moved first; the next tick sees the new records
    }
    Set<Integer> acquired = new TreeSet<>(taken.keySet());
    for (int kg : acquired) {
      leases.install(kg, taken.get(kg));
      listener.acquired(kg);
    }
    LOG.info("{} acquired key groups {}", config.nodeId(), acquired);
    return acquired;
  }

  /**
   * The endpoint of the live member holding {@code keyGroup} as of the last tick; empty when it is
   * free or moving (the caller retries shortly).
   */
  public Optional<String> endpointOf(int keyGroup) {
    View view = last;
    byte[] stored = view == null ? null : view.stored().get(keyGroup);
    if (stored == null) {
      return Optional.empty();
    }
    String owner = LeaseTable.parse(stored).getOwner();
    // This node in a view older than its last hand-over: the group is on its way elsewhere.
    if (owner.equals(config.nodeId()) || !view.live().contains(owner)) {
      return Optional.empty();
    }
    return Optional.ofNullable(view.endpoints().get(owner));
  }

  /** A live member and the key groups it held, as of the last tick. */
  public record MemberView(String nodeId, String endpoint, List<Integer> keyGroups) {}

  /** A key group's lease as of the last tick: owner (empty when free) and epoch. */
  public record LeaseView(int keyGroup, String owner, long epoch) {}

  /** The live members with their key groups, as of the last tick (empty before the first). */
  public List<MemberView> members() {
    View view = last;
    if (view == null) {
      return List.of();
    }
    Map<String, List<Integer>> groups = new TreeMap<>();
    view.live().forEach(id -> groups.put(id, new ArrayList<>()));
    for (LeaseView lease : leases()) {
      List<Integer> held = groups.get(lease.owner());
      if (held != null) {
        held.add(lease.keyGroup());
      }
    }
    List<MemberView> members = new ArrayList<>();
    groups.forEach(
        (id, held) -> members.add(new MemberView(id, view.endpoints().get(id), List.copyOf(held))));
    return members;
  }

  /** Every stored lease, as of the last tick. */
  public List<LeaseView> leases() {
    View view = last;
    if (view == null) {
      return List.of();
    }
    List<LeaseView> leases = new ArrayList<>();
    for (int kg = 0; kg < config.keyGroups(); kg++) {
      byte[] stored = view.stored().get(kg);
      if (stored != null) {
        LeaseRecord lease = LeaseTable.parse(stored);
        leases.add(new LeaseView(kg, lease.getOwner(), lease.getEpoch()));
      }
    }
    return leases;
  }

  /**
   * Released, never taken, held by a member that is no longer live, or held under this node's id by
   * an earlier process (killed and started again with the same command, before its membership
   * expired): this process does not hold it, and taking it bumps the epoch, which fences the
   * earlier process should it still run.
   */
  private static boolean isFree(byte[] stored, Set<String> live, String self) {
    if (stored == null) {
      return true;
    }
    LeaseRecord lease = LeaseTable.parse(stored);
    return lease.getOwner().isEmpty()
        || !live.contains(lease.getOwner())
        || lease.getOwner().equals(self);
  }

  /**
   * Leaves the cluster: stops ticking, hands every held key group back (after the listener stopped
   * its work) and removes the membership, so the others take over at their next tick instead of
   * after the ttl.
   */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
    if (heartbeats != null) {
      heartbeats.shutdownNow();
      try {
        // A heartbeat landing after the leave below would bring this member back until its ttl.
        heartbeats.awaitTermination(config.interval().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      heartbeats = null;
    }
    List<Integer> held = new ArrayList<>();
    for (int kg = 0; kg < config.keyGroups(); kg++) {
      if (leases.holds(kg)) {
        held.add(kg);
      }
    }
    listener.releasing(held);
    try {
      handBack(held, true);
    } catch (StoreException e) {
      LOG.warn(
          "{} could not hand its key groups back; they free up when its membership expires",
          config.nodeId(),
          e);
    }
    held.forEach(leases::lost);
  }

  /** Releases {@code groups} (fenced on the values held), and the membership too when leaving. */
  private void handBack(List<Integer> groups, boolean leaving) {
    runner.run(
        tx -> {
          for (int kg : groups) {
            byte[] mine = leases.value(kg);
            tx.requireValue(keyspace.lease(kg), mine);
            // Same epoch, no owner: free to take, and the next taker's epoch is still higher.
            tx.set(
                keyspace.lease(kg),
                LeaseRecord.newBuilder()
                    .setEpoch(LeaseTable.parse(mine).getEpoch())
                    .build()
                    .toByteArray());
          }
          if (leaving) {
            members.leave(tx, config.nodeId());
          }
          return null;
        });
  }

  private record View(
      Set<String> live, Map<Integer, byte[]> stored, Map<String, String> endpoints) {}
}
