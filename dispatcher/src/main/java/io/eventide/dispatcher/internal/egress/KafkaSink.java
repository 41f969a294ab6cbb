package io.eventide.dispatcher.internal.egress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The {@code kafka} egress: delivers an egress's outbox records into a topic, exactly once for
 * {@code read_committed} consumers, across the death of any deliverer (see
 * docs/decisions/kafka-egress-exactly-once.md).
 *
 * <p>Every {@link #deliver} is one Kafka transaction under a transactional id that is stable per
 * egress. The store records the delivered outbox offset after Kafka committed, with {@link
 * KafkaPositions} as the sink state. A deliverer that dies in between leaves a committed
 * transaction the store does not know of; the next one, on {@link #resume}, first fences every
 * earlier producer of the id ({@code initTransactions()} also ends its open transaction), then
 * reads the topic back from the recorded positions ({@link DeliveredScan}) and reports the highest
 * outbox offset it finds, so nothing is sent twice and nothing skipped.
 *
 * <p>Any failure but a refused record closes the producer; the next call starts a new one the same
 * way (fence, read back), which also makes a commit whose outcome was unknown (a timeout) safe to
 * retry. A record the topic refuses for good (too large, bad timestamp) is {@link Rejected}: the
 * transaction is aborted and run again without it.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: one deliverer thread drives a sink, as {@link Sink} has it.
 */
public final class KafkaSink implements Sink {
  private static final Duration SCAN_DEADLINE = Duration.ofSeconds(60);
  private static final Duration CLOSE = Duration.ofSeconds(5);

  private final String egress;
  private final Map<String, Object> producerConfig;
  private final KafkaRecords records;
  private final DeliveredScan scan;
  private final Refusals refusals = new Refusals();
  private final Duration sendDeadline;
  private final ProducerChores chores;

  private KafkaPositions positions = KafkaPositions.empty();
  private long delivered = -1;
  private Producer<byte[], byte[]> producer;

  /**
   * @param properties the Kafka cluster's extra client properties (security and the like); they may
   *     tune timeouts but not what exactly once rests on (transactional id, idempotence, acks,
   *     isolation level)
   * @param transactionalId stable per deployment and egress, unique among Kafka's transactional
   *     ids; it also marks this egress's records in the topic
   */
  public KafkaSink(
      String egress,
      String bootstrapServers,
      Map<String, String> properties,
      String topic,
      String transactionalId) {
    this.egress = egress;
    KafkaSinkConfigs configs =
        new KafkaSinkConfigs(egress, bootstrapServers, properties, transactionalId, SCAN_DEADLINE);
    this.producerConfig = configs.producer();
    this.sendDeadline = configs.sendDeadline();
    this.chores = new ProducerChores(egress);
    this.records = new KafkaRecords(topic, transactionalId);
    this.scan =
        new DeliveredScan(configs.admin(), configs.consumer(), topic, records, SCAN_DEADLINE);
  }

  @Override
  public long resume(Position stored) throws Exception {
    closeProducer();
    positions = KafkaPositions.decode(stored.sinkState());
    delivered = stored.offset();
    ready();
    return delivered;
  }

  @Override
  public Delivered deliver(List<OutboxRecord> batch) throws Exception {
    if (batch.isEmpty()) {
      return new Delivered(delivered, positions.encode(), List.of());
    }
    ready();
    List<OutboxRecord> pending = new ArrayList<>(batch.size());
    for (OutboxRecord record : batch) {
      if (record.offset() > delivered) {
        pending.add(record);
      }
    }
    List<Rejected> rejected = new ArrayList<>();
    try {
      while (!pending.isEmpty()) {
        List<Rejected> refused = transact(pending);
        if (refused.isEmpty()) {
          break;
        }
        rejected.addAll(refused);
        refused.forEach(r -> pending.remove(r.record()));
      }
    } catch (Exception e) {
      closeProducer();
      throw e;
    }
    long last = batch.get(batch.size() - 1).offset();
    delivered = Math.max(delivered, last);
    return new Delivered(last, positions.encode(), List.copyOf(rejected));
  }

  @Override
  public void close() {
    Thread closing = closeProducer();
    if (closing != null) {
      try {
        closing.join(CLOSE.plusSeconds(1).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    chores.close();
  }

  /**
   * Sends {@code pending} in one transaction and commits it; or, when the topic refused some of
   * them for good, aborts it and returns those. Any other failure throws.
   */
  private List<Rejected> transact(List<OutboxRecord> pending) throws Exception {
    producer.beginTransaction();
    List<Future<RecordMetadata>> sent = new ArrayList<>(pending.size());
    List<Rejected> rejected = new ArrayList<>();
    Throwable failure = null;
    for (OutboxRecord record : pending) {
      try {
        Future<RecordMetadata> future = producer.send(records.toKafka(record));
        sent.add(future);
        if (failedAtOnce(future)) {
          // E.g. no metadata within max.block.ms: each further send would wait as long again.
          break;
        }
      } catch (KafkaException e) {
        // The transaction has failed; the records after this one would fail the same way.
        failure = refuseOrKeep(record, e, rejected, null);
        break;
      }
    }
    // A flush would send it all at once but may wait without bound: it runs aside, and this waits
    // for the acknowledgements with a deadline.
    chores.flushSoon(producer);
    long until = System.nanoTime() + sendDeadline.toNanos();
    Map<Integer, Long> next = new HashMap<>();
    for (int i = 0; i < sent.size() && !(failure instanceof TimeoutException); i++) {
      try {
        RecordMetadata metadata =
            sent.get(i).get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        next.merge(metadata.partition(), metadata.offset() + 1, Math::max);
      } catch (ExecutionException e) {
        failure = refuseOrKeep(pending.get(i), e.getCause(), rejected, failure);
      } catch (TimeoutException e) {
        failure = new TimeoutException("records not acknowledged within " + sendDeadline);
      }
    }
    if (failure == null && rejected.isEmpty()) {
      producer.commitTransaction();
      positions = positions.advancedTo(next);
      return List.of();
    }
    abort(failure, rejected);
    return rejected;
  }

  private static boolean failedAtOnce(Future<RecordMetadata> future) throws InterruptedException {
    if (!future.isDone()) {
      return false;
    }
    try {
      future.get();
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  /** Adds the record to {@code rejected} if it is refused for good; returns the first failure. */
  private Throwable refuseOrKeep(
      OutboxRecord record, Throwable cause, List<Rejected> rejected, Throwable first) {
    if (refusals.isForGood(cause)) {
      rejected.add(new Rejected(record, refusals.describe(cause)));
      return first;
    }
    return first != null ? first : cause;
  }

  /** Aborts; throws unless some records were refused (the rest is then sent again). */
  private void abort(Throwable failure, List<Rejected> rejected) {
    KafkaException failed =
        failure == null
            ? null
            : new KafkaException("egress " + egress + ": delivery failed: " + failure, failure);
    try {
      producer.abortTransaction();
    } catch (KafkaException abortFailed) {
      if (failed == null) {
        throw abortFailed;
      }
      failed.addSuppressed(abortFailed);
    }
    if (rejected.isEmpty()) {
      throw failed;
    }
  }

  /** A producer that fenced every earlier one of the id, and {@link #delivered} read back. */
  private void ready() throws Exception {
    if (producer != null) {
      return;
    }
    Producer<byte[], byte[]> fresh =
        new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    try {
      fresh.initTransactions();
      DeliveredScan.Result found = scan.scan(positions);
      delivered = Math.max(delivered, found.highest());
      positions = found.positions();
      producer = fresh;
    } catch (Exception e) {
      chores.closeSoon(fresh, Duration.ZERO);
      throw e;
    }
  }

  /** Drops the producer; it closes in the background (see {@link ProducerChores}). */
  private Thread closeProducer() {
    if (producer == null) {
      return null;
    }
    Producer<byte[], byte[]> closing = producer;
    producer = null;
    return chores.closeSoon(closing, CLOSE);
  }
}
