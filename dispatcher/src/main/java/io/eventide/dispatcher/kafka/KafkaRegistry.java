package io.eventide.dispatcher.kafka;

import io.eventide.store.KeyValue;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kafka clusters and subscriptions as data in the store: what every gateway serves and what the
 * dispatchers consume. A subscription is checked against its cluster before it is taken (the
 * cluster answers, the topic exists), so a mistake is a 4xx now rather than a silent consumer.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: every change is one store transaction.
 */
public final class KafkaRegistry {
  private final Store store;
  private final Keyspace keyspace;
  private final TransactionRunner runner;
  private final KafkaProbe probe;

  public KafkaRegistry(Store store, Keyspace keyspace, Duration probeTimeout) {
    this.store = store;
    this.keyspace = keyspace;
    this.runner = new TransactionRunner(store);
    this.probe = new KafkaProbe(probeTimeout);
  }

  /**
   * Creates or replaces a cluster; {@code probe}: only if it answers. Returns whether it is new.
   */
  public boolean putCluster(KafkaCluster cluster, boolean probe) {
    if (probe) {
      this.probe.reach(cluster);
    }
    return runner.run(
        tx -> {
          boolean created = tx.get(keyspace.kafkaCluster(cluster.name())) == null;
          tx.set(keyspace.kafkaCluster(cluster.name()), StoredConfigs.encode(cluster));
          return created;
        });
  }

  public List<KafkaCluster> clusters() {
    List<KafkaCluster> clusters = new ArrayList<>();
    for (KeyValue kv : read(keyspace.kafkaClusters())) {
      clusters.add(StoredConfigs.cluster(kv.value()));
    }
    return clusters;
  }

  public Optional<KafkaCluster> cluster(String name) {
    byte[] value = get(keyspace.kafkaCluster(name));
    return value == null ? Optional.empty() : Optional.of(StoredConfigs.cluster(value));
  }

  /**
   * Removes a cluster; CONFLICT while a subscription uses it, or an egress by {@code
   * usedElsewhere}.
   */
  public void deleteCluster(String name, java.util.function.Predicate<String> usedElsewhere) {
    runner.run(
        tx -> {
          if (tx.get(keyspace.kafkaCluster(name)) == null) {
            throw notFound("Kafka cluster '" + name + "' is not configured");
          }
          for (KeyValue kv : tx.getPrefix(keyspace.subscriptions(), 0)) {
            Subscription s = StoredConfigs.subscription(kv.value());
            if (s.cluster().equals(name)) {
              throw conflict(
                  "Kafka cluster '" + name + "' is used by subscription '" + s.id() + "'");
            }
          }
          if (usedElsewhere.test(name)) {
            throw conflict("Kafka cluster '" + name + "' is used by an egress");
          }
          tx.clear(keyspace.kafkaCluster(name));
          return null;
        });
  }

  /**
   * Takes a subscription: its cluster must be configured and answer, its topic exist, its id be
   * free.
   */
  public Subscription create(Subscription subscription) {
    KafkaCluster cluster =
        cluster(subscription.cluster())
            .orElseThrow(
                () -> notFound("Kafka cluster '" + subscription.cluster() + "' is not configured"));
    probe.partitions(cluster, subscription.topic());
    return runner.run(
        tx -> {
          if (tx.get(keyspace.subscription(subscription.id())) != null) {
            throw conflict("subscription '" + subscription.id() + "' exists");
          }
          tx.set(keyspace.subscription(subscription.id()), StoredConfigs.encode(subscription));
          return subscription;
        });
  }

  public List<Subscription> subscriptions() {
    List<Subscription> all = new ArrayList<>();
    for (KeyValue kv : read(keyspace.subscriptions())) {
      all.add(StoredConfigs.subscription(kv.value()));
    }
    return all;
  }

  public Optional<Subscription> subscription(String id) {
    byte[] value = get(keyspace.subscription(id));
    return value == null ? Optional.empty() : Optional.of(StoredConfigs.subscription(value));
  }

  /**
   * Removes a subscription and its stored offsets: consumption stops within a refresh, and a new
   * subscription of the same id starts afresh.
   */
  public void delete(String id) {
    runner.run(
        tx -> {
          if (tx.get(keyspace.subscription(id)) == null) {
            throw notFound("subscription '" + id + "' does not exist");
          }
          tx.clear(keyspace.subscription(id));
          byte[] offsets = keyspace.kafkaOffsets(id);
          tx.clearRange(offsets, io.eventide.store.Keys.strinc(offsets));
          return null;
        });
  }

  /** What a subscription's view shows: per partition its offset, lag and watermark. */
  public SubscriptionView view(Subscription subscription) {
    return SubscriptionView.read(
        store, keyspace, subscription, cluster(subscription.cluster()), probe);
  }

  private List<KeyValue> read(byte[] prefix) {
    try (var tx = store.begin()) {
      return tx.snapshot().getPrefix(prefix, 0);
    }
  }

  private byte[] get(byte[] key) {
    try (var tx = store.begin()) {
      return tx.snapshot().get(key);
    }
  }

  private static ConnectorException notFound(String message) {
    return new ConnectorException(ConnectorException.Code.NOT_FOUND, message);
  }

  private static ConnectorException conflict(String message) {
    return new ConnectorException(ConnectorException.Code.CONFLICT, message);
  }
}
