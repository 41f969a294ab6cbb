package io.eventide.dispatcher.internal.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.EgressSpec;
import io.eventide.dispatcher.api.EgressStatus;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Egress configurations in the real embedded store: create, conflicts, limits, restarts. */
class StoredEgressesIT {
  @TempDir Path dir;
  final Keyspace keyspace = new Keyspace("test");
  Store store;
  StoredEgresses egresses;

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir);
    egresses = new StoredEgresses(store, keyspace, () -> 1_234);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aConfigurationSurvivesARestart() {
    EgressSpec hooks =
        EgressSpec.http(
            "hooks",
            "http://127.0.0.1:1/x",
            Map.of("Authorization", "Bearer s"),
            Duration.ofSeconds(3));
    assertThat(egresses.create(hooks)).isTrue();

    store.close();
    store = Stores.rocksdb(dir);
    egresses = new StoredEgresses(store, keyspace, System::currentTimeMillis);

    EgressStatus status = egresses.get("hooks").orElseThrow();
    assertThat(status.spec()).isEqualTo(hooks);
    assertThat(status.createdAt()).isEqualTo(1_234);
    assertThat(status.offset()).isEqualTo(-1);
    assertThat(status.pending()).isZero();
    assertThat(status.lastError()).isNull();
    assertThat(egresses.list()).extracting(s -> s.spec().name()).containsExactly("hooks");
  }

  @Test
  void aTakenNameIsRefusedAndLeftAsItWas() {
    EgressSpec first = EgressSpec.http("hooks", "http://127.0.0.1:1/a", Map.of(), null);
    assertThat(egresses.create(first)).isTrue();
    assertThat(egresses.create(EgressSpec.http("hooks", "http://127.0.0.1:1/b", Map.of(), null)))
        .isFalse();
    assertThat(egresses.get("hooks").orElseThrow().spec()).isEqualTo(first);
  }

  @Test
  void deletingForgetsTheConfigurationOnce() {
    egresses.create(EgressSpec.http("hooks", "http://127.0.0.1:1/a", Map.of(), null));
    assertThat(egresses.delete("hooks")).isTrue();
    assertThat(egresses.delete("hooks")).isFalse();
    assertThat(egresses.get("hooks")).isEmpty();
  }

  @Test
  void aKafkaEgressNeedsItsClusterConfigured() {
    assertThatThrownBy(() -> egresses.create(EgressSpec.kafka("out", "local", "topic")))
        .isInstanceOf(DispatcherException.class)
        .hasMessageContaining("kafka cluster 'local' is not configured");
    try (Transaction tx = store.begin()) {
      tx.set(keyspace.kafkaCluster("local"), "{}".getBytes(StandardCharsets.UTF_8));
      tx.commitAsync().join();
    }
    // Configured now, but with no bootstrap servers: the sink's check refuses it, saying why.
    assertThatThrownBy(() -> egresses.create(EgressSpec.kafka("out", "local", "topic")))
        .isInstanceOf(DispatcherException.class)
        .hasMessageContaining("cannot connect to Kafka cluster 'local'");
    Sinks unchecked =
        new Sinks(store, keyspace) {
          @Override
          protected void checkKafka(EgressSpec spec, byte[] cluster) {}
        };
    assertThat(
            new StoredEgresses(store, keyspace, () -> 1, unchecked)
                .create(EgressSpec.kafka("out", "local", "topic")))
        .isTrue();
  }

  @Test
  void theSinksCheckOfAKafkaEgressRefusesItWithItsReason() {
    try (Transaction tx = store.begin()) {
      tx.set(keyspace.kafkaCluster("local"), "{}".getBytes(StandardCharsets.UTF_8));
      tx.commitAsync().join();
    }
    Sinks checking =
        new Sinks(store, keyspace) {
          @Override
          protected void checkKafka(EgressSpec spec, byte[] cluster) {
            throw new IllegalArgumentException("topic '" + spec.topic() + "' does not exist");
          }
        };
    StoredEgresses checked = new StoredEgresses(store, keyspace, () -> 1, checking);

    assertThatThrownBy(() -> checked.create(EgressSpec.kafka("out", "local", "missing")))
        .isInstanceOf(DispatcherException.class)
        .hasMessage("topic 'missing' does not exist");
    assertThat(checked.get("out")).isEmpty();
  }

  @Test
  void atMost100EgressesAreConfigured() {
    for (int i = 0; i < StoredEgresses.MAX_EGRESSES; i++) {
      assertThat(egresses.create(EgressSpec.http("e" + i, "http://127.0.0.1:1/", Map.of(), null)))
          .isTrue();
    }
    assertThatThrownBy(
            () ->
                egresses.create(EgressSpec.http("one-more", "http://127.0.0.1:1/", Map.of(), null)))
        .isInstanceOf(DispatcherException.class)
        .hasMessageContaining("at most 100 egresses");
  }
}
