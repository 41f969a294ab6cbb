package io.eventide.dispatcher.internal.processing;

import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.dispatcher.internal.cluster.ServedHoldings;
import io.eventide.dispatcher.internal.commit.CommitParts;
import io.eventide.dispatcher.internal.commit.CommitPipeline;
import io.eventide.dispatcher.internal.commit.Retries;
import io.eventide.dispatcher.internal.commit.StateCache;
import io.eventide.dispatcher.internal.eventtime.KeyGroupClock;
import io.eventide.dispatcher.internal.eventtime.Sources;
import io.eventide.dispatcher.internal.inbox.Chunk;
import io.eventide.dispatcher.internal.inbox.DelayedQueue;
import io.eventide.dispatcher.internal.inbox.Inboxes;
import io.eventide.dispatcher.internal.inbox.KeyGroupInbox;
import io.eventide.dispatcher.internal.inbox.Pending;
import io.eventide.dispatcher.internal.invoke.Batch;
import io.eventide.dispatcher.internal.invoke.Invocations;
import io.eventide.dispatcher.internal.routing.Addresses;
import io.eventide.dispatcher.internal.timers.TimerIndex;
import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One processing thread and the key groups {@code kg mod shards == index}. It loops: take what the
 * inboxes hold (one address's messages in order, skipping addresses waiting out a retry backoff),
 * invoke the workers with the whole batch, commit every effect in one transaction, then tell
 * waiting callers and other key groups. Nothing here takes a lock: the thread owns its inboxes, its
 * state cache and its retry bookkeeping.
 *
 * <h2>Thread safety</h2>
 *
 * {@link #signal} and {@link #delayed} are thread-safe; everything else runs on the shard thread.
 */
final class Shard {
  private static final Logger LOG = LoggerFactory.getLogger(Shard.class);
  private static final int WAKE = -1;
  private static final int DIRECT_CAPACITY = 4_096;

  /**
   * Batches a shard keeps at the workers at once: while the workers run one, the shard collects,
   * invokes and commits the next, instead of idling for the answer (a shard thread's largest wait
   * in profiles of windowed ingestion and of the cluster).
   */
  private static final int MAX_INVOKED = 2;

  /** Most event-time timers of one key group a status look reads (see TimerIndex.countEvent). */
  private static final int TIMER_SCAN_LIMIT = 10_000;

  /** How long stopping, or handing a key group over, waits for the workers' answers. */
  private static final long FINISH_MILLIS = 2_000;

  private final int index;
  private final ShardContext context;
  private final DispatcherConfig config;
  private final Store store;
  private final Keyspace keyspace;
  private final LeaseTable leases;
  private final Inboxes appends;
  private final Map<Integer, KeyGroupInbox> inboxes = new LinkedHashMap<>();
  private final Map<Integer, KeyGroupClock> clocks = new LinkedHashMap<>();
  private final LinkedHashSet<Integer> active = new LinkedHashSet<>();
  private final ArrayBlockingQueue<Integer> signals;
  private final ArrayBlockingQueue<Pending> direct = new ArrayBlockingQueue<>(DIRECT_CAPACITY);
  private final AtomicIntegerArray signalled;
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final StateCache cache;
  private final Retries retries;
  private final DelayedQueue delayed;
  private final Thread thread;
  private final CommitPipeline commits;
  private final TimerIndex timers;
  private final Addresses addresses;

  /** Consumed inbox chunks left to delete; shared by the inboxes that find them and the commits. */
  private final List<Chunk> leftovers = new ArrayList<>();

  /**
   * How many entries each inbox keeps parsed in memory. A batch takes at most maxBatchMessages from
   * all of the shard's groups together, so a full batch's worth per group would hold groups times
   * more than a round can use, alive across young collections (which copy it every time). But a
   * round takes all of an address's pending messages at once, and the deeper the window the more of
   * them it sees: one invocation, one state read and one state write then serve several messages.
   * With 10,000 keys (39 per group) a window of 1,024 per group against 256 took the shard's CPU
   * per keyed event from 1.7-2.6 to 1.3-2.0 µs (throughput +10-25% in alternating runs, windowed
   * counting too); 2,048 tripled the young collections' time.
   */
  private final int inboxPage;

  /** Key-group hand-overs from the lease keeper, carried out on this shard's thread. */
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();

  private long sourcesSeen = -1;
  private long lastSweep;

  /** Batches at the workers: their addresses' later messages wait, as for commits in flight. */
  private final Invocations invocations;

  private volatile boolean running = true;

  /** The key groups' floors in the store; cluster mode only. */
  private final KeyGroupFloors floors;

  /**
   * The key groups this shard serves: held, and read afresh from the store since they were taken.
   * The lease keeper installs a lease before this thread forgets what memory held of its group, and
   * a round in between took the group's entries from memory that were then read again from the
   * store while the first batch was still committing: both batches committed under the one lease,
   * and a message was applied twice. Set by {@link #serve}, cleared by {@link #drop}; standalone,
   * every group from the start.
   */
  private final BitSet serving = new BitSet();

  /** The holding each served group's entries were read under: what its batches commit under. */
  private final ServedHoldings holdings;

  Shard(int index, ShardContext context) {
    this.index = index;
    this.context = context;
    this.config = context.config();
    this.store = context.store();
    this.keyspace = context.keyspace();
    this.leases = context.parts().leases();
    this.holdings = new ServedHoldings(leases, config.keyGroups());
    this.appends = context.parts().inboxes();
    int groups = config.keyGroups();
    // Twice the state cache: the addresses a shard has cached state for, and as many passing by.
    this.addresses = new Addresses(2 * config.stateCacheEntries());
    for (int kg = index; kg < groups; kg += config.shards()) {
      inboxes.put(kg, new KeyGroupInbox(kg, keyspace, addresses, leftovers));
      clocks.put(kg, clock(kg));
    }
    this.inboxPage = inboxPage(config.maxBatchMessages(), inboxes.size());
    this.signals = new ArrayBlockingQueue<>(inboxes.size() + 2);
    this.signalled = new AtomicIntegerArray(groups);
    this.cache = new StateCache(keyspace, config.stateCacheEntries());
    this.retries = new Retries(config);
    Shards.Parts parts = context.parts();
    this.delayed =
        new DelayedQueue(
            store, keyspace, leases, appends, parts.backlog(), context.signals(), inboxes.keySet());
    this.timers = new TimerIndex(store, keyspace, groups, inboxes.keySet(), addresses);
    CommitParts commitParts =
        new CommitParts(
            groups,
            config.maxAttempts(),
            store,
            keyspace,
            leases,
            parts.holds(),
            parts.topology(),
            parts.calls(),
            parts.dedup(),
            appends,
            context.outboxes(),
            context.signals(),
            parts.backlog(),
            parts.metrics());
    this.commits =
        new CommitPipeline(
            index, commitParts, inboxes, cache, retries, timers, leftovers, this::wake);
    this.invocations =
        new Invocations(
            index,
            context.invoker(),
            config.invocationTimeout(),
            parts.metrics(),
            retries,
            this::wake);
    this.floors = new KeyGroupFloors(keyspace, store, leases, this::serves);
    this.thread = new Thread(this::run, "eventide-shard-" + index);
  }

  private static int inboxPage(int maxBatchMessages, int groups) {
    return Math.min(maxBatchMessages, Math.max(1_024, 4 * maxBatchMessages / Math.max(1, groups)));
  }

  void start() {
    thread.start();
  }

  void signal(int keyGroup) {
    if (signalled.compareAndSet(keyGroup, 0, 1)) {
      signals.offer(keyGroup);
    }
  }

  /**
   * Hands a call over in memory, skipping its own inbox commit: the batch that handles it commits
   * it, and the caller hears nothing before that commit, so a crash costs the caller a retry and
   * never a lost or doubled effect. False when the queue is full.
   */
  boolean handOver(Pending call) {
    if (!direct.offer(call)) {
      return false;
    }
    wake();
    return true;
  }

  /** {@code keyGroups} are held now: serve them from what the store holds, as after a restart. */
  void acquired(List<Integer> keyGroups) {
    commands.add(() -> serve(keyGroups));
    wake();
  }

  /**
   * Stops serving {@code keyGroups}: finishes every commit in flight and forgets what memory holds
   * of them, all at once. Completes on this shard's thread; the lease keeper waits for it before
   * handing over.
   */
  CompletableFuture<Void> release(Collection<Integer> keyGroups) {
    BitSet released = bits(keyGroups);
    CompletableFuture<Void> done = new CompletableFuture<>();
    commands.add(
        () -> {
          try {
            finishInvocations();
            commits.finishAll();
            drop(released);
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    wake();
    return done;
  }

  /**
   * Looks, on this shard's thread, at what is left of {@code source} in the key groups held here;
   * see {@link SourceWork}.
   */
  CompletableFuture<SourceWork> work(String source) {
    CompletableFuture<SourceWork> done = new CompletableFuture<>();
    commands.add(
        () -> {
          try {
            done.complete(countWork(source));
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
          }
        });
    wake();
    return done;
  }

  private SourceWork countWork(String source) throws InterruptedException {
    // Signals sent before this look was asked for are taken in first: a commit whose entries it
    // covers has signalled by then (InternalHolds.sendingCommits).
    if (appends.isClustered()) {
      context.sweep().sweep(); // what other dispatchers appended, signalled before it is counted
    }
    awaitSignals(0);
    long now = System.currentTimeMillis();
    List<Integer> held = new ArrayList<>();
    long pending = 0;
    long minView = Long.MAX_VALUE;
    try (Transaction view = store.begin()) {
      for (Map.Entry<Integer, KeyGroupInbox> e : inboxes.entrySet()) {
        int kg = e.getKey();
        if (!serves(kg)) {
          continue;
        }
        held.add(kg);
        KeyGroupInbox inbox = e.getValue();
        KeyGroupClock clock = clocks.get(kg);
        pending += clock.unhandled(source, inbox);
        if (!inbox.loadedAll()) {
          pending += Math.max(1, context.parts().backlog().get(kg) - inbox.size());
        }
        long seen = clock.viewOf(source);
        minView = Math.min(minView, seen);
        if (seen == Long.MAX_VALUE) {
          Map<String, Long> caps = inbox.firstUntakenStamps();
          pending +=
              timers.countEvent(
                  view.snapshot(),
                  kg,
                  (ns, type, time) -> clock.dueAfter(source, ns, type, time, inbox, caps, now),
                  TIMER_SCAN_LIMIT);
        }
      }
    }
    return new SourceWork(held, pending, minView);
  }

  private KeyGroupClock clock(int keyGroup) {
    Shards.Parts parts = context.parts();
    return new KeyGroupClock(
        keyGroup, parts.sources(), parts.topology(), parts.holds(), parts.views());
  }

  /**
   * A call handed over in memory that cannot be placed in order here (its key group has more in its
   * inbox than memory holds, or moved away): it goes through the inbox after all, or its caller
   * hears the failure.
   */
  private void demote(Pending call) {
    int keyGroup = call.keyGroup;
    byte[] bytes = call.entry.toByteArray();
    context
        .runner()
        .runAsync(
            tx -> {
              appends.appendOne(tx, keyGroup, bytes);
              return null;
            })
        .whenComplete(
            (ok, error) -> {
              if (error == null) {
                context.parts().backlog().enqueued(keyGroup, 1);
                context.signals().signal(keyGroup);
              } else {
                context
                    .parts()
                    .calls()
                    .fail(call.entry.getMessageId(), DispatcherException.of(error));
              }
            });
  }

  /**
   * Drops what memory holds of {@code keyGroups}: they changed hands. The state cache and the
   * retries are walked once for all of them (a takeover or hand-over moves a hundred groups or more
   * at a time).
   */
  private void forget(BitSet keyGroups) {
    if (keyGroups.isEmpty()) {
      return;
    }
    keyGroups.stream()
        .forEach(
            kg -> {
              inboxes.put(kg, new KeyGroupInbox(kg, keyspace, addresses, leftovers));
              clocks.put(kg, clock(kg));
              floors.reset(kg);
            });
    cache.drop(keyGroups, config.keyGroups());
    retries.forget(keyGroups, config.keyGroups());
  }

  private static BitSet bits(Collection<Integer> keyGroups) {
    BitSet bits = new BitSet();
    keyGroups.forEach(bits::set);
    return bits;
  }

  /**
   * Starts serving {@code keyGroups}, taken over: their stored floors, earliest timers and delayed
   * messages come from one read for all of them. A transaction and three reads per group, each a
   * round trip to a remote store, were most of the pause a takeover put on this shard's callers.
   */
  private void serve(List<Integer> keyGroups) {
    // The holding is recorded before the read: lost and taken again meanwhile, the group's
    // batches carry the older one and fail FENCED until the next reset reads it afresh.
    List<Integer> fresh =
        keyGroups.stream().filter(kg -> !serving.get(kg) && holdings.reading(kg)).toList();
    forget(bits(fresh));
    boolean clustered = appends.isClustered();
    List<byte[][]> ranges = new ArrayList<>();
    for (int kg : fresh) {
      ranges.addAll(timers.firstRanges(kg));
      ranges.add(delayed.firstRange(kg));
      if (clustered) {
        ranges.add(floors.range(kg));
      }
    }
    List<List<KeyValue>> read;
    try (Transaction tx = store.beginLazily()) { // begun by the read itself: one round trip
      read = tx.snapshot().getRanges(ranges, 1);
    } catch (RuntimeException e) {
      // Unserved until read: again after the shard's back-off, or they would stay held and idle.
      commands.add(() -> serve(fresh));
      throw e;
    }
    int i = 0;
    for (int kg : fresh) {
      timers.loaded(kg, read.get(i), read.get(i + 1));
      delayed.loaded(kg, read.get(i + 2));
      i += 3;
      if (clustered) {
        clocks.get(kg).resume(KeyGroupFloors.of(read.get(i++)));
      }
      serving.set(kg);
      active.add(kg);
    }
  }

  /** Stops serving {@code keyGroups}; their callers hear that they moved. */
  private void drop(BitSet keyGroups) {
    forget(keyGroups);
    keyGroups.stream()
        .forEach(
            kg -> {
              serving.clear(kg);
              holdings.dropped(kg);
              active.remove(kg);
            });
    // Their replies will come from the groups' next holders, to their own callers: retried with
    // their idempotency keys, these callers get them there.
    context
        .parts()
        .calls()
        .failGroups(
            keyGroups,
            new DispatcherException(
                DispatcherException.Code.OUTCOME_UNKNOWN,
                "the call's key group moved to another node, which handles the call; retry it"
                    + " with its Idempotency-Key for the reply"));
  }

  void delayed(int keyGroup, long dueAt) {
    if (delayed.hint(keyGroup, dueAt)) {
      wake();
    }
  }

  /** Another dispatcher delayed a message to {@code keyGroup}: look for the earliest due again. */
  void rescanDelayed(int keyGroup) {
    commands.add(
        () -> {
          if (serves(keyGroup)) {
            delayed.rescan(keyGroup);
          }
        });
    wake();
  }

  /**
   * Wakes the shard thread. At most one wake token is queued at a time, so the signal queue, sized
   * for one entry per key group plus one, can never fill up and drop a key group's signal.
   */
  private void wake() {
    if (wakePending.compareAndSet(false, true)) {
      signals.offer(WAKE);
    }
  }

  void stop() {
    running = false;
    wake();
  }

  void join() {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether this shard serves {@code keyGroup} now: see {@link #serving}. */
  private boolean serves(int keyGroup) {
    return serving.get(keyGroup) && holdings.current(keyGroup);
  }

  private void run() {
    if (!appends.isClustered()) {
      inboxes.keySet().forEach(serving::set); // held for good since before the shards started
      inboxes.keySet().forEach(holdings::reading);
    }
    active.addAll(inboxes.keySet());
    long wait = 0;
    for (boolean started = false; running && !started; ) {
      try {
        delayed.init();
        timers.init();
        started = true;
      } catch (RuntimeException e) {
        // The store is unavailable: nothing can be processed until it answers again.
        LOG.error("shard {} could not read its timers and delayed messages; retrying", index, e);
        wait = config.retryBackoff().toMillis();
        try {
          awaitSignals(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    while (running) {
      try {
        awaitSignals(wait);
        for (Runnable command = commands.poll(); command != null; command = commands.poll()) {
          command.run();
        }
        commitArrived();
        commits.finishDone();
        long now = System.currentTimeMillis();
        delayed.moveDue(now);
        // Progress first, signals after: whatever the progress covers has signalled by then.
        KeyGroupClock.Progress progress = KeyGroupClock.Progress.read(context.parts().sources());
        takeDirect();
        awaitSignals(0);
        activateDueTimers(now, progress);
        if (invocations.unanswered() >= MAX_INVOKED) {
          wait = Sources.CATCH_UP_MILLIS; // an answer wakes the shard
          continue;
        }
        Batch batch = collect(now, progress);
        if (batch.isEmpty()) {
          long next =
              Math.min(
                  Math.min(retries.nextDeadline(now), delayed.nextDue()),
                  timers.nextProcessingDue());
          // Idle shards still catch up with sources that move without telling
          // (Sources.CATCH_UP_MILLIS).
          wait = Math.max(1, Math.min(Sources.CATCH_UP_MILLIS, next - now));
        } else {
          invoke(batch);
          wait = 0;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("shard {} failed a round; backing off", index, e);
        cache.clear();
        wait = config.retryBackoff().toMillis();
      }
    }
    finishInvocations();
    commits.finishAll();
  }

  private void awaitSignals(long waitMillis) throws InterruptedException {
    Integer first =
        waitMillis <= 0 ? signals.poll() : signals.poll(waitMillis, TimeUnit.MILLISECONDS);
    for (Integer kg = first; kg != null; kg = signals.poll()) {
      if (kg == WAKE) {
        wakePending.set(false);
      } else {
        signalled.set(kg, 0);
        inboxes.get(kg).signal();
        active.add(kg);
      }
    }
  }

  /**
   * Places calls handed over in memory behind every durable entry of their key group. Calls are
   * taken before signals are drained once more: whatever a caller saw acknowledged before handing
   * its call over has signalled by then, so it is loaded first and a call never overtakes it. A key
   * group with more in its inbox than memory holds sends the call the durable way instead.
   */
  private void takeDirect() throws InterruptedException {
    if (direct.isEmpty()) {
      return;
    }
    List<Pending> calls = new ArrayList<>();
    direct.drainTo(calls);
    awaitSignals(0);
    // Lazily: a remote session opens only if a group has entries to load. Its snapshot is then
    // the read's, later than this line, so it still holds every entry signalled above.
    try (Transaction view = store.beginLazily()) {
      for (Pending call : calls) {
        if (!serves(call.keyGroup)) {
          demote(call);
          continue;
        }
        KeyGroupInbox inbox = inboxes.get(call.keyGroup);
        inbox.load(view.snapshot(), inboxPage);
        if (inbox.appendDirect(call)) {
          active.add(call.keyGroup);
        } else {
          demote(call);
        }
      }
    }
  }

  /**
   * Wakes the key groups whose timers may be due: after a source's durable progress moved (every
   * key group catches up with it, also those with nothing in their inbox), and by the clock.
   */
  private void activateDueTimers(long now, KeyGroupClock.Progress progress) {
    boolean sweep = now - lastSweep >= Sources.CATCH_UP_MILLIS;
    boolean moved = progress.version() != sourcesSeen || sweep;
    sourcesSeen = progress.version();
    if (sweep) {
      lastSweep = now;
    }
    for (Map.Entry<Integer, KeyGroupInbox> e : inboxes.entrySet()) {
      int kg = e.getKey();
      if (!serves(kg)) {
        continue;
      }
      KeyGroupClock clock = clocks.get(kg);
      if (moved) {
        clock.catchUp(e.getValue(), progress, sweep);
      }
      if (timers.maybeDue(kg, clock.bound(e.getValue()), now)) {
        active.add(kg);
      }
    }
    if (sweep && appends.isClustered() && context.parts().topology().hasEdges()) {
      writeFloors();
    }
  }

  /**
   * Stores the floors of the key groups held here that moved: the lowest watermark of what each has
   * on its way to a commit bounds them, whether taken from the inbox, given back after it was
   * judged, at the workers, or committing.
   */
  private void writeFloors() {
    if (!floors.ready()) {
      return; // every 50 ms it walks every message the shard holds: not for a write that waits
    }
    // By key group in an array: a boxed map's merge per message was a fifth of a clustered shard.
    long[] lowest = new long[config.keyGroups()];
    Arrays.fill(lowest, Long.MAX_VALUE);
    Consumer<Pending> note = p -> lowest[p.keyGroup] = Math.min(lowest[p.keyGroup], p.watermark);
    invocations.forEachInFlight(note);
    commits.forEachInFlight(note);
    for (KeyGroupInbox inbox : inboxes.values()) {
      for (Pending p : inbox.pending()) {
        if (!p.consumed && (p.taken || p.judged)) {
          note.accept(p);
        }
      }
    }
    floors.write(clocks, inboxes, kg -> lowest[kg]);
  }

  private Batch collect(long now, KeyGroupClock.Progress progress) {
    Batch batch = new Batch(config.maxBatchMessages(), config.maxBatchBytes(), holdings::stamp);
    List<Integer> visited = new ArrayList<>();
    // Lazily: an idle round reads nothing, and a busy one begins its session with the preload.
    try (Transaction view = store.beginLazily()) {
      if (appends.isClustered()) {
        preload(view.snapshot());
      }
      for (var it = active.iterator(); it.hasNext() && !batch.full(); ) {
        int keyGroup = it.next();
        if (!serves(keyGroup)) {
          it.remove();
          continue;
        }
        KeyGroupInbox inbox = inboxes.get(keyGroup);
        inbox.load(view.snapshot(), inboxPage);
        KeyGroupClock clock = clocks.get(keyGroup);
        clock.catchUp(inbox, progress, false);
        long bound = clock.bound(inbox);
        TimerIndex.Due due =
            timers.maybeDue(keyGroup, bound, now)
                ? timers.load(view.snapshot(), keyGroup, bound, now)
                : null;
        if (inbox.idle() && (due == null || due.isEmpty())) {
          it.remove();
          continue;
        }
        batch.take(
            inbox,
            addr ->
                commits.inFlight(addr) || invocations.invoking(addr) || retries.blocked(addr, now),
            retries::cap,
            due,
            clock,
            now);
        visited.add(keyGroup);
      }
      batch.loadState(cache, view.snapshot());
    } catch (RuntimeException e) {
      // The store failed a read (a remote snapshot expired, say): what this round took goes back
      // to its inboxes, or it would be skipped as taken until its group is reset.
      batch.release();
      throw e;
    }
    // Round robin: the key groups served this round go to the back, so a busy key group that
    // fills every batch cannot starve the ones behind it.
    for (int keyGroup : visited) {
      active.remove(keyGroup);
      active.add(keyGroup);
    }
    return batch;
  }

  /**
   * In a cluster every inbox read is a round trip to the state service, and a round reads dozens:
   * the active inboxes that want rows are read together, in one GetRanges, before the round takes
   * from them one by one. (The embedded store reads each in microseconds, and lazily.)
   */
  private void preload(ReadView view) {
    List<KeyGroupInbox> wanting = new ArrayList<>();
    List<byte[][]> ranges = new ArrayList<>();
    int limit = 2;
    for (int keyGroup : active) {
      KeyGroupInbox inbox = inboxes.get(keyGroup);
      byte[][] range = serves(keyGroup) ? inbox.wanted(inboxPage) : null;
      if (range != null) {
        wanting.add(inbox);
        ranges.add(range);
        limit = Math.max(limit, inbox.rows(inboxPage));
      }
    }
    if (ranges.isEmpty()) {
      return; // one range too goes this way: it begins the round's session in the same call
    }
    List<List<KeyValue>> read = view.getRanges(ranges, limit);
    for (int i = 0; i < wanting.size(); i++) {
      wanting.get(i).loaded(read.get(i), limit);
    }
  }

  /** Sends {@code batch} to the workers; their answers wake the shard. */
  private void invoke(Batch batch) {
    invocations.invoke(batch);
  }

  /** Commits the results the workers sent since the last round. */
  private void commitArrived() {
    List<CommitPipeline.Item> items = invocations.arrived(System.currentTimeMillis());
    if (!items.isEmpty()) {
      commits.submit(items);
    }
  }

  /**
   * Commits what the workers answer within {@link #FINISH_MILLIS}; what they have not answered by
   * then goes back to the inboxes, to run again (a stuck handler must not hold up a shutdown or a
   * hand-over).
   */
  private void finishInvocations() {
    List<CommitPipeline.Item> items = invocations.finish(FINISH_MILLIS);
    if (!items.isEmpty()) {
      commits.submit(items);
    }
  }
}
