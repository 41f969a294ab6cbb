package io.eventide.dispatcher.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.dispatcher.internal.eventtime.Sources;
import io.eventide.protocol.SourceRecord;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Where a subscription stands, from the store (what is durable) and its cluster (how far the
 * partitions go): the same answer from every gateway, whichever dispatcher consumes.
 *
 * @param subscription what was configured
 * @param partitions one entry per partition known to the store or the cluster
 * @param watermark the minimum over the partitions that have sent anything; {@code Long.MIN_VALUE}
 *     before any
 */
public record SubscriptionView(
    Subscription subscription, List<Partition> partitions, long watermark) {

  /**
   * @param offset the next offset to consume, or -1 before the first record was taken
   * @param endOffset the partition's end, or -1 while the cluster does not answer
   * @param lag records not yet taken, or -1 when unknown
   * @param watermark the partition's watermark, {@code Long.MIN_VALUE} before its first record
   */
  public record Partition(int partition, long offset, long endOffset, long lag, long watermark) {}

  static SubscriptionView read(
      Store store,
      Keyspace keyspace,
      Subscription subscription,
      Optional<KafkaCluster> cluster,
      KafkaProbe probe) {
    Map<Integer, Long> offsets;
    Map<Integer, Long> watermarks = new java.util.HashMap<>();
    try (Transaction tx = store.begin()) {
      offsets = StoredOffsets.read(tx.snapshot(), keyspace, subscription.id());
      for (int p : offsets.keySet()) {
        byte[] value =
            tx.snapshot().get(keyspace.watermark(Sources.partition(subscription.id(), p), 0));
        if (value != null) {
          watermarks.put(p, parse(value).getWatermark());
        }
      }
    }
    Map<Integer, Long> ends = Map.of();
    if (cluster.isPresent()) {
      int known = offsets.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
      ends = probe.endOffsets(cluster.get(), subscription.topic(), known);
    }
    TreeSet<Integer> all = new TreeSet<>(offsets.keySet());
    all.addAll(ends.keySet());
    List<Partition> partitions = new ArrayList<>();
    long watermark = Long.MAX_VALUE;
    for (int p : all) {
      long offset = offsets.getOrDefault(p, -1L);
      long end = ends.getOrDefault(p, -1L);
      long lag = end < 0 ? -1 : Math.max(0, end - Math.max(0, offset));
      long partitionWatermark = watermarks.getOrDefault(p, Long.MIN_VALUE);
      if (watermarks.containsKey(p)) {
        watermark = Math.min(watermark, partitionWatermark);
      }
      partitions.add(new Partition(p, offset, end, lag, partitionWatermark));
    }
    return new SubscriptionView(
        subscription, partitions, watermarks.isEmpty() ? Long.MIN_VALUE : watermark);
  }

  private static SourceRecord parse(byte[] value) {
    try {
      return SourceRecord.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt source record", e);
    }
  }
}
