package io.eventide.dispatcher.kafka;

import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.KeyGroups;
import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.dispatcher.internal.eventtime.Sources;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the partitions of one subscription that this dispatcher holds, on its own thread. A
 * partition belongs to the holder of its home key group's lease ({@link #homeKeyGroup}), so
 * partitions spread over dispatchers and move with failover like key groups do, and each take is
 * fenced on that lease. Offsets come from the store, never from Kafka's group coordinator.
 *
 * <p>Back-pressure: a take refused because a key group is over its backlog rewinds the partition to
 * its first untaken record and pauses it for a moment; nothing is dropped, and at most one poll of
 * records is held in memory.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to its thread, except {@link #lags} (read by metrics) and {@link #stop}.
 */
final class SubscriptionConsumer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionConsumer.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long PAUSE_NANOS = Duration.ofMillis(50).toNanos();
  private static final long FAILURE_PAUSE_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long MAX_IN_FLIGHT_RECORDS = 40_000;
  private static final long UNKNOWN = Long.MIN_VALUE;
  private static final long PARTITIONS_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

  private final Subscription subscription;
  private final Consumer<byte[], byte[]> consumer;
  private final Store store;
  private final Keyspace keyspace;
  private final LeaseTable leases;
  private final Sources sources;
  private final PartitionTake take;
  private final int keyGroups;
  private final Map<Integer, Long> lags = new ConcurrentHashMap<>();
  private final Map<Integer, Long> pausedUntil = new HashMap<>(); // guarded by this
  private final Map<Integer, CompletableFuture<Void>> tails = new HashMap<>();
  // Partitions read from their beginning with no stored offset yet: the offset of the first
  // record polled there (UNKNOWN until one is).
  private final Map<Integer, Long> unstoredStart = new HashMap<>();
  private final java.util.concurrent.atomic.AtomicLong inFlight =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean running = true;
  private Set<Integer> assigned = Set.of();
  private int partitionCount;
  private long partitionsReadAt;

  SubscriptionConsumer(
      Subscription subscription,
      Consumer<byte[], byte[]> consumer,
      Store store,
      Keyspace keyspace,
      LeaseTable leases,
      Sources sources,
      PartitionTake take,
      int keyGroups) {
    this.subscription = subscription;
    this.consumer = consumer;
    this.store = store;
    this.keyspace = keyspace;
    this.leases = leases;
    this.sources = sources;
    this.take = take;
    this.keyGroups = keyGroups;
  }

  /** The key group whose holder consumes {@code partition} of {@code subscription}. */
  static int homeKeyGroup(String subscription, int partition, int keyGroups) {
    return KeyGroups.of("kafka", subscription, Integer.toString(partition), keyGroups);
  }

  Subscription subscription() {
    return subscription;
  }

  /** Records not yet taken, per partition held here, as of the last poll. */
  Map<Integer, Long> lags() {
    return Map.copyOf(lags);
  }

  void stop() {
    running = false;
    consumer.wakeup();
  }

  @Override
  public void run() {
    try {
      while (running) {
        try {
          step();
        } catch (org.apache.kafka.common.errors.WakeupException e) {
          // stop() woke the poll; the loop ends unless it was a stray wake-up.
        } catch (RuntimeException e) {
          // The cluster or the store is away, or a partition moved mid-step: everything is read
          // again from the stored offsets once it answers.
          LOG.warn("subscription '{}': consuming failed; retrying", subscription.id(), e);
          assigned = Set.of();
          java.util.concurrent.locks.LockSupport.parkNanos(FAILURE_PAUSE_NANOS);
          drainQuietly();
        }
      }
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
    }
  }

  private void step() {
    reassign();
    if (assigned.isEmpty()) {
      java.util.concurrent.locks.LockSupport.parkNanos(POLL.toNanos());
      return;
    }
    resumePaused();
    // Polls run ahead of the commits, a bounded number of records ahead: the broker's fetch and
    // the store's fsync overlap instead of taking turns.
    if (inFlight.get() > MAX_IN_FLIGHT_RECORDS) {
      drain();
    }
    ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
    for (TopicPartition tp : records.partitions()) {
      if (assigned.contains(tp.partition())) {
        chain(tp, records.records(tp));
      }
    }
    for (int p : assigned) {
      consumer
          .currentLag(new TopicPartition(subscription.topic(), p))
          .ifPresent(lag -> lags.put(p, lag));
    }
  }

  /** Waits for every take in flight, whatever their outcome (each failure has rewound). */
  private void drainQuietly() {
    for (CompletableFuture<Void> tail : tails.values()) {
      tail.exceptionally(e -> null).join();
    }
    tails.clear();
  }

  /** Waits for every take in flight. */
  private void drain() {
    for (CompletableFuture<Void> tail : tails.values()) {
      tail.join();
    }
  }

  /**
   * Queues the takes of {@code records} (one partition's, in order) after those in flight for the
   * partition. Each take commits only if the stored offset is its first record's ({@link
   * PartitionTake#take}), so after a failed take the ones queued behind it fail too, and the
   * partition is read again from what the store holds.
   */
  private void chain(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
    int partition = tp.partition();
    int home = homeKeyGroup(subscription.id(), partition, keyGroups);
    CompletableFuture<Void> tail =
        tails.getOrDefault(partition, CompletableFuture.completedFuture(null));
    Long start = unstoredStart.get(partition);
    if (start != null && start == UNKNOWN && !records.isEmpty()) {
      start = records.get(0).offset();
      unstoredStart.put(partition, start);
    }
    long firstUnstored = start == null ? -1 : start;
    for (int from = 0; from < records.size(); ) {
      int to = PartitionTake.chunkEnd(records, from);
      List<ConsumerRecord<byte[], byte[]>> chunk = records.subList(from, to);
      int size = chunk.size();
      inFlight.addAndGet(size);
      tail =
          tail.thenCompose(v -> take.take(partition, home, chunk, firstUnstored))
              .handle(
                  (next, failure) -> {
                    inFlight.addAndGet(-size);
                    if (failure != null) {
                      rewind(tp, failure);
                    }
                    return null;
                  });
      from = to;
    }
    tails.put(partition, tail);
  }

  /** Gives up what was polled of {@code tp}: it is read again from its stored offset. */
  private void rewind(TopicPartition tp, Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    long pause;
    if (cause instanceof PartitionTake.Superseded) {
      pause = 0; // queued behind a failed take: that one decided the pause
    } else if (cause instanceof DispatcherException e
        && e.code() == DispatcherException.Code.OVERLOADED) {
      pause = PAUSE_NANOS;
    } else if (!leases.holds(homeKeyGroup(subscription.id(), tp.partition(), keyGroups))) {
      pause = 0; // another dispatcher holds it now: reassign() lets it go
    } else {
      LOG.warn(
          "subscription '{}' partition {}: take failed, retrying",
          subscription.id(),
          tp.partition(),
          cause);
      pause = FAILURE_PAUSE_NANOS;
    }
    long until = System.nanoTime() + pause;
    synchronized (this) {
      pausedUntil.merge(tp.partition(), until, (a, b) -> a - b >= 0 ? a : b);
    }
  }

  private void resumePaused() {
    List<TopicPartition> pause = new ArrayList<>();
    List<TopicPartition> resume = new ArrayList<>();
    synchronized (this) {
      long now = System.nanoTime();
      for (var it = pausedUntil.entrySet().iterator(); it.hasNext(); ) {
        var entry = it.next();
        TopicPartition tp = new TopicPartition(subscription.topic(), entry.getKey());
        if (!assigned.contains(entry.getKey())) {
          it.remove();
        } else if (now - entry.getValue() >= 0) {
          it.remove();
          resume.add(tp);
        } else {
          pause.add(tp);
        }
      }
    }
    // A paused partition is read again from its stored offset when it resumes.
    for (TopicPartition tp : pause) {
      if (!consumer.paused().contains(tp)) {
        consumer.pause(List.of(tp));
      }
    }
    if (!resume.isEmpty()) {
      for (TopicPartition tp : resume) {
        CompletableFuture<Void> tail = tails.remove(tp.partition());
        if (tail != null) {
          tail.exceptionally(e -> null).join(); // so the seek sees what those takes stored
        }
      }
      seekToStored(resume);
      consumer.resume(resume);
    }
  }

  /** Follows the leases: takes up the partitions whose home key group is held here. */
  private void reassign() {
    long now = System.nanoTime();
    if (partitionCount == 0 || now - partitionsReadAt >= PARTITIONS_EVERY_NANOS) {
      List<PartitionInfo> infos =
          consumer.partitionsFor(subscription.topic(), Duration.ofSeconds(5));
      partitionCount = infos == null ? 0 : infos.size();
      partitionsReadAt = now;
    }
    Set<Integer> held = new TreeSet<>();
    for (int p = 0; p < partitionCount; p++) {
      if (leases.holds(homeKeyGroup(subscription.id(), p, keyGroups))) {
        held.add(p);
      }
    }
    if (held.equals(assigned)) {
      return;
    }
    drainQuietly();
    // Before the first poll: a partition the topology does not know yet would not hold the target
    // type's watermark back, and the partitions that deliver first would fire its windows alone.
    // Only the partitions held here: another dispatcher's partitions have no clock here that
    // could ever move (event time across dispatchers is issue 20).
    try {
      take.declareAsync(held).join();
    } catch (CompletionException e) {
      LOG.warn("subscription '{}': cannot declare its partitions; retrying", subscription.id(), e);
      return;
    }
    List<TopicPartition> partitions = new ArrayList<>();
    held.forEach(p -> partitions.add(new TopicPartition(subscription.topic(), p)));
    consumer.assign(partitions);
    assigned = Set.copyOf(held);
    lags.keySet().retainAll(held);
    if (!partitions.isEmpty()) {
      seekToStored(partitions);
    }
  }

  /**
   * Positions {@code partitions} at their stored offsets, and catches their source clocks up with
   * the store: another dispatcher may have moved both while it held them.
   */
  private void seekToStored(List<TopicPartition> partitions) {
    Map<Integer, Long> stored;
    try (Transaction tx = store.begin()) {
      stored = StoredOffsets.read(tx.snapshot(), keyspace, subscription.id());
      for (TopicPartition tp : partitions) {
        sources.reload(tx.snapshot(), Sources.partition(subscription.id(), tp.partition()));
      }
    }
    List<TopicPartition> fresh = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      Long offset = stored.get(tp.partition());
      if (offset != null) {
        unstoredStart.remove(tp.partition());
        consumer.seek(tp, offset);
      } else {
        fresh.add(tp);
      }
    }
    if (!fresh.isEmpty()) {
      if (subscription.startLatest()) {
        consumer.seekToEnd(fresh);
        // Stored at once, so that a restart does not move the start past what arrived meanwhile.
        for (TopicPartition tp : fresh) {
          int p = tp.partition();
          take.mark(p, homeKeyGroup(subscription.id(), p, keyGroups), consumer.position(tp)).join();
        }
      } else {
        consumer.seekToBeginning(fresh);
        // Nothing stored yet: only the first records polled from here may be taken without a
        // stored offset to start at (see chain).
        fresh.forEach(tp -> unstoredStart.put(tp.partition(), UNKNOWN));
      }
    }
  }
}
