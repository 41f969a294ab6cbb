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
  private final Map<Integer, Long> pausedUntil = new HashMap<>();
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
    ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
    List<CompletableFuture<Void>> takes = new ArrayList<>();
    for (TopicPartition tp : records.partitions()) {
      if (assigned.contains(tp.partition())) {
        takes.add(takeAll(tp, records.records(tp), 0));
      }
    }
    for (CompletableFuture<Void> future : takes) {
      future.join();
    }
    for (int p : assigned) {
      consumer
          .currentLag(new TopicPartition(subscription.topic(), p))
          .ifPresent(lag -> lags.put(p, lag));
    }
  }

  /** Takes {@code records[from..]} of one partition, one transaction after the other. */
  private CompletableFuture<Void> takeAll(
      TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records, int from) {
    if (from >= records.size()) {
      return CompletableFuture.completedFuture(null);
    }
    int to = PartitionTake.chunkEnd(records, from);
    int partition = tp.partition();
    return take.take(
            partition,
            homeKeyGroup(subscription.id(), partition, keyGroups),
            records.subList(from, to))
        .handle(
            (next, failure) -> {
              if (failure == null) {
                return takeAll(tp, records, to);
              }
              rewind(tp, records.get(from).offset(), failure);
              return CompletableFuture.<Void>completedFuture(null);
            })
        .thenCompose(f -> f);
  }

  /** Gives up the rest of this poll for {@code tp}: it is read again from {@code offset}. */
  private void rewind(TopicPartition tp, long offset, Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    synchronized (this) {
      if (cause instanceof DispatcherException e
          && e.code() == DispatcherException.Code.OVERLOADED) {
        pausedUntil.put(tp.partition(), System.nanoTime() + PAUSE_NANOS);
      } else if (!leases.holds(homeKeyGroup(subscription.id(), tp.partition(), keyGroups))) {
        return; // Another dispatcher holds it now: reassign() lets it go.
      } else {
        LOG.warn(
            "subscription '{}' partition {}: take failed, retrying",
            subscription.id(),
            tp.partition(),
            cause);
        pausedUntil.put(tp.partition(), System.nanoTime() + FAILURE_PAUSE_NANOS);
      }
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
        consumer.seek(tp, offset);
      } else {
        fresh.add(tp);
      }
    }
    if (!fresh.isEmpty()) {
      if (subscription.startLatest()) {
        consumer.seekToEnd(fresh);
        for (TopicPartition tp : fresh) {
          int p = tp.partition();
          take.mark(p, homeKeyGroup(subscription.id(), p, keyGroups), consumer.position(tp)).join();
        }
      } else {
        consumer.seekToBeginning(fresh);
      }
    }
  }
}
