package io.eventide.dispatcher.processing;

import io.eventide.dispatcher.DispatcherConfig;
import io.eventide.dispatcher.DispatcherException;
import io.eventide.dispatcher.Invoker;
import io.eventide.dispatcher.ingress.DedupRecords;
import io.eventide.dispatcher.time.InternalHolds;
import io.eventide.dispatcher.time.KeyGroupViews;
import io.eventide.dispatcher.time.Sources;
import io.eventide.dispatcher.time.Topology;
import io.eventide.protocol.InboxEntry;
import io.eventide.store.Transaction;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * The processing side of a dispatcher: its shards (one thread each, owning the key groups
 * {@code kg mod shards}), the leases they commit under, the callers waiting for replies, and the
 * per-key-group backlog used for admission control.
 *
 * <h2>Thread safety</h2>
 * Thread-safe: {@link #signal} and {@link #delayed} may be called from any thread.
 */
public final class Engine implements AutoCloseable {
  private static final int MAX_CACHED_OUTBOXES = 1_024;

  final DispatcherConfig config;
  final Store store;
  final Keyspace keyspace;
  final Invoker invoker;
  final PendingCalls calls;
  final LeaseTable leases;
  final ProcessingMetrics metrics;
  final TransactionRunner runner;
  final AtomicLongArray backlog;
  final Sources sources;
  final Topology topology;
  final InternalHolds holds = new InternalHolds();
  final KeyGroupViews views;
  /** Where batch commits record the outcomes of calls that carried an idempotency key. */
  final DedupRecords dedup;
  private final Shard[] shards;
  private volatile boolean clustered;
  private final byte[][] inboxPrefixes;
  private final Map<String, byte[]> outboxPrefixes = new ConcurrentHashMap<>();
  private volatile Consumer<InboxEntry> demoted = call -> {
    throw new IllegalStateException("no durable path for demoted calls");
  };

  public Engine(DispatcherConfig config, Store store, Keyspace keyspace, Invoker invoker,
      TransactionRunner runner, PendingCalls calls, MeterRegistry registry) {
    this.config = config;
    this.store = store;
    this.keyspace = keyspace;
    this.invoker = invoker;
    this.runner = runner;
    this.calls = calls;
    this.leases = new LeaseTable(keyspace, config.nodeId(), config.keyGroups());
    this.backlog = new AtomicLongArray(config.keyGroups());
    this.sources = new Sources(store, keyspace);
    this.topology = new Topology(keyspace);
    this.views = new KeyGroupViews(config.keyGroups());
    this.dedup = new DedupRecords(keyspace);
    this.metrics = new ProcessingMetrics(registry, backlog);
    this.inboxPrefixes = new byte[config.keyGroups()][];
    for (int kg = 0; kg < inboxPrefixes.length; kg++) {
      inboxPrefixes[kg] = keyspace.inbox(kg);
    }
    this.shards = new Shard[config.shards()];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = new Shard(i, this);
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
    clustered = true;
    startShards();
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
    if (!topology.hasEdges()) {
      return; // no function ever sent to another: the inboxes hold no such message to scan for
    }
    try (Transaction tx = store.begin()) {
      for (int kg = 0; kg < config.keyGroups(); kg++) {
        byte[] from = inboxPrefixes[kg];
        byte[] end = Keyspace.end(from);
        while (true) {
          var rows = tx.snapshot().getRange(from, end, 10_000, false);
          InboxChunks.Page page = InboxChunks.chunks(inboxPrefixes[kg], rows, rows.size() == 10_000);
          for (InboxChunks.Stored chunk : page.chunks()) {
            for (int slot = 0; slot < chunk.entries().size(); slot++) {
              InboxEntry entry = chunk.entries().get(slot);
              if (!chunk.consumed(slot) && entry.getSource().equals(BatchCommit.INTERNAL)) {
                holds.add(entry.getSourceWatermark());
              }
            }
          }
          if (rows.size() < 10_000) {
            break;
          }
          from = java.util.Arrays.copyOf(page.resumeAfter(), page.resumeAfter().length + 1);
        }
      }
    }
  }

  public Sources sources() {
    return sources;
  }

  public Topology topology() {
    return topology;
  }

  public KeyGroupViews views() {
    return views;
  }

  /** Whether key groups come and go ({@link #startClustered}). */
  boolean clustered() {
    return clustered;
  }

  /** {@code keyGroup}'s lease was taken: its shard starts serving it from the store. */
  public void acquired(int keyGroup) {
    shards[keyGroup % shards.length].acquired(keyGroup);
  }

  /**
   * Stops serving {@code keyGroup} (its lease is about to go, or went); completes once nothing of
   * it is in flight in its shard.
   */
  public CompletableFuture<Void> release(int keyGroup) {
    return shards[keyGroup % shards.length].release(keyGroup);
  }

  /** A commit added entries to {@code keyGroup}'s inbox. */
  public void signal(int keyGroup) {
    shards[keyGroup % shards.length].signal(keyGroup);
  }

  /** Hands a call to its shard in memory; false when that shard's hand-over queue is full. */
  public boolean offerDirect(int keyGroup, InboxEntry call) {
    return shards[keyGroup % shards.length].offerDirect(Pending.direct(call, keyGroup));
  }

  /** Where a shard sends a call it cannot take in memory: the durable inbox. */
  public void onDemote(Consumer<InboxEntry> durablePath) {
    this.demoted = durablePath;
  }

  void demote(InboxEntry call) {
    demoted.accept(call);
  }

  /** A commit added a delayed message for {@code keyGroup}, due at {@code dueAt}. */
  public void delayed(int keyGroup, long dueAt) {
    shards[keyGroup % shards.length].delayed(keyGroup, dueAt);
  }

  /** Counts messages enqueued for {@code keyGroup}. */
  public void enqueued(int keyGroup, int count) {
    backlog.addAndGet(keyGroup, count);
  }

  /** Fails with OVERLOADED when {@code keyGroup}'s backlog is over its bound. */
  public void admit(int keyGroup) {
    if (backlog.get(keyGroup) >= config.backlogLimit()) {
      throw new DispatcherException(DispatcherException.Code.OVERLOADED,
          "key group " + keyGroup + " has " + backlog.get(keyGroup) + " pending messages; retry later");
    }
  }

  /** Kind of {@link #appended} mark: a message in the inbox. */
  public static final int INBOX = 0;
  /** Kind of {@link #appended} mark: a delayed message. */
  public static final int DELAYED = 1;

  /**
   * In a cluster, marks in {@code tx} that {@code keyGroup}'s inbox (or delayed messages, per
   * {@code kind}) got an entry: its holder may be another process, which reads every mark in one
   * range per sweep instead of reading every inbox. A blind write, so appenders never conflict.
   */
  public void appended(Transaction tx, int keyGroup, int kind) {
    if (clustered) {
      byte[] mark = new byte[8];
      java.util.concurrent.ThreadLocalRandom.current().nextBytes(mark);
      tx.set(keyspace.inboxSignal(keyGroup, kind), mark);
    }
  }

  /** {@code keyspace.inbox(keyGroup)}, packed once: it is on every message's path. */
  public byte[] inboxPrefix(int keyGroup) {
    return inboxPrefixes[keyGroup];
  }

  public Store store() {
    return store;
  }

  /** {@code keyspace.outbox(egress)}, packed once per egress: every egress record needs it. */
  byte[] outboxPrefix(String egress) {
    byte[] prefix = outboxPrefixes.get(egress);
    if (prefix == null && outboxPrefixes.size() < MAX_CACHED_OUTBOXES) {
      prefix = outboxPrefixes.computeIfAbsent(egress, keyspace::outbox);
    }
    return prefix != null ? prefix : keyspace.outbox(egress);
  }

  public DispatcherConfig config() {
    return config;
  }

  public long backlog(int keyGroup) {
    return backlog.get(keyGroup);
  }

  public LeaseTable leases() {
    return leases;
  }

  public int shardCount() {
    return shards.length;
  }

  @Override
  public void close() {
    for (Shard shard : shards) {
      shard.stop();
    }
    for (Shard shard : shards) {
      shard.join();
    }
  }
}
