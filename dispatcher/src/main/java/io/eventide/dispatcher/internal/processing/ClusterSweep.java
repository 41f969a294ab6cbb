package io.eventide.dispatcher.internal.processing;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.dispatcher.internal.eventtime.InternalHolds;
import io.eventide.dispatcher.internal.eventtime.KeyGroupViews;
import io.eventide.dispatcher.internal.eventtime.Sources;
import io.eventide.dispatcher.internal.eventtime.Topology;
import io.eventide.dispatcher.internal.inbox.Inboxes;
import io.eventide.store.KeyValue;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a clustered dispatcher learns from the store that other dispatchers wrote: appends to its
 * key groups' inboxes and delayed queues (the marks), the dataflow graph, and every source's
 * durable progress. All three come from one snapshot, applied in this order:
 *
 * <ol>
 *   <li>the graph, so no key group takes an entry along a path it does not know;
 *   <li>the marks, as signals to the shards;
 *   <li>the progress, last: a shard reads the progress before it drains its signals, so once it
 *       sees progress from this snapshot it also drains the signals of every entry that progress
 *       covers, and does not catch up past an entry it has not loaded.
 * </ol>
 *
 * That is the same order a standalone node keeps in memory (the appender signals before it
 * publishes the progress); see docs/decisions/event-time-across-dispatchers.md.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: its thread sweeps every {@link Sources#CATCH_UP_MILLIS}, and a shard may sweep at
 * once before it counts a source's work.
 */
final class ClusterSweep implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSweep.class);

  /** What the shards are told; {@link Shards} implements it. */
  interface Targets {
    void signal(int keyGroup);

    void rescanDelayed(int keyGroup);
  }

  private final Store store;
  private final Keyspace keyspace;
  private final Sources sources;
  private final Topology topology;
  private final KeyGroupViews views;
  private final InternalHolds holds;
  private final Targets targets;
  private final Map<ByteBuffer, ByteBuffer> marks = new HashMap<>(); // guarded by this

  /**
   * The floor records applied, by key: one the same as last time is skipped, since a floor only
   * ever raises a view. Unpacking and parsing all of them every sweep was a third of what a
   * clustered dispatcher allocated.
   */
  private final Map<ByteBuffer, ByteBuffer> floorRecords = new HashMap<>(); // guarded by this

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "eventide-cluster-sweep");
            t.setDaemon(true);
            return t;
          });
  private long failedAt;

  ClusterSweep(Store store, Keyspace keyspace, Shards.Parts parts, Targets targets) {
    this.store = store;
    this.keyspace = keyspace;
    this.sources = parts.sources();
    this.topology = parts.topology();
    this.views = parts.views();
    this.holds = parts.holds();
    this.targets = targets;
  }

  void start() {
    timer.scheduleWithFixedDelay(
        this::sweepLogged, 0, Sources.CATCH_UP_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void sweepLogged() {
    try {
      sweep();
    } catch (RuntimeException e) {
      // The store is unavailable for now: the next sweep tries again. Logged at most every 10 s.
      long now = System.currentTimeMillis();
      if (now - failedAt > 10_000) {
        failedAt = now;
        LOG.warn("could not read what other dispatchers wrote; retrying", e);
      }
    }
  }

  /**
   * Reads the marks, the graph, the progress, the key groups' floors and the lowest internal hold
   * in one snapshot, and applies them in order.
   */
  synchronized void sweep() {
    // Floors and holds matter only to functions fed by other functions; until one function has
    // sent to another (the graph only grows), they are neither read nor written.
    boolean betweenFunctions = topology.hasEdges();
    List<byte[]> prefixes =
        new ArrayList<>(
            List.of(keyspace.topology(), keyspace.inboxSignals(), keyspace.watermarks()));
    if (betweenFunctions) {
      prefixes.add(keyspace.keyGroupFloors());
    }
    List<List<KeyValue>> read;
    List<KeyValue> lowestHold;
    try (Transaction tx = store.beginLazily()) { // one snapshot, begun by its first read
      read = tx.snapshot().getPrefixes(prefixes);
      lowestHold =
          betweenFunctions ? tx.snapshot().getPrefix(keyspace.internalHolds(), 1) : List.of();
    }
    if (betweenFunctions) {
      // Floors and holds from the same snapshot: a message either was committed by then, and is
      // held until handled, or was not, and its sender's stored floor is at or below it.
      for (KeyValue kv : read.get(3)) {
        ByteBuffer value = ByteBuffer.wrap(kv.value());
        if (value.equals(floorRecords.put(ByteBuffer.wrap(kv.key()), value))) {
          continue; // applied already: a floor only ever raises a view
        }
        int kg = (int) keyspace.unpack(kv.key()).getLong(1);
        KeyGroupFloors.parse(kv.value())
            .forEach((source, floor) -> views.fromStore(kg, source, floor));
      }
      long restAnywhere = views.max(Sources.REST);
      if (restAnywhere > Long.MIN_VALUE) {
        // Before the progress below is applied: the key groups catch up with both at once.
        sources.clock(Sources.REST).raise(restAnywhere);
      }
      holds.fromStore(
          lowestHold.isEmpty()
              ? Long.MAX_VALUE
              : keyspace.unpack(lowestHold.get(0).key()).getLong(1));
    } else {
      // A shard may learn an edge from an entry before this sweep reads it: until the holds are
      // read, nothing fed by functions may pass any watermark.
      holds.fromStore(Long.MIN_VALUE);
    }
    topology.learn(read.get(0));
    for (KeyValue kv : read.get(1)) {
      ByteBuffer value = ByteBuffer.wrap(kv.value());
      if (value.equals(marks.put(ByteBuffer.wrap(kv.key()), value))) {
        continue;
      }
      Tuple key = keyspace.unpack(kv.key());
      int kg = (int) key.getLong(1);
      if (key.getLong(2) == Inboxes.Mark.DELAYED.ordinal()) {
        targets.rescanDelayed(kg);
      } else {
        targets.signal(kg);
      }
    }
    sources.learn(read.get(2));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
