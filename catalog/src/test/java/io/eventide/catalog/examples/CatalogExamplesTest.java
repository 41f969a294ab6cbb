package io.eventide.catalog.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.eventide.catalog.CatalogDeployments;
import io.eventide.catalog.DeploymentCatalog;
import io.eventide.catalog.DeploymentException;
import io.eventide.catalog.DeploymentException.Code;
import io.eventide.catalog.DeploymentInfo;
import io.eventide.catalog.DeploymentVersion;
import io.eventide.catalog.Deployments;
import io.eventide.catalog.JarFormat;
import io.eventide.catalog.JarValidator;
import io.eventide.protocol.DeploymentRecord;
import io.eventide.protocol.Registrations;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Javadoc examples of the catalog, run on the embedded store. The worker that checks jars is a
 * stand-in answering as one would for a jar registering {@code shop/counter}: the real checks (the
 * dispatcher's, the worker's) are in modules built on this one, which run them.
 */
class CatalogExamplesTest {
  /** Starts as a zip, which is all the catalog looks at; only a worker would open it. */
  static final byte[] JAR = "PK\3\4 stands for a jar".getBytes(StandardCharsets.ISO_8859_1);

  @TempDir Path dir;

  final Keyspace keyspace = new Keyspace("examples");
  final JarValidator worker =
      (deploymentId, bytes) -> Registrations.newBuilder().addFunctions("shop/counter").build();
  Store store;
  DeploymentCatalog catalog;

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

  @Test
  void aRedeployKeepsTheVersionBefore() {
    Deployments deployments = new CatalogDeployments(catalog, worker, System::currentTimeMillis);
    deployments.deploy(JAR, "shop");
    deployments.deploy(JAR, "shop");
    // javadoc: DeploymentVersion
    List<DeploymentVersion> all = deployments.versions("shop");
    // end javadoc

    assertThat(all).extracting(DeploymentVersion::version).containsExactlyInAnyOrder(1, 2);
    assertThat(all)
        .filteredOn(DeploymentVersion::current)
        .singleElement()
        .extracting(DeploymentVersion::version)
        .isEqualTo(2);
  }

  @Test
  void theCatalogKeepsARecordAndItsJar() {
    byte[] jar = JAR;
    Registrations registrations = worker.validate("d-1f2e", jar);
    long now = 1_700_000_000_000L;
    // javadoc: DeploymentCatalog
    try (DeploymentCatalog catalog = new DeploymentCatalog(store, keyspace)) {
      DeploymentRecord record = catalog.save("d-1f2e", "shop", jar, registrations, now);
      List<DeploymentRecord> all = catalog.records();
    }
    // end javadoc

    DeploymentRecord stored = catalog.record("d-1f2e").orElseThrow();
    assertThat(stored.getName()).isEqualTo("shop");
    assertThat(stored.getVersion()).isEqualTo(1);
    assertThat(stored.getFunctionsList()).containsExactly("shop/counter");
    assertThat(catalog.jar(stored)).hasValue(JAR);
  }

  @Test
  void aGatewayDeploysThroughTheCatalog() {
    JarValidator workers = worker;
    // javadoc: io.eventide.catalog
    DeploymentCatalog catalog = new DeploymentCatalog(store, keyspace);
    Deployments deployments = new CatalogDeployments(catalog, workers, System::currentTimeMillis);
    // end javadoc
    try (catalog) {
      DeploymentInfo info = deployments.deploy(JAR, "shop");

      assertThat(deployments.functionTypes()).containsExactly("shop/counter");
      assertThat(catalog.records()).extracting(DeploymentRecord::getId).containsExactly(info.id());
    }
  }

  @Test
  void deployingAnswersWithWhatIsDeployed() {
    JarValidator validator = worker;
    byte[] jarBytes = JAR;
    // javadoc: Deployments
    Deployments deployments = new CatalogDeployments(catalog, validator, System::currentTimeMillis);
    DeploymentInfo info = deployments.deploy(jarBytes, "shop");
    // end javadoc

    assertThat(info.functions()).containsExactly("shop/counter");
    assertThat(deployments.list()).containsExactly(info);
  }

  @Test
  void aDeploymentOfTheSameNameIsTheNextVersion() {
    byte[] jarBytes = JAR;
    DeploymentInfo first =
        new CatalogDeployments(catalog, worker, System::currentTimeMillis).deploy(jarBytes, "shop");
    // javadoc: CatalogDeployments
    Deployments deployments = new CatalogDeployments(catalog, worker, System::currentTimeMillis);
    DeploymentInfo info = deployments.deploy(jarBytes, "shop"); // 201 {"deploymentId": ...}
    // end javadoc

    assertThat(info.version()).isEqualTo(first.version() + 1);
    assertThat(deployments.list()).containsExactly(info);
  }

  @Test
  void infoIsWhatTheRecordShows() {
    String id =
        new CatalogDeployments(catalog, worker, () -> 1_700_000_000_000L).deploy(JAR, "shop").id();
    // javadoc: DeploymentInfo
    DeploymentInfo info = DeploymentInfo.of(catalog.record(id).orElseThrow());
    // end javadoc

    assertThat(info)
        .isEqualTo(
            new DeploymentInfo(
                id, "shop", 1, List.of("shop/counter"), 1_700_000_000_000L, JAR.length));
  }

  @Test
  void theExampleRefusalIsTheOneTheCatalogGives() {
    String id = "d-gone";
    Deployments deployments = new CatalogDeployments(catalog, worker, System::currentTimeMillis);

    DeploymentException given =
        catchThrowableOfType(DeploymentException.class, () -> deployments.delete(id));
    DeploymentException example =
        catchThrowableOfType(
            DeploymentException.class,
            () -> {
              // javadoc: DeploymentException
              throw new DeploymentException(Code.NOT_FOUND, "no deployment " + id);
              // end javadoc
            });

    assertThat(example.code()).isEqualTo(given.code());
    assertThat(example).hasMessage(given.getMessage());
  }

  @Test
  void bytesThatAreNoZipAreNoJar() {
    JarFormat.requireZip(JAR);
    byte[] jarBytes = "plain text".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(
            () -> {
              // javadoc: JarFormat
              JarFormat.requireZip(jarBytes); // DeploymentException INVALID_JAR otherwise
              // end javadoc
            })
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_JAR));
  }

  @Test
  void aValidatorTellsWhatAJarRegisters() {
    JarValidator validator = worker;
    byte[] jarBytes = JAR;
    // javadoc: JarValidator
    Registrations registered = validator.validate("d-1f2e", jarBytes);
    registered.getFunctionsList(); // ["shop/counter"]
    // end javadoc

    assertThat(registered.getFunctionsList()).containsExactly("shop/counter");
  }
}
