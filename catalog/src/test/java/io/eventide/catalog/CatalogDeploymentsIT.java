package io.eventide.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.catalog.DeploymentException.Code;
import io.eventide.protocol.Registrations;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy API over the catalog, with a stand-in for the worker that checks jars: no class of any
 * jar is loaded here, as in a gateway.
 */
class CatalogDeploymentsIT {
  private static final byte[] JAR = "PK\3\4 stands for a jar".getBytes(StandardCharsets.ISO_8859_1);

  @TempDir Path dir;

  private final List<String> checked = new CopyOnWriteArrayList<>();
  private Store store;
  private DeploymentCatalog catalog;

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir.resolve("store"));
    catalog = new DeploymentCatalog(store, new Keyspace("it"));
  }

  @AfterEach
  void close() {
    catalog.close();
    store.close();
  }

  private Deployments deployments(JarValidator worker) {
    return new CatalogDeployments(
        catalog,
        (id, jar) -> {
          checked.add(id);
          return worker.validate(id, jar);
        },
        () -> 1_700_000_000_000L);
  }

  private static JarValidator serving(String... functions) {
    return (id, jar) -> Registrations.newBuilder().addAllFunctions(List.of(functions)).build();
  }

  private static JarValidator refusing(Code code, String message) {
    return (id, jar) -> {
      throw new DeploymentException(code, message);
    };
  }

  @Test
  void storesWhatTheWorkerFoundAndServesItFromTheCatalog() {
    Deployments deployments = deployments(serving("shop/cart", "shop/counter"));

    DeploymentInfo info = deployments.deploy(JAR, "shop");

    assertThat(checked).containsExactly(info.id());
    assertThat(info.id()).startsWith("d-");
    assertThat(info)
        .isEqualTo(
            new DeploymentInfo(
                info.id(),
                "shop",
                1,
                List.of("shop/cart", "shop/counter"),
                1_700_000_000_000L,
                JAR.length));
    assertThat(deployments.list()).containsExactly(info);
    assertThat(deployments.get(info.id())).contains(info);
    assertThat(deployments.functionTypes()).containsExactlyInAnyOrder("shop/cart", "shop/counter");
    assertThat(deployments(serving("shop/basket")).deploy(JAR, null).name())
        .as("unnamed: its id")
        .startsWith("d-");
  }

  @Test
  void aBadNameOrBytesThatAreNoZipAreRefusedWithoutAWorker() {
    Deployments deployments = deployments(refusing(Code.UNAVAILABLE, "no worker is live"));

    assertThatThrownBy(() -> deployments.deploy(JAR, "a b"))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_JAR))
        .hasMessage("deployment name 'a b' must match [A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    assertThatThrownBy(
            () ->
                deployments.deploy("definitely not a zip".getBytes(StandardCharsets.UTF_8), "shop"))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_JAR))
        .hasMessage("not a jar: it does not start with a zip entry");
    assertThat(checked).isEmpty();
  }

  @Test
  void whatTheWorkerRefusesOrCannotCheckIsTheAnswerAndNothingIsStored() {
    assertThatThrownBy(
            () ->
                deployments(refusing(Code.INVALID_JAR, "class acme.Helper is missing"))
                    .deploy(JAR, "shop"))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_JAR))
        .hasMessage("class acme.Helper is missing");
    assertThatThrownBy(
            () -> deployments(refusing(Code.UNAVAILABLE, "no worker is live")).deploy(JAR, "shop"))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE));

    assertThat(catalog.records()).isEmpty();
    assertThat(deployments(serving()).functionTypes()).isEmpty();
  }

  @Test
  void removingNeedsNoWorkerAndAnUnknownIdIsNotFound() {
    DeploymentInfo info = deployments(serving("shop/cart")).deploy(JAR, "shop");
    Deployments withoutWorkers = deployments(refusing(Code.UNAVAILABLE, "no worker is live"));

    withoutWorkers.delete(info.id());

    assertThat(withoutWorkers.list()).isEmpty();
    assertThatThrownBy(() -> withoutWorkers.delete(info.id()))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.NOT_FOUND));
  }
}
