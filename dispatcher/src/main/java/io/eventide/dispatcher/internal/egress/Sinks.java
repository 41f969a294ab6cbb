package io.eventide.dispatcher.internal.egress;

import io.eventide.dispatcher.api.EgressSpec;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;

/**
 * Makes the sink of a configured egress, by its kind: {@code http} → {@link HttpSink}, {@code
 * kafka} → {@link #kafka}, the one place a Kafka sink is constructed.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; each deliverer opens its own sink.
 */
public class Sinks {
  private final Store store;
  private final Keyspace keyspace;
  private final HttpSink.Options http;

  public Sinks(Store store, Keyspace keyspace) {
    this(store, keyspace, HttpSink.Options.DEFAULTS);
  }

  Sinks(Store store, Keyspace keyspace, HttpSink.Options http) {
    this.store = store;
    this.keyspace = keyspace;
    this.http = http;
  }

  /** Opens the sink of {@code spec}; throws when it cannot (its failure is the egress's error). */
  public Sink open(EgressSpec spec) throws Exception {
    if (EgressSpec.KAFKA.equals(spec.kind())) {
      return kafka(spec, kafkaCluster(spec.cluster()));
    }
    return new HttpSink(spec, http);
  }

  /**
   * THE construction point of Kafka sinks: {@code cluster} is the stored JSON of the named cluster
   * ({@code {"bootstrapServers": "...", "properties": {...}}}). Until the Kafka sink is wired here,
   * a kafka egress reports this failure as its last error and delivers nothing (its records wait in
   * the outbox, within retention).
   */
  protected Sink kafka(EgressSpec spec, byte[] cluster) throws Exception {
    throw new IllegalStateException("kafka sink not wired");
  }

  /**
   * Checks a kafka egress against its cluster before it is stored (brokers reachable, topic there),
   * beside {@link #kafka}: throws {@link IllegalArgumentException} saying what is wrong, which the
   * API answers with 400. Until the Kafka client is wired here, nothing is checked.
   */
  protected void checkKafka(EgressSpec spec, byte[] cluster) {}

  /** The stored configuration of Kafka cluster {@code name}; fails when it is not configured. */
  byte[] kafkaCluster(String name) {
    try (Transaction tx = store.begin()) {
      byte[] value = tx.snapshot().get(keyspace.kafkaCluster(name));
      if (value == null) {
        throw new IllegalStateException("kafka cluster '" + name + "' is not configured");
      }
      return value;
    }
  }
}
