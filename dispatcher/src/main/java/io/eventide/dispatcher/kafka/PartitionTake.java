package io.eventide.dispatcher.kafka;

import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.dispatcher.internal.eventtime.Sources;
import io.eventide.dispatcher.internal.ingress.BatchIngest;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Takes consecutive records of one partition into the inboxes in ONE transaction, with the
 * partition's next offset, its source progress and the dead letters of records it could not take,
 * fenced on the lease of the partition's home key group and on the subscription's record, and only
 * if the stored offset is its first record's: takes may be queued one behind the other, and one
 * behind a failed take must not skip what that one did not take. Exactly once follows: a record's
 * effect and the offset past it are durable together or not at all, and only the lease holder
 * writes them.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable; the future completes on the store's thread.
 */
final class PartitionTake {
  /** Most records per transaction, well inside a slice ({@link BatchIngest#fitsOneSlice}). */
  static final int MAX_RECORDS = 5_000;

  /** Most payload bytes per transaction. */
  static final long MAX_BYTES = 3L << 20;

  private final Keyspace keyspace;
  private final LeaseTable leases;
  private final BatchIngest batches;
  private final Subscription subscription;
  private final RecordMapper mapper;
  private final byte[] definition;

  PartitionTake(
      Keyspace keyspace, LeaseTable leases, BatchIngest batches, Subscription subscription) {
    this.keyspace = keyspace;
    this.leases = leases;
    this.batches = batches;
    this.subscription = subscription;
    this.mapper = new RecordMapper(subscription);
    this.definition = StoredConfigs.encode(subscription);
  }

  /** The end of the longest run of {@code records} from {@code from} that one take holds. */
  static int chunkEnd(List<ConsumerRecord<byte[], byte[]>> records, int from) {
    long bytes = 0;
    int to = from;
    while (to < records.size() && to - from < MAX_RECORDS) {
      ConsumerRecord<byte[], byte[]> record = records.get(to);
      long size = Math.max(0, record.serializedValueSize()) + 64L;
      if (to > from && bytes + size > MAX_BYTES) {
        break;
      }
      bytes += size;
      to++;
    }
    return to;
  }

  /**
   * Stores {@code next} as the partition's next offset, taking nothing: where {@code startFrom:
   * latest} began, so that a restart before the first record does not skip to the end again.
   */
  CompletableFuture<Long> mark(int partition, int homeKeyGroup, long next) {
    return commit(partition, homeKeyGroup, List.of(), List.of(), List.of(), NO_GUARD, false, next);
  }

  /** A take queued behind one that failed: the stored offset is not where it starts. */
  static final class Superseded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Superseded(long stored, long first) {
      super("the stored offset is " + stored + ", not " + first, null, false, false);
    }
  }

  private static final long NO_GUARD = -1;

  /**
   * Declares {@code partitions} as sources of the subscription's target type before anything of
   * them is taken ({@link BatchIngest#declareAsync}), so that each holds the type's watermark back
   * until it delivers.
   */
  CompletableFuture<Void> declareAsync(Collection<Integer> partitions) {
    List<String> names = new ArrayList<>(partitions.size());
    partitions.forEach(p -> names.add(Sources.partition(subscription.id(), p)));
    return batches.declareAsync(names, subscription.namespace(), subscription.type());
  }

  /**
   * Takes {@code records} (consecutive, of partition {@code partition}); completes with the next
   * offset to consume. It commits only where the stored offset is its first record's, or, while
   * none is stored, where its first record is {@code firstUnstored}: the first polled from the
   * partition's beginning.
   */
  CompletableFuture<Long> take(
      int partition,
      int homeKeyGroup,
      List<ConsumerRecord<byte[], byte[]>> records,
      long firstUnstored) {
    List<IngressMessage> events = new ArrayList<>(records.size());
    List<ConsumerRecord<byte[], byte[]>> rejected = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        events.add(mapper.map(record));
      } catch (RecordMapper.Rejected e) {
        rejected.add(record);
        errors.add(e.getMessage());
      }
    }
    long next = records.get(records.size() - 1).offset() + 1;
    long first = records.get(0).offset();
    return commit(
        partition, homeKeyGroup, events, rejected, errors, first, first == firstUnstored, next);
  }

  private CompletableFuture<Long> commit(
      int partition,
      int homeKeyGroup,
      List<IngressMessage> events,
      List<ConsumerRecord<byte[], byte[]>> rejected,
      List<String> errors,
      long first,
      boolean mayBeUnstored,
      long next) {
    String source = Sources.partition(subscription.id(), partition);
    return batches
        .ingestAtomically(
            source,
            events,
            tx -> {
              leases.fence(tx, homeKeyGroup);
              if (first != NO_GUARD) {
                long stored = StoredOffsets.get(tx, keyspace, subscription.id(), partition);
                if (stored != first && !(stored == -1 && mayBeUnstored)) {
                  throw new Superseded(stored, first);
                }
              }
              // Deleted or replaced meanwhile: nothing more is taken for it.
              tx.requireValue(keyspace.subscription(subscription.id()), definition);
              StoredOffsets.write(tx, keyspace, subscription.id(), partition, next);
              for (int i = 0; i < rejected.size(); i++) {
                RecordDeadLetters.write(
                    tx, keyspace, subscription, rejected.get(i), errors.get(i), i);
              }
            })
        .thenApply(n -> next);
  }
}
