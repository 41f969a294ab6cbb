package io.eventide.dispatcher.kafka;

import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.dispatcher.internal.eventtime.Sources;
import io.eventide.dispatcher.internal.ingress.BatchIngest;
import io.eventide.store.Store;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dispatcher's Kafka ingress: follows the subscriptions in the store and runs a consumer for
 * each, on its own thread, over the partitions whose home key group this dispatcher holds.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; the subscriptions are refreshed on one scheduler thread.
 */
public final class KafkaIngress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaIngress.class);
  private static final Duration REFRESH = Duration.ofSeconds(1);

  private final String nodeId;
  private final Store store;
  private final Keyspace keyspace;
  private final LeaseTable leases;
  private final Sources sources;
  private final BatchIngest batches;
  private final int keyGroups;
  private final KafkaRegistry registry;
  private final MultiGauge lagGauge;
  private final Map<String, Running> running = new HashMap<>(); // guarded by this
  private final ScheduledExecutorService scheduler;

  private record Running(
      Subscription subscription,
      KafkaCluster cluster,
      SubscriptionConsumer consumer,
      Thread thread) {}

  public KafkaIngress(
      String nodeId,
      Store store,
      Keyspace keyspace,
      LeaseTable leases,
      Sources sources,
      BatchIngest batches,
      int keyGroups,
      MeterRegistry meters) {
    this.nodeId = nodeId;
    this.store = store;
    this.keyspace = keyspace;
    this.leases = leases;
    this.sources = sources;
    this.batches = batches;
    this.keyGroups = keyGroups;
    this.registry = new KafkaRegistry(store, keyspace, Duration.ofSeconds(5));
    this.lagGauge =
        MultiGauge.builder("eventide.kafka.lag")
            .description("records of a subscription's partition not yet taken")
            .register(meters);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "eventide-kafka-subscriptions");
              thread.setDaemon(true);
              return thread;
            });
  }

  public void start() {
    scheduler.scheduleWithFixedDelay(
        this::refreshQuietly, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.warn("cannot read the subscriptions; retrying", e);
    }
  }

  /** Starts consumers for new subscriptions and stops those of removed or changed ones. */
  synchronized void refresh() {
    Map<String, Subscription> wanted = new HashMap<>();
    for (Subscription s : registry.subscriptions()) {
      wanted.put(s.id(), s);
    }
    for (var it = running.values().iterator(); it.hasNext(); ) {
      Running r = it.next();
      Subscription now = wanted.get(r.subscription().id());
      Optional<KafkaCluster> cluster =
          now == null ? Optional.empty() : registry.cluster(now.cluster());
      if (now == null
          || !now.equals(r.subscription())
          || !cluster.equals(Optional.of(r.cluster()))) {
        stop(r);
        it.remove();
      }
    }
    for (Subscription s : wanted.values()) {
      if (!running.containsKey(s.id())) {
        registry.cluster(s.cluster()).ifPresent(cluster -> running.put(s.id(), launch(s, cluster)));
      }
    }
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    lags()
        .forEach(
            (id, partitions) ->
                partitions.forEach(
                    (p, lag) ->
                        rows.add(
                            MultiGauge.Row.of(
                                Tags.of("subscription", id, "partition", Integer.toString(p)),
                                lag))));
    lagGauge.register(rows, true);
  }

  private Running launch(Subscription subscription, KafkaCluster cluster) {
    sources.configurePartitioned(subscription.id(), subscription.settings());
    Map<String, Object> config = cluster.clientConfig();
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "eventide-" + nodeId + "-" + subscription.id());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20_000);
    config.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 << 20);
    config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    SubscriptionConsumer loop =
        new SubscriptionConsumer(
            subscription,
            consumer,
            store,
            keyspace,
            leases,
            sources,
            new PartitionTake(keyspace, leases, batches, subscription),
            keyGroups);
    Thread thread = new Thread(loop, "eventide-kafka-" + subscription.id());
    thread.setDaemon(true);
    thread.start();
    LOG.info("consuming subscription '{}' from {}", subscription.id(), subscription.source());
    return new Running(subscription, cluster, loop, thread);
  }

  private static void stop(Running r) {
    r.consumer().stop();
    try {
      r.thread().join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Per subscription consumed here, the lag of each partition held. */
  public synchronized Map<String, Map<Integer, Long>> lags() {
    Map<String, Map<Integer, Long>> lags = new TreeMap<>();
    running.forEach((id, r) -> lags.put(id, new TreeMap<>(r.consumer().lags())));
    return lags;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      running.values().forEach(KafkaIngress::stop);
      running.clear();
    }
  }
}
