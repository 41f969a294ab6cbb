package io.eventide.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.catalog.DeploymentException.Code;
import io.eventide.protocol.DeploymentRecord;
import io.eventide.protocol.Registrations;
import io.eventide.protocol.SourceConfig;
import io.eventide.store.KeyValue;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog as data in a real RocksDB store: records, versions, conflicts and jar parts. */
class CatalogRecordsIT {
  private static final byte[] JAR = "PK\3\4 stands for a jar".getBytes(StandardCharsets.ISO_8859_1);
  private static final SourceConfig CLICKS =
      SourceConfig.newBuilder().setName("clicks").setOutOfOrdernessMillis(2_000).build();

  @TempDir Path dir;

  private final Keyspace keyspace = new Keyspace("it");
  private Store store;
  private DeploymentCatalog catalog;

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir.resolve("store"));
    catalog = new DeploymentCatalog(store, keyspace);
  }

  @AfterEach
  void close() {
    catalog.close();
    store.close();
  }

  private static Registrations serving(String function, SourceConfig... sources) {
    return Registrations.newBuilder()
        .addFunctions(function)
        .addAllSources(List.of(sources))
        .build();
  }

  @Test
  void keepsWhatTheJarRegistersBesideTheJar() {
    DeploymentRecord saved =
        catalog.save("d-1", "shop", JAR, serving("shop/cart", CLICKS), 1_700_000_000_000L);

    assertThat(saved.getVersion()).isEqualTo(1);
    assertThat(saved.getFunctionsList()).containsExactly("shop/cart");
    assertThat(saved.getSourcesList()).containsExactly(CLICKS);
    assertThat(saved.getSizeBytes()).isEqualTo(JAR.length);
    assertThat(saved.getJarParts()).isEqualTo(1);
    assertThat(catalog.records()).containsExactly(saved);
    assertThat(catalog.record("d-1")).contains(saved);
    assertThat(catalog.jar(saved)).hasValueSatisfying(jar -> assertThat(jar).isEqualTo(JAR));
  }

  @Test
  void aJarServingAnAttachedPatternsInputIsRefusedAndAPatternOverADeployedTypeToo() {
    PatternCatalog patterns = new PatternCatalog(store, keyspace);
    patterns.put("fraud", "fraud/card", "{}".getBytes(StandardCharsets.UTF_8), 1);

    assertThatThrownBy(() -> catalog.save("d-1", "cards", JAR, serving("fraud/card"), 2))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.CONFLICT))
        .hasMessageContaining("input of pattern fraud");
    assertThat(catalog.records()).isEmpty();

    catalog.save("d-2", "shop", JAR, serving("shop/cart"), 3);
    assertThatThrownBy(
            () -> patterns.put("carts", "shop/cart", "{}".getBytes(StandardCharsets.UTF_8), 4))
        .isInstanceOf(PatternCatalog.ConflictException.class)
        .hasMessageContaining("served by a deployment");
    assertThat(patterns.get("carts")).isEmpty();

    // Once the pattern is deleted its type may be deployed.
    assertThat(patterns.delete("fraud")).isTrue();
    assertThat(catalog.save("d-3", "cards", JAR, serving("fraud/card"), 5).getVersion())
        .isEqualTo(1);
  }

  @Test
  void aNewVersionOfANameReplacesThePreviousOne() {
    DeploymentRecord first = catalog.save("d-1", "shop", JAR, serving("shop/cart"), 1);

    DeploymentRecord second = catalog.save("d-2", "shop", JAR, serving("shop/cart"), 2);

    assertThat(second.getVersion()).isEqualTo(2);
    assertThat(catalog.records()).containsExactly(second);
    // The replaced version is kept, jar and all, for a rollback (DeploymentVersionsIT).
    assertThat(catalog.jar(first)).hasValue(JAR);
  }

  @Test
  void refusesAFunctionTypeOrASourceThatAnotherNameHasOtherwise() {
    catalog.save("d-1", "shop", JAR, serving("shop/cart", CLICKS), 1);

    assertThatThrownBy(() -> catalog.save("d-2", "other", JAR, serving("shop/cart"), 2))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.CONFLICT))
        .hasMessageContaining("function type shop/cart is already served by deployment shop (d-1)");
    SourceConfig slower = CLICKS.toBuilder().setOutOfOrdernessMillis(5_000).build();
    assertThatThrownBy(() -> catalog.save("d-3", "other", JAR, serving("shop/basket", slower), 3))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.CONFLICT))
        .hasMessageContaining("source clicks is configured differently");
    // The same settings in two deployments are one setting.
    assertThat(catalog.save("d-4", "other", JAR, serving("shop/basket", CLICKS), 4).getVersion())
        .isEqualTo(1);
  }

  @Test
  void aJarLargerThanOneTransactionIsStoredInPartsAndClearedWhenRefused() {
    byte[] big = new byte[2 * DeploymentCatalog.PART_BYTES + 1000];
    new Random(7).nextBytes(big);

    DeploymentRecord saved = catalog.save("d-big", "big", big, serving("big/one"), 1);
    assertThatThrownBy(() -> catalog.save("d-late", "late", big, serving("big/one"), 2))
        .isInstanceOf(DeploymentException.class);

    assertThat(saved.getJarParts()).isEqualTo(3);
    assertThat(catalog.jar(saved)).hasValueSatisfying(jar -> assertThat(jar).isEqualTo(big));
    try (TransactionRunner runner = new TransactionRunner(store)) {
      List<KeyValue> leftOver = runner.run(tx -> tx.getPrefix(keyspace.jar("d-late"), 0));
      assertThat(leftOver).as("parts of the refused jar").isEmpty();
    }
  }

  @Test
  void deletingRemovesTheRecordAndTheJar() {
    DeploymentRecord saved = catalog.save("d-1", "shop", JAR, serving("shop/cart"), 1);

    assertThat(catalog.delete("d-1")).isTrue();

    assertThat(catalog.records()).isEmpty();
    assertThat(catalog.jar(saved)).isEmpty();
    assertThat(catalog.delete("d-1")).isFalse();
  }

  @Test
  void aRecordThatDoesNotParseIsLeftOutAndTheOthersRead() {
    DeploymentRecord saved = catalog.save("d-1", "shop", JAR, serving("shop/cart"), 1);
    try (TransactionRunner runner = new TransactionRunner(store)) {
      runner.run(
          tx -> {
            tx.set(
                keyspace.deployment("d-bad"), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
            return null;
          });
    }

    assertThat(catalog.records()).containsExactly(saved);
    assertThat(catalog.record("d-bad")).isEmpty();
    assertThat(catalog.save("d-2", "shop", JAR, serving("shop/cart"), 2).getVersion()).isEqualTo(2);
  }
}
