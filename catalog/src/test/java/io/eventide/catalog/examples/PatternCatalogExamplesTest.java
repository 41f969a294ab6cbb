package io.eventide.catalog.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.catalog.PatternCatalog;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pattern catalog in a real store: versions count up, the newest {@link
 * PatternCatalog#VERSIONS_KEPT} are kept, one pattern per input, and a name deleted and put again
 * goes on counting, also after the store is reopened.
 */
class PatternCatalogExamplesTest {
  @TempDir Path dir;

  @Test
  void versionsCountUpAndTheNewestAreKept() {
    Keyspace keyspace = new Keyspace("it");
    byte[] body = "{\"input\": \"fraud/card\"}".getBytes(StandardCharsets.UTF_8);
    long now = 1_000;
    try (Store store = Stores.rocksdb(dir.resolve("store"))) {
      // javadoc: PatternCatalog
      PatternCatalog patterns = new PatternCatalog(store, keyspace);
      PatternCatalog.Stored stored = patterns.put("big-after-small", "fraud/card", body, now);
      int version = stored.version(); // 1, then 2 for the next put of the name
      // end javadoc
      assertThat(version).isEqualTo(1);
      for (int v = 2; v <= PatternCatalog.VERSIONS_KEPT; v++) {
        patterns.put("big-after-small", "fraud/card", body, now);
      }
      assertThat(patterns.versions("big-after-small")).hasSize(PatternCatalog.VERSIONS_KEPT);
      patterns.put("big-after-small", "fraud/card", body, now);
      assertThat(patterns.versions("big-after-small"))
          .extracting(PatternCatalog.Stored::version)
          .hasSize(PatternCatalog.VERSIONS_KEPT)
          .startsWith(2)
          .endsWith(PatternCatalog.VERSIONS_KEPT + 1);

      assertThatThrownBy(() -> patterns.put("other", "fraud/card", body, now))
          .isInstanceOf(PatternCatalog.ConflictException.class)
          .hasMessageContaining("already runs over fraud/card");
      assertThatThrownBy(() -> patterns.put("big-after-small", "fraud/other", body, now))
          .isInstanceOf(PatternCatalog.ConflictException.class)
          .hasMessageContaining("DELETE it first");

      assertThat(patterns.delete("big-after-small")).isTrue();
      assertThat(patterns.delete("big-after-small")).isFalse();
      assertThat(patterns.get("big-after-small")).isEmpty();
    }
    try (Store store = Stores.rocksdb(dir.resolve("store"))) {
      PatternCatalog patterns = new PatternCatalog(store, keyspace);
      PatternCatalog.Stored again = patterns.put("big-after-small", "fraud/other", body, now);
      assertThat(again.version()).isEqualTo(PatternCatalog.VERSIONS_KEPT + 2);
      assertThat(patterns.all()).containsOnlyKeys("big-after-small");
      assertThat(patterns.get("big-after-small").orElseThrow().input()).isEqualTo("fraud/other");
      assertThat(new String(again.body(), StandardCharsets.UTF_8)).contains("fraud/card");
    }
  }
}
