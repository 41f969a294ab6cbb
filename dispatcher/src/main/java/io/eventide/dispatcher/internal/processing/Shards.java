package io.eventide.dispatcher.internal.processing;

import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.Invoker;
import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.dispatcher.internal.commit.Outboxes;
import io.eventide.dispatcher.internal.commit.PendingCalls;
import io.eventide.dispatcher.internal.commit.ProcessingMetrics;
import io.eventide.dispatcher.internal.dedup.DedupRecords;
import io.eventide.dispatcher.internal.eventtime.InternalHolds;
import io.eventide.dispatcher.internal.eventtime.KeyGroupViews;
import io.eventide.dispatcher.internal.eventtime.Sources;
import io.eventide.dispatcher.internal.eventtime.Topology;
import io.eventide.dispatcher.internal.inbox.Backlog;
import io.eventide.dispatcher.internal.inbox.InboxChunks;
import io.eventide.dispatcher.internal.inbox.Inboxes;
import io.eventide.dispatcher.internal.inbox.Pending;
import io.eventide.dispatcher.internal.inbox.Signals;
import io.eventide.protocol.InboxEntry;
import io.eventide.store.Keys;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The processing side of a dispatcher: its shards, one thread each, owning the key groups {@code kg
 * mod shards}. Appenders tell them of new work through it ({@link Signals}); the lease keeper hands
 * key groups over through it.
 *
 * <p>The {@link io.eventide.dispatcher.Dispatcher} builds it from its parts and starts it,
 * standalone or clustered; nothing else creates one.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class Shards implements Signals, ClusterSweep.Targets, AutoCloseable {
  /**
   * The parts a dispatcher's shards share with its ingress and queries.
   *
   * @param leases the key groups held, and the fences commits take
   * @param inboxes where messages are appended
   * @param backlog messages enqueued and not yet processed, per key group
   * @param sources the ingress sources' durable progress
   * @param topology which sources and function types reach which function types
   * @param views each key group's view of each source
   * @param holds the watermarks of messages between functions still in flight
   * @param calls the callers waiting for replies
   * @param dedup the records of idempotency keys
   * @param metrics the processing meters
   */
  public record Parts(
      LeaseTable leases,
      Inboxes inboxes,
      Backlog backlog,
      Sources sources,
      Topology topology,
      KeyGroupViews views,
      InternalHolds holds,
      PendingCalls calls,
      DedupRecords dedup,
      ProcessingMetrics metrics) {}

  private final Store store;
  private final Inboxes inboxes;
  private final Sources sources;
  private final Topology topology;
  private final InternalHolds holds;
  private final KeyGroupViews views;
  private final LeaseTable leases;
  private final TransactionRunner runner;
  private final Shard[] shards;
  private final ClusterSweep sweep;

  public Shards(
      DispatcherConfig config,
      Store store,
      Keyspace keyspace,
      TransactionRunner runner,
      Invoker invoker,
      Parts parts) {
    this.store = store;
    this.inboxes = parts.inboxes();
    this.sources = parts.sources();
    this.topology = parts.topology();
    this.holds = parts.holds();
    this.views = parts.views();
    this.leases = parts.leases();
    this.runner = runner;
    this.sweep = new ClusterSweep(store, keyspace, parts, this);
    ShardContext context =
        new ShardContext(
            config, store, keyspace, runner, invoker, parts, this, new Outboxes(keyspace), sweep);
    this.shards = new Shard[config.shards()];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = new Shard(i, context);
    }
  }

  /** Takes the key groups and starts the shards, which first pick up whatever the inboxes hold. */
  public void start() {
    leases.acquireAll(runner);
    startShards();
  }

  /**
   * Starts the shards holding no key group: in a cluster, a lease keeper hands this dispatcher its
   * share through {@link #acquired} and takes groups back through {@link #release}.
   */
  public void startClustered() {
    inboxes.clustered();
    sources.share();
    views.useStored();
    holds.useStored();
    startShards();
    sweep.start();
  }

  private void startShards() {
    sources.load();
    topology.load(store);
    holdPendingInternalMessages();
    for (Shard shard : shards) {
      shard.start();
    }
  }

  /**
   * Messages between functions that were waiting in the inboxes when the process stopped hold the
   * watermark back again, as they did before (see {@link InternalHolds}).
   */
  private void holdPendingInternalMessages() {
    if (holds.isStored()) {
      return; // a cluster holds them in the store
    }
    if (!topology.hasEdges()) {
      return; // no function ever sent to another: the inboxes hold no such message to scan for
    }
    try (Transaction tx = store.begin()) {
      for (int kg = 0; kg < inboxes.keyGroups(); kg++) {
        byte[] from = inboxes.prefix(kg);
        byte[] end = Keyspace.end(from);
        while (true) {
          var rows = tx.snapshot().getRange(from, end, 10_000, false);
          InboxChunks.Page page =
              InboxChunks.chunks(inboxes.prefix(kg), rows, rows.size() == 10_000);
          for (InboxChunks.Stored chunk : page.chunks()) {
            for (int slot = 0; slot < chunk.entries().size(); slot++) {
              InboxEntry entry = chunk.entries().get(slot);
              if (!chunk.consumed(slot) && entry.getSource().equals(Inboxes.INTERNAL)) {
                holds.add(entry.getSourceWatermark());
              }
            }
          }
          if (rows.size() < 10_000) {
            break;
          }
          from = Keys.keyAfter(page.resumeAfter());
        }
      }
    }
  }

  /**
   * {@code keyGroups}' leases were taken: their shards start serving them from the store, each
   * reading what it needs of all of its groups at once.
   */
  public void acquired(Collection<Integer> keyGroups) {
    byShard(keyGroups).forEach(Shard::acquired);
  }

  /**
   * Stops serving {@code keyGroup} (its lease is about to go, or went); completes once nothing of
   * it is in flight in its shard.
   */
  public CompletableFuture<Void> release(int keyGroup) {
    return shard(keyGroup).release(List.of(keyGroup));
  }

  /**
   * {@link #release(int)} for many groups at once: each shard drains once and forgets all of its
   * groups in one pass over its memory; completes once every shard has.
   */
  public CompletableFuture<Void> release(Collection<Integer> keyGroups) {
    return CompletableFuture.allOf(
        byShard(keyGroups).entrySet().stream()
            .map(e -> e.getKey().release(e.getValue()))
            .toArray(CompletableFuture[]::new));
  }

  /** {@code keyGroups} by the shard that serves each. */
  private Map<Shard, List<Integer>> byShard(Collection<Integer> keyGroups) {
    Map<Shard, List<Integer>> byShard = new LinkedHashMap<>();
    keyGroups.forEach(kg -> byShard.computeIfAbsent(shard(kg), s -> new ArrayList<>()).add(kg));
    return byShard;
  }

  @Override
  public void signal(int keyGroup) {
    shard(keyGroup).signal(keyGroup);
  }

  @Override
  public void rescanDelayed(int keyGroup) {
    shard(keyGroup).rescanDelayed(keyGroup);
  }

  @Override
  public void delayed(int keyGroup, long dueAt) {
    shard(keyGroup).delayed(keyGroup, dueAt);
  }

  @Override
  public boolean handOver(int keyGroup, InboxEntry call) {
    return shard(keyGroup).handOver(Pending.direct(call, keyGroup));
  }

  /**
   * What every shard sees left of {@code source} in the key groups it holds, each looked at on its
   * shard's thread; fails when a shard does not answer within {@code timeout}.
   */
  public CompletableFuture<SourceWork> work(String source, java.time.Duration timeout) {
    CompletableFuture<SourceWork> all = CompletableFuture.completedFuture(SourceWork.NONE);
    for (Shard shard : shards) {
      all =
          all.thenCombine(
              shard.work(source).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS),
              SourceWork::plus);
    }
    return all;
  }

  public int count() {
    return shards.length;
  }

  private Shard shard(int keyGroup) {
    return shards[keyGroup % shards.length];
  }

  @Override
  public void close() {
    sweep.close();
    for (Shard shard : shards) {
      shard.stop();
    }
    for (Shard shard : shards) {
      shard.join();
    }
  }
}
