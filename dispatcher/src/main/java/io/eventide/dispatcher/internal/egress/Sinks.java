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
   * ({@code {"bootstrapServers": "...", "properties": {...}}}). The transactional id is the
   * egress's: a new deliverer of the egress fences the old one, wherever it runs.
   */
  protected Sink kafka(EgressSpec spec, byte[] cluster) throws Exception {
    StoredCluster c = StoredCluster.parse(cluster);
    return new KafkaSink(
        spec.name(),
        c.bootstrapServers(),
        c.properties(),
        spec.topic(),
        TRANSACTIONAL_ID_PREFIX + spec.name());
  }

  /** Every Kafka egress's transactional id starts so; the egress name follows. */
  static final String TRANSACTIONAL_ID_PREFIX = "eventide-egress-";

  /**
   * Checks a kafka egress against its cluster before it is stored: the brokers answer and the topic
   * is there. Throws {@link IllegalArgumentException} saying what is wrong, which the API answers
   * with 400.
   */
  protected void checkKafka(EgressSpec spec, byte[] cluster) {
    StoredCluster.parse(cluster).requireTopic(spec.cluster(), spec.topic());
  }

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
