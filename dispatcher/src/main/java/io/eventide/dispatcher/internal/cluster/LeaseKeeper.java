package io.eventide.dispatcher.internal.cluster;

import io.eventide.dispatcher.api.ClusterSettings;
import io.eventide.dispatcher.api.Daemons;
import io.eventide.protocol.MemberRecord;
import io.eventide.store.KeyValue;
import io.eventide.store.StoreException;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one dispatcher's share of the key groups in a cluster. Each {@link #tick} renews its
 * membership, reads the live members and the leases ({@link KeeperView}), notices groups taken from
 * it, hands those that should move to their new holder, and takes those it should hold that are
 * free. Taking bumps the epoch, and every commit is fenced on the lease record ({@link
 * LeaseTable#fence}), so a dispatcher that was paused or cut off past its expiry can never commit
 * again for a group it lost: that is what makes failover safe, not the clocks.
 *
 * <p>Rounds run when something can change, not on a fixed beat: at the instant another member's
 * membership runs out (so a dead member's groups are taken as soon as it is dead), when asked
 * ({@link #tickSoon}: a request for a group on its way here), and at least every {@link
 * ClusterSettings#interval}. A hand-over writes the lease naming the successor with a new epoch, so
 * gateways reading the directory route there at once, and tells the successor ({@link Successors}),
 * which serves the group under that value at once ({@link #adopt}); one not told takes it at its
 * next round.
 *
 * <pre>{@code
 * LeaseKeeper keeper = new LeaseKeeper(runner, keyspace, leases, LeaseListener.NONE,
 *     ClusterSettings.of("d1", "127.0.0.1:7071", 256));
 * keeper.start(); // renews every ttl/4; rounds at expiries, and at least that often
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * What a round does with what it read, adoptions and {@link #close} run under this keeper's lock; a
 * round's read does not, so that a stop never waits for it. Rounds run on one scheduler thread,
 * renewals on the {@link Heartbeat}'s. The views ({@link #members}, {@link #elsewhere}) read the
 * last round.
 */
public final class LeaseKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  /** What one tick saw and did. */
  public record Round(
      List<String> members, Set<Integer> acquired, Set<Integer> released, Set<Integer> lost) {}

  private static final Round NOTHING = new Round(List.of(), Set.of(), Set.of(), Set.of());

  private final TransactionRunner runner;
  private final Keyspace keyspace;
  private final LeaseTable leases;
  private final LeaseListener listener;
  private final HandOvers handOvers;
  private final ClusterSettings config;
  private final Members members;
  private final Heartbeat heartbeat;
  private final Object wakeLock = new Object();
  private final Map<Integer, String> handedTo = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> handedOver = new CompletableFuture<>();
  private ScheduledExecutorService scheduler;

  /**
   * Where offers are adopted (guarded by {@code wakeLock}, as {@code scheduler}): not the rounds'
   * thread, where an offer waited for a whole round, its read included (see {@link #adopt}).
   */
  private ScheduledExecutorService adopter;

  private ScheduledFuture<?> nextRound;
  private CompletableFuture<Void> upcoming = new CompletableFuture<>();
  private boolean soonQueued;

  /** Most groups a round takes while this member serves others; see {@link #take}. */
  static final int TAKE_AT_ONCE = 8;

  /** Between two portions of a takeover: about what a shard needs to start serving one. */
  private static final Duration PORTION_PAUSE = Duration.ofMillis(50);

  /** Groups that requests wait for here ({@link HolderWait}): taken before the others. */
  private final Set<Integer> wanted = ConcurrentHashMap.newKeySet();

  /** The last round left groups to take: the next one runs at once. */
  private volatile boolean more;

  private volatile boolean leaving;

  /** When this round began and finished reading, for the log line of a taking. */
  private long roundStarted;

  private long roundRead;

  /** What the last tick saw and wrote. */
  private volatile KeeperView last;

  /** Counts adoptions, under this keeper's lock: a round that read before one acts on nothing. */
  private long adoptions;

  public LeaseKeeper(
      TransactionRunner runner,
      Keyspace keyspace,
      LeaseTable leases,
      LeaseListener listener,
      ClusterSettings config) {
    this(runner, keyspace, leases, listener, Successors.NONE, config);
  }

  /** With {@code successors} told of every hand-over, so they serve the groups without a round. */
  public LeaseKeeper(
      TransactionRunner runner,
      Keyspace keyspace,
      LeaseTable leases,
      LeaseListener listener,
      Successors successors,
      ClusterSettings config) {
    this.runner = runner;
    this.keyspace = keyspace;
    this.leases = leases;
    this.listener = listener;
    this.handOvers = new HandOvers(config, successors);
    this.config = config;
    this.members = new Members(keyspace);
    this.heartbeat = new Heartbeat(runner, keyspace, config);
  }

  /**
   * Renews the membership from now on, runs a first round on the calling thread (so the caller
   * holds its share when this returns), then rounds on a thread of their own.
   */
  public synchronized void start() {
    if (scheduler != null || leaving) {
      return;
    }
    // Renewals first: a first round that is slow (a cold JVM, a busy store) must not let the
    // membership it just wrote run out.
    heartbeat.start();
    synchronized (wakeLock) {
      scheduler = Daemons.scheduler("eventide-leases");
      adopter = Daemons.scheduler("eventide-adopt");
    }
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("first lease round of {} failed; the next one tries again", config.nodeId(), e);
    }
    scheduleNext();
  }

  /** A round as soon as the thread is free; the future completes when a round started after it. */
  public CompletableFuture<Void> tickSoon() {
    synchronized (wakeLock) {
      if (!soonQueued && scheduler != null && !leaving) {
        try {
          scheduler.execute(this::round);
          soonQueued = true;
        } catch (RejectedExecutionException closed) {
          return CompletableFuture.completedFuture(null);
        }
      }
      return upcoming;
    }
  }

  /** Completes when the next round (scheduled or asked for) has run, or this keeper stops. */
  public CompletableFuture<Void> nextTick() {
    synchronized (wakeLock) {
      return upcoming;
    }
  }

  /**
   * Gives later waiters a fresh future and returns the one earlier waiters hold, for the caller to
   * complete once it changed what they wait for. Holds {@code wakeLock}.
   */
  private CompletableFuture<Void> nextUpcoming() {
    CompletableFuture<Void> waiting = upcoming;
    upcoming = new CompletableFuture<>();
    return waiting;
  }

  private void round() {
    CompletableFuture<Void> done;
    synchronized (wakeLock) {
      done = nextUpcoming();
      soonQueued = false;
    }
    try {
      tick();
    } catch (RuntimeException e) {
      if (leaving) {
        // Its read outlived the stop (interrupted, or the store closed): discarded anyway.
        LOG.debug("lease round of {} ended by its leaving", config.nodeId(), e);
      } else {
        // The next round tries again; leases held stay fenced either way.
        LOG.warn("lease round of {} failed", config.nodeId(), e);
      }
    } finally {
      done.complete(null);
      scheduleNext();
    }
  }

  private void scheduleNext() {
    KeeperView view = last;
    long max = config.interval().toMillis();
    long delay = view == null ? max : view.untilNextChange(config.clock().getAsLong(), max);
    if (more) {
      more = false;
      // The rest of a takeover, a portion at a time: the shards serve between two portions.
      delay = Math.min(delay, PORTION_PAUSE.toMillis());
    }
    synchronized (wakeLock) {
      if (scheduler == null || leaving) {
        return;
      }
      if (nextRound != null) {
        nextRound.cancel(false);
      }
      try {
        nextRound = scheduler.schedule(this::round, delay, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        nextRound = null;
      }
    }
  }

  /**
   * One round: renew, notice losses, hand over what should move, take what is free and ours. While
   * the heartbeat thread renews, the read runs outside this keeper's lock, so that {@link #close}
   * does not wait for it: a round that read while this member began leaving, or while a hand-over
   * was adopted, acts on nothing.
   */
  public Round tick() {
    if (leaving) {
      return NOTHING;
    }
    if (!heartbeat.running()) {
      // Rounds by hand (tests) renew the membership in their read, and a renewal committed after
      // the leaving commit would bring this member back: those read under the lock.
      synchronized (this) {
        return act(read(true), adoptions);
      }
    }
    long before;
    synchronized (this) {
      before = adoptions;
    }
    return act(read(false), before);
  }

  /** What one round read, and when it began and finished. */
  private record Read(KeeperView view, long started, long finished, boolean renewed) {}

  private Read read(boolean renew) {
    long now = config.clock().getAsLong();
    // Rounds renew the membership only until the heartbeat thread does (and in tests, which run
    // rounds by hand): a round that reads alone is no commit for the store to make durable.
    long started = System.nanoTime();
    KeeperView view =
        runner.run(
            tx -> {
              // Snapshot reads, so that other members' heartbeats do not make this round conflict;
              // both in one read, made before the heartbeat's write so that on a remote store it
              // also begins the session: the round is two round trips, this read and the commit.
              List<List<KeyValue>> read =
                  tx.snapshot().getPrefixes(List.of(members.prefix(), keyspace.leases()));
              MemberRecord self = renew ? heartbeat.write(tx, now) : heartbeat.record(now);
              Map<String, MemberRecord> live = new HashMap<>();
              for (MemberRecord m : Members.all(read.get(0))) {
                if (m.getExpiresAt() > now) {
                  live.put(m.getNodeId(), m);
                }
              }
              live.put(config.nodeId(), self);
              Map<Integer, byte[]> stored = new HashMap<>();
              for (KeyValue kv : read.get(1)) {
                stored.put((int) keyspace.unpack(kv.key()).getLong(1), kv.value());
              }
              return new KeeperView(now, config.nodeId(), live, stored);
            });
    return new Read(view, started, System.nanoTime(), renew);
  }

  /**
   * {@code adoptedBefore}: {@link #adoptions} when the read began. A group adopted since was read
   * with its leaver's value, which would count as a loss, and a hand-over computed from that view
   * could send it back: such a round acts on nothing and the next one runs at once.
   */
  private synchronized Round act(Read read, long adoptedBefore) {
    if (read.renewed()) {
      heartbeat.committed(read.view().live().get(config.nodeId()));
    }
    if (leaving) {
      return NOTHING; // the leaver hands over from the view it had: this one came too late
    }
    if (adoptions != adoptedBefore) {
      more = true;
      return NOTHING;
    }
    KeeperView view = read.view();
    long now = view.now();
    Set<Integer> lost = noticeLosses(view);
    if (!lost.isEmpty()) {
      heartbeat.lapsed(now);
      Map<String, MemberRecord> live = new HashMap<>(view.live());
      live.put(config.nodeId(), heartbeat.record(now));
      view = new KeeperView(now, config.nodeId(), live, view.stored());
    }
    this.last = view;
    handOvers.keepReady(view);
    Map<Integer, byte[]> changed = new HashMap<>();
    roundStarted = read.started();
    roundRead = read.finished();
    Set<Integer> released = handOver(view, changed);
    Set<Integer> acquired = take(view, changed);
    // What this round wrote, so that the views do not lag a round behind.
    last = view.with(changed);
    return new Round(List.copyOf(new TreeSet<>(view.live().keySet())), acquired, released, lost);
  }

  private Set<Integer> noticeLosses(KeeperView view) {
    Set<Integer> lost = new TreeSet<>();
    for (int kg = 0; kg < config.keyGroups(); kg++) {
      byte[] mine = leases.value(kg);
      if (mine != null && !Arrays.equals(mine, view.stored().get(kg))) {
        leases.lost(kg);
        lost.add(kg);
      }
    }
    if (!lost.isEmpty()) {
      listener.lost(lost);
      LOG.warn(
          "{} lost key groups {} to other members while it was not renewing",
          config.nodeId(),
          lost);
    }
    return lost;
  }

  /**
   * Hands the groups this member holds, or that name it, to whoever should hold them now: after the
   * listener stopped their work, the lease names the successor with a new epoch, and the successor
   * is told ({@link #adopt}).
   */
  private Set<Integer> handOver(KeeperView view, Map<Integer, byte[]> changed) {
    Map<Integer, String> moving = new TreeMap<>();
    List<Integer> held = new ArrayList<>();
    for (int kg = 0; kg < config.keyGroups(); kg++) {
      boolean holds = leases.holds(kg);
      if ((holds || config.nodeId().equals(view.owner(kg)))
          && !config.nodeId().equals(view.desired(kg))) {
        moving.put(kg, view.desired(kg));
        if (holds) {
          held.add(kg);
        }
      }
    }
    if (moving.isEmpty()) {
      return Set.of();
    }
    listener.releasing(held);
    try {
      Map<Integer, byte[]> written = write(moving, view, false);
      changed.putAll(written);
      handOvers.announce(
          moving, written, view); // not waited for: a successor missing it takes in a round
    } catch (StoreException e) {
      if (e.code() != StoreException.Code.FENCED) {
        throw e;
      }
      // One of them was taken already; the next round's loss check sorts out which.
    }
    held.forEach(leases::lost);
    LOG.info("{} handed key groups over: {}", config.nodeId(), moving);
    return new TreeSet<>(held);
  }

  /**
   * Takes the free groups this member should hold: all at once while it serves none; else those
   * requests wait for, or else at most {@link #TAKE_AT_ONCE}, the next portion {@link
   * #PORTION_PAUSE} later. Each group taken costs its shard a few store reads before the shard
   * serves anything again, so a hundred at once would stall every caller of the groups it serves.
   */
  private Set<Integer> take(KeeperView view, Map<Integer, byte[]> changed) {
    List<Integer> candidates = new ArrayList<>();
    List<Integer> waitedFor = new ArrayList<>();
    boolean serving = false;
    for (int kg = 0; kg < config.keyGroups(); kg++) {
      serving |= leases.holds(kg);
      if (!leases.holds(kg) && config.nodeId().equals(view.desired(kg)) && view.free(kg)) {
        candidates.add(kg);
        if (wanted.contains(kg)) {
          waitedFor.add(kg);
        }
      }
    }
    List<Integer> portion =
        !serving
            ? candidates
            : !waitedFor.isEmpty()
                ? waitedFor
                : candidates.subList(0, Math.min(TAKE_AT_ONCE, candidates.size()));
    more = portion.size() < candidates.size();
    Map<Integer, byte[]> free = new HashMap<>();
    portion.forEach(kg -> free.put(kg, view.stored().get(kg)));
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
                  values.put(e.getKey(), leases.takeFrom(tx, e.getKey(), e.getValue()));
                }
                return values;
              });
    } catch (StoreException e) {
      if (e.code() != StoreException.Code.FENCED) {
        throw e;
      }
      return Set.of(); // someone moved first; the next round sees the new records
    }
    Set<Integer> acquired = new TreeSet<>(taken.keySet());
    for (int kg : acquired) {
      leases.install(kg, taken.get(kg));
      changed.put(kg, taken.get(kg));
      wanted.remove(kg);
    }
    long committed = System.nanoTime();
    listener.acquired(acquired);
    LOG.info(
        "{} acquired key groups {} (read in {} ms, taken in {} ms, handed to the shards in {} ms)",
        config.nodeId(),
        acquired,
        TimeUnit.NANOSECONDS.toMillis(roundRead - roundStarted),
        TimeUnit.NANOSECONDS.toMillis(committed - roundRead),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committed));
    return acquired;
  }

  /**
   * Writes each of {@code groups} naming its successor (null: none, released) with the next epoch,
   * fenced on the value this member holds or, for a group only named after it, on the stored one;
   * when leaving, removes the membership in the same commit.
   */
  private Map<Integer, byte[]> write(Map<Integer, String> groups, KeeperView view, boolean leave) {
    return runner.run(
        tx -> {
          Map<Integer, byte[]> written = new HashMap<>();
          for (Map.Entry<Integer, String> e : groups.entrySet()) {
            int kg = e.getKey();
            byte[] expected = leases.holds(kg) ? leases.value(kg) : view.stored().get(kg);
            tx.requireValue(keyspace.lease(kg), expected);
            long epoch = expected == null ? 0 : LeaseTable.parse(expected).getEpoch();
            // A successor gets a value no process held before, which only the one told of it
            // adopts; one that is not told takes it in a round, bumping the epoch once more.
            byte[] value =
                KeeperView.handedTo(e.getValue(), e.getValue() == null ? epoch : epoch + 1);
            tx.set(keyspace.lease(kg), value);
            written.put(kg, value);
          }
          if (leave) {
            members.leave(tx, config.nodeId());
          }
          return written;
        });
  }

  /**
   * The endpoint of the live member other than this one that holds {@code keyGroup} as of the last
   * round, unless it is among {@code notHolders}; empty when the group is free, moving, here, or
   * with one of those.
   */
  public Optional<String> elsewhere(int keyGroup, Set<String> notHolders) {
    KeeperView view = last;
    String holder = view == null ? null : view.holder(keyGroup);
    if (holder == null || holder.equals(config.nodeId())) {
      return Optional.empty();
    }
    String endpoint = view.endpoint(holder);
    return endpoint == null || notHolders.contains(endpoint)
        ? Optional.empty()
        : Optional.of(endpoint);
  }

  /** The stored lease of {@code keyGroup} as of the last round; null when there is none. */
  public byte[] leaseSeen(int keyGroup) {
    KeeperView view = last;
    byte[] stored = view == null ? null : view.stored().get(keyGroup);
    return stored == null ? null : stored.clone();
  }

  /** A request waits here for {@code keyGroup}: the next round takes it first if it may. */
  public void want(int keyGroup) {
    wanted.add(keyGroup);
  }

  /** True from the start of {@link #close}: this member is handing its groups over. */
  public boolean leaving() {
    return leaving;
  }

  /** Completes once {@link #close} wrote its hand-over (or failed to). */
  public CompletableFuture<Void> handedOver() {
    return handedOver;
  }

  /** The endpoint of the member {@link #close} handed {@code keyGroup} to, if any. */
  public Optional<String> successorEndpoint(int keyGroup) {
    return Optional.ofNullable(handedTo.get(keyGroup));
  }

  /** A live member and the key groups it held, as of the last tick. */
  public record MemberView(String nodeId, String endpoint, List<Integer> keyGroups) {}

  /** A key group's lease as of the last tick: owner (empty when free) and epoch. */
  public record LeaseView(int keyGroup, String owner, long epoch) {}

  /** The live members with their key groups, as of the last tick (empty before the first). */
  public List<MemberView> members() {
    KeeperView view = last;
    if (view == null) {
      return List.of();
    }
    Map<String, List<Integer>> groups = new TreeMap<>();
    view.live().keySet().forEach(id -> groups.put(id, new ArrayList<>()));
    for (LeaseView lease : leases()) {
      List<Integer> held = groups.get(lease.owner());
      if (held != null) {
        held.add(lease.keyGroup());
      }
    }
    List<MemberView> members = new ArrayList<>();
    groups.forEach(
        (id, held) -> members.add(new MemberView(id, view.endpoint(id), List.copyOf(held))));
    return members;
  }

  /** Every stored lease, as of the last tick. */
  public List<LeaseView> leases() {
    KeeperView view = last;
    if (view == null) {
      return List.of();
    }
    List<LeaseView> leases = new ArrayList<>();
    for (int kg = 0; kg < config.keyGroups(); kg++) {
      byte[] stored = view.stored().get(kg);
      if (stored != null) {
        var lease = LeaseTable.parse(stored);
        leases.add(new LeaseView(kg, lease.getOwner(), lease.getEpoch()));
      }
    }
    return leases;
  }

  /**
   * Leaves the cluster: stops the rounds and the heartbeat, and, once the listener stopped the held
   * groups' work, writes each lease naming its successor and removes the membership in one commit.
   * The successors are told and serve them at once; one that does not answer within {@link
   * ClusterSettings#interval} takes them at its next round, or when a request for one arrives.
   */
  @Override
  public void close() {
    long asked = System.nanoTime();
    leaving = true; // before the lock: a round in progress takes nothing more
    // The groups held now drain while the heartbeat stops. A round still reading is not waited
    // for (its view would be discarded); one already taking or handing over is, since what it
    // commits is what this member then holds.
    Set<Integer> held = leases.held();
    Thread draining = new Thread(() -> listener.releasing(held), "eventide-leaving");
    draining.setDaemon(true);
    draining.start();
    closeRounds(asked, draining, held);
  }

  private synchronized void closeRounds(long asked, Thread draining, Set<Integer> drained) {
    synchronized (wakeLock) {
      if (scheduler != null) {
        scheduler.shutdownNow();
        scheduler = null;
        adopter.shutdownNow();
        adopter = null;
      }
      upcoming.complete(null); // nobody waits for a round that will not come
    }
    heartbeat.close();
    long stopped = System.nanoTime();
    try {
      draining.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      handBackAll(asked, stopped, drained);
    } finally {
      handedOver.complete(null);
    }
  }

  /**
   * {@code alreadyDrained}: the groups whose work {@link #close} stopped already; any other held
   * now (taken by the round that was running) is stopped here.
   */
  private void handBackAll(long asked, long stopped, Set<Integer> alreadyDrained) {
    KeeperView view = last;
    Map<Integer, String> heirs = new TreeMap<>();
    for (int kg : leases.held()) {
      heirs.put(kg, view == null ? null : view.successor(kg));
    }
    Set<Integer> late = new TreeSet<>(heirs.keySet());
    late.removeAll(alreadyDrained);
    if (!late.isEmpty()) {
      listener.releasing(late);
    }
    long drained = System.nanoTime();
    try {
      Map<Integer, byte[]> written = write(heirs, view, true);
      long committed = System.nanoTime();
      heirs.forEach(
          (kg, next) -> {
            String endpoint = next == null ? null : view.endpoint(next);
            if (endpoint != null) {
              handedTo.put(kg, endpoint);
            }
          });
      // The requests held meanwhile go on as the successors are told, not once they answered:
      // the telling goes straight to the successor and a resent request through the gateway, so
      // the telling is queued first on the successor's rounds' thread. One that still arrives
      // first makes the successor take the group in a round, as when it is not told at all.
      CompletableFuture<Set<Integer>> told = handOvers.announce(heirs, written, view);
      handedOver.complete(null);
      Set<Integer> adopted = new TreeSet<>();
      try {
        // Waited for all the same: the process must not exit with the telling still on its way.
        told.thenAccept(adopted::addAll).get(config.interval().toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        LOG.debug("{}: successors did not all answer the hand-over", config.nodeId(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      LOG.info(
          "{} left: {} key groups handed over, {} served by their successors at once (rounds"
              + " stopped after {} ms and work drained after {} ms, both from the start; written"
              + " in {} ms, successors told in {} ms)",
          config.nodeId(),
          heirs.size(),
          adopted.size(),
          TimeUnit.NANOSECONDS.toMillis(stopped - asked),
          TimeUnit.NANOSECONDS.toMillis(drained - asked),
          TimeUnit.NANOSECONDS.toMillis(committed - drained),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committed));
    } catch (StoreException e) {
      LOG.warn(
          "{} could not hand its key groups over; they free up when its membership expires",
          config.nodeId(),
          e);
    }
    heirs.keySet().forEach(leases::lost);
  }

  /**
   * Serves the groups another member just handed to this one ({@link Successors}), each under the
   * value it committed naming this member: no process held that value before, and only the one told
   * of it adopts it, so fencing holds as for a taking. A value this member already saw replaced is
   * ignored, and so is everything while leaving; those groups are taken in a round if still ours.
   *
   * <p>Runs on a thread of its own under this keeper's lock, so it waits for what a round does with
   * its read, never for the read: a round that read meanwhile acts on nothing, and the next runs at
   * once. On the rounds' thread an offer waited for the whole round, and a round asked for by
   * requests the leaver had just released, reading when the offer came, then took the groups those
   * requests waited for with a taking commit of its own: in a {@code cluster.sh failover} run the
   * leaver's "successors told" took 133 ms, 8 of its 129 groups were taken that way, and the other
   * 121 adopted only after that round's read (38 ms) and commit (52 ms).
   */
  public CompletableFuture<Set<Integer>> adopt(String from, Map<Integer, byte[]> offered) {
    if (offered.isEmpty()) {
      return CompletableFuture.completedFuture(Set.of()); // a warm-up: see Successors#keepReady
    }
    synchronized (wakeLock) {
      if (leaving) {
        return CompletableFuture.completedFuture(Set.of());
      }
      if (adopter != null) {
        CompletableFuture<Set<Integer>> done = new CompletableFuture<>();
        try {
          adopter.execute(
              () -> {
                Set<Integer> adopted;
                try {
                  adopted = adoptNow(from, offered);
                } catch (RuntimeException e) {
                  done.completeExceptionally(e);
                  return;
                }
                // The leaver hears back before the requests woken here run on this thread.
                done.complete(adopted);
                wakeWaiters(adopted);
              });
        } catch (RejectedExecutionException closed) {
          return CompletableFuture.completedFuture(Set.of());
        }
        return done;
      }
    }
    Set<Integer> adopted = adoptNow(from, offered); // rounds run by hand
    wakeWaiters(adopted);
    return CompletableFuture.completedFuture(adopted);
  }

  /** Requests waiting for groups just adopted look again, outside this keeper's lock. */
  private void wakeWaiters(Set<Integer> adopted) {
    if (adopted.isEmpty()) {
      return;
    }
    CompletableFuture<Void> waiting;
    synchronized (wakeLock) {
      waiting = nextUpcoming();
    }
    waiting.complete(null);
  }

  private synchronized Set<Integer> adoptNow(String from, Map<Integer, byte[]> offered) {
    if (leaving) {
      return Set.of();
    }
    KeeperView view = last;
    Map<Integer, byte[]> adopted = new TreeMap<>();
    offered.forEach(
        (kg, value) -> {
          if (kg >= 0
              && kg < config.keyGroups()
              && !leases.holds(kg)
              && handOvers.adoptable(view, kg, value)) {
            adopted.put(kg, value.clone());
          }
        });
    if (adopted.isEmpty()) {
      return Set.of();
    }
    adopted.forEach(leases::install);
    adoptions++;
    wanted.removeAll(adopted.keySet());
    if (view != null) {
      last = view.with(adopted);
    }
    listener.acquired(adopted.keySet());
    LOG.info("{} adopted key groups {} handed over by {}", config.nodeId(), adopted.keySet(), from);
    return adopted.keySet();
  }
}
