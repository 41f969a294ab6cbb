package io.eventide.dispatcher.internal.commit;

import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.EgressRecord;
import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.dispatcher.internal.dedup.DedupRecords;
import io.eventide.dispatcher.internal.eventtime.InternalHolds;
import io.eventide.dispatcher.internal.eventtime.Topology;
import io.eventide.dispatcher.internal.inbox.Backlog;
import io.eventide.dispatcher.internal.inbox.Chunk;
import io.eventide.dispatcher.internal.inbox.InboxChunks;
import io.eventide.dispatcher.internal.inbox.Inboxes;
import io.eventide.dispatcher.internal.inbox.KeyGroupInbox;
import io.eventide.dispatcher.internal.inbox.Pending;
import io.eventide.dispatcher.internal.inbox.RecordingSignals;
import io.eventide.dispatcher.internal.inbox.StoreFixture;
import io.eventide.dispatcher.internal.query.StoreReads;
import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.dispatcher.internal.routing.Addresses;
import io.eventide.dispatcher.internal.timers.TimerIndex;
import io.eventide.protocol.InboxEntry;
import io.eventide.protocol.InvocationResult;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A shard's commit side, wired as a shard wires it, on the real embedded store: every key group
 * held, messages appended to their inboxes as ingress appends them and loaded as the shard loads
 * them. Only the shard's thread and the workers are left out: a test hands the pipeline results it
 * built by hand. What the commits told the shards is recorded ({@link RecordingSignals}).
 */
final class CommitFixture {
  static final int GROUPS = 8;
  private static final int PAGE = 1_024;

  final StoreFixture db;
  final DispatcherConfig config = DispatcherConfig.defaults("d1").withKeyGroups(GROUPS);
  final LeaseTable leases;
  final Inboxes inboxes;
  final Backlog backlog = new Backlog(GROUPS, config.backlogLimit());
  final RecordingSignals signals = new RecordingSignals();
  final PendingCalls calls = new PendingCalls(100);
  final InternalHolds holds = new InternalHolds();
  final CommitParts parts;
  final Map<Integer, KeyGroupInbox> windows = new HashMap<>();
  final StateCache cache;
  final Retries retries;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final TimerIndex timers;
  final List<Chunk> leftovers = new ArrayList<>();
  final CommitPipeline pipeline;
  private final StoreReads reads;

  CommitFixture(StoreFixture db) {
    this(db, Retries.UNKNOWN_FUNCTION_GRACE);
  }

  /** With workers answering {@code UNKNOWN_FUNCTION} forgiven for {@code unknownFunctionGrace}. */
  CommitFixture(StoreFixture db, Duration unknownFunctionGrace) {
    this.db = db;
    this.retries = new Retries(config, unknownFunctionGrace);
    this.leases = new LeaseTable(db.keyspace, config.nodeId(), GROUPS);
    try (TransactionRunner runner = new TransactionRunner(db.store)) {
      leases.acquireAll(runner);
    }
    this.inboxes = new Inboxes(db.keyspace, GROUPS);
    this.parts =
        new CommitParts(
            GROUPS,
            config.maxAttempts(),
            db.store,
            db.keyspace,
            leases,
            holds,
            new Topology(db.keyspace),
            calls,
            new DedupRecords(db.keyspace),
            inboxes,
            new Outboxes(db.keyspace),
            signals,
            backlog,
            new ProcessingMetrics(meters, backlog));
    Addresses addresses = new Addresses(1_000);
    for (int kg = 0; kg < GROUPS; kg++) {
      windows.put(kg, new KeyGroupInbox(kg, db.keyspace, addresses, leftovers));
    }
    this.cache = new StateCache(db.keyspace, 1_000);
    this.timers = new TimerIndex(db.store, db.keyspace, GROUPS, windows.keySet(), addresses);
    this.pipeline =
        new CommitPipeline(0, parts, windows, cache, retries, timers, leftovers, () -> {});
    this.reads = new StoreReads(db.store, db.keyspace);
  }

  /**
   * Invocations given back without an attempt for {@code reason} ({@code
   * eventide.invocations.paused}).
   */
  double paused(ProcessingMetrics.Paused reason) {
    return meters
        .get("eventide.invocations.paused")
        .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
        .counter()
        .count();
  }

  /**
   * Appends {@code entries} in one commit, as ingress does, and returns them as the shard holds
   * them once loaded, in order.
   */
  List<Pending> enqueue(InboxEntry... entries) {
    db.write(
        tx -> {
          InboxChunks.Writer writer = inboxes.writer(tx);
          for (InboxEntry entry : entries) {
            writer.append(keyGroup(entry), entry.toByteArray());
          }
          writer.flush();
        });
    for (InboxEntry entry : entries) {
      backlog.enqueued(keyGroup(entry), 1);
    }
    List<Pending> loaded = loadAll();
    return IntStream.range(0, entries.length)
        .mapToObj(
            i ->
                loaded.stream()
                    .filter(p -> p.entry.getMessageId().equals(entries[i].getMessageId()))
                    .findFirst()
                    .orElseThrow())
        .toList();
  }

  /** What every key group's window holds after reading what was appended since. */
  List<Pending> loadAll() {
    List<Pending> all = new ArrayList<>();
    try (Transaction tx = db.store.begin()) {
      for (KeyGroupInbox window : windows.values()) {
        window.signal();
        window.load(tx.snapshot(), PAGE);
        window.pending().forEach(all::add);
      }
    }
    return all;
  }

  /** The results of one address's messages, as the shard takes them into a batch. */
  static CommitPipeline.Item item(List<Pending> messages, InvocationResult result) {
    messages.forEach(p -> p.taken = true);
    return new CommitPipeline.Item(messages.get(0).address, messages, Map.of(), result);
  }

  /** Commits {@code items} as one batch and waits for it, as a shard does when it stops. */
  void commit(CommitPipeline.Item... items) {
    pipeline.submit(List.of(items));
    pipeline.finishAll();
  }

  int keyGroup(InboxEntry entry) {
    return Addr.of(entry.getTarget()).keyGroup(GROUPS);
  }

  Map<String, byte[]> state(Addr address) {
    return reads.state(address.namespace(), address.type(), address.id());
  }

  List<EgressRecord> egress(String name) {
    return reads.egress(name, 0, 1_000).records();
  }
}
