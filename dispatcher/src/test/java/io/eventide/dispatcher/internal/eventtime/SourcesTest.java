package io.eventide.dispatcher.internal.eventtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.dispatcher.api.SourceSettings;
import io.eventide.protocol.DeploymentRecord;
import io.eventide.protocol.SourceConfig;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source settings declared by deployed modules, read from the deployment records in the store. */
class SourcesTest {
  @TempDir Path dir;
  final Keyspace keyspace = new Keyspace("standalone");

  @Test
  void aModulesSourceSettingsApplyAndADamagedRecordIsSkipped() {
    try (Store store = Stores.rocksdb(dir)) {
      try (Transaction tx = store.begin()) {
        tx.set(
            keyspace.deployment("d-good"),
            DeploymentRecord.newBuilder()
                .setId("d-good")
                .addSources(
                    SourceConfig.newBuilder().setName("clicks").setOutOfOrdernessMillis(2_000))
                .build()
                .toByteArray());
        tx.set(
            keyspace.deployment("d-torn"),
            "not a deployment record".getBytes(StandardCharsets.UTF_8));
        tx.commitAsync().join();
      }
      Sources sources = new Sources(store, keyspace);

      sources.load();

      assertThat(sources.clock("clicks").settings().outOfOrdernessMillis()).isEqualTo(2_000);
      assertThat(sources.clock("orders").settings()).isEqualTo(SourceSettings.DEFAULT);
    }
  }
}
