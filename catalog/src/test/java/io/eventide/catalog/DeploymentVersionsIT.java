package io.eventide.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.catalog.DeploymentException.Code;
import io.eventide.protocol.DeploymentRecord;
import io.eventide.protocol.Registrations;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions kept in a real store: each deploy keeps the one it replaces, retention removes the
 * oldest beyond the count with their jars, a rollback serves an old jar again as a new version, and
 * a delete takes the history with it.
 */
class DeploymentVersionsIT {
  @TempDir Path dir;
  private Store store;
  private DeploymentCatalog catalog;
  private Deployments deployments;

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir.resolve("store"));
    catalog = new DeploymentCatalog(store, new Keyspace("it"));
    JarValidator worker = (id, jar) -> Registrations.newBuilder().addFunctions("shop/cart").build();
    deployments = new CatalogDeployments(catalog, worker, System::currentTimeMillis, 3);
  }

  @AfterEach
  void close() {
    catalog.close();
    store.close();
  }

  @Test
  void keepsTheNewestVersionsAndRollsBackToOneAsANewVersion() {
    for (int v = 1; v <= 4; v++) {
      deployments.deploy(jar(v), "shop");
    }

    assertThat(deployments.versions("shop"))
        .extracting(DeploymentVersion::version, DeploymentVersion::current)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, false),
            org.assertj.core.groups.Tuple.tuple(3, false),
            org.assertj.core.groups.Tuple.tuple(4, true));
    String v2 = deployments.versions("shop").get(0).deploymentId();

    DeploymentInfo rolled = deployments.rollback("shop", 2);

    assertThat(rolled.version()).isEqualTo(5);
    DeploymentRecord current = catalog.record(rolled.id()).orElseThrow();
    assertThat(current.getRollbackOf()).isEqualTo(2);
    assertThat(catalog.jar(current)).hasValueSatisfying(b -> assertThat(b).isEqualTo(jar(2)));
    assertThat(deployments.versions(rolled.id()))
        .extracting(DeploymentVersion::version)
        .containsExactly(3, 4, 5);
    assertThat(catalog.jar(DeploymentRecord.newBuilder().setId(v2).setJarParts(1).build()))
        .as("the jar of a version past retention is gone with it")
        .isEmpty();
    assertThatThrownBy(() -> deployments.rollback("shop", 2))
        .extracting(e -> ((DeploymentException) e).code())
        .isEqualTo(Code.NOT_FOUND);
    assertThatThrownBy(() -> deployments.rollback("shop", 5))
        .extracting(e -> ((DeploymentException) e).code())
        .isEqualTo(Code.CONFLICT);
    assertThatThrownBy(() -> deployments.versions("nope"))
        .extracting(e -> ((DeploymentException) e).code())
        .isEqualTo(Code.NOT_FOUND);

    deployments.delete(rolled.id());

    assertThat(catalog.keptVersions("shop")).isEmpty();
    assertThat(deployments.deploy(jar(9), "shop").version()).isEqualTo(1);
  }

  private static byte[] jar(int version) {
    return ("PK\3\4 version " + version).getBytes(StandardCharsets.ISO_8859_1);
  }
}
