package io.eventide.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.eventide.catalog.CatalogDeployments;
import io.eventide.catalog.DeploymentCatalog;
import io.eventide.catalog.DeploymentException;
import io.eventide.catalog.DeploymentException.Code;
import io.eventide.catalog.DeploymentInfo;
import io.eventide.protocol.Address;
import io.eventide.protocol.FunctionRuntimeGrpc;
import io.eventide.protocol.Invocation;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationMessage;
import io.eventide.protocol.InvocationResult;
import io.eventide.protocol.Payload;
import io.eventide.protocol.Registrations;
import io.eventide.protocol.SourceConfig;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.worker.api.WorkerConfig;
import io.eventide.worker.testing.DamagedJars;
import io.eventide.worker.testing.JarBuilder;
import io.eventide.worker.testing.TestJars;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments in a real RocksDB store, deployed as a node's gateway does (this worker checks each
 * jar, the catalog keeps it), loaded from the catalog and invoked over real in-process gRPC.
 */
class StoreDeploymentsIT {
  @TempDir Path dir;

  private final Keyspace keyspace = new Keyspace("it");
  private WorkerConfig config;
  private Store store;
  private DeploymentCatalog catalog;
  private StoreDeployments deployments;
  private CatalogDeployments api;
  private FunctionRuntimeService runtime;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    config = WorkerConfig.defaults().withScratchDir(dir.resolve("scratch"));
    store = Stores.rocksdb(dir.resolve("store"));
    startWorker();
  }

  private void startWorker() throws Exception {
    catalog = new DeploymentCatalog(store, keyspace);
    deployments = new StoreDeployments(catalog, config);
    api = new CatalogDeployments(catalog, deployments, System::currentTimeMillis);
    runtime = new FunctionRuntimeService(deployments, config, new SimpleMeterRegistry());
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).addService(runtime).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  private void stopWorker() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    runtime.close();
    deployments.close();
    catalog.close();
  }

  /** Deploys as a node does: checked by this worker, stored, then loaded by it. */
  private DeploymentInfo deploy(byte[] jar, String name) {
    DeploymentInfo info = api.deploy(jar, name);
    deployments.refresh();
    return info;
  }

  private void delete(String id) {
    api.delete(id);
    deployments.refresh();
  }

  @AfterEach
  void stop() throws Exception {
    stopWorker();
    store.close();
  }

  private InvocationResult call(String type, String id, String body) {
    Invocation invocation =
        Invocation.newBuilder()
            .setTarget(Address.newBuilder().setNamespace("acme").setType(type).setId(id))
            .addMessages(
                InvocationMessage.newBuilder()
                    .setPayload(
                        Payload.newBuilder()
                            .setContentType("text/plain")
                            .setData(ByteString.copyFromUtf8(body))))
            .build();
    return FunctionRuntimeGrpc.newBlockingStub(channel)
        .withDeadlineAfter(20, TimeUnit.SECONDS)
        .invoke(InvocationBatch.newBuilder().addInvocations(invocation).build())
        .getResults(0);
  }

  private static String reply(InvocationResult result) {
    assertThat(result.hasFailure()).as("failure %s", result.getFailure()).isFalse();
    return result.getEffects(0).getReply().getData().toString(StandardCharsets.UTF_8);
  }

  @Test
  void deploysAndServesAJar() {
    DeploymentInfo info = deploy(TestJars.counter(dir), "shop");

    assertThat(info.id()).startsWith("d-");
    assertThat(info.name()).isEqualTo("shop");
    assertThat(info.version()).isEqualTo(1);
    assertThat(info.functions()).containsExactly("acme/counter");
    assertThat(deployments.functionTypes()).containsExactly("acme/counter");
    assertThat(api.functionTypes()).containsExactly("acme/counter");
    assertThat(api.list()).containsExactly(info);
    assertThat(api.get(info.id())).contains(info);
    assertThat(deployments.list()).containsExactly(info);
    assertThat(reply(call("counter", "a", "x"))).isEqualTo("1");
  }

  @Test
  void servesWindowedFunctionTypesThroughTheWindowOperator() {
    DeploymentInfo info = deploy(TestJars.windowed(dir), "windows");
    assertThat(info.functions()).containsExactly("acme/pairs");

    Invocation.Builder invocation =
        Invocation.newBuilder()
            .setTarget(Address.newBuilder().setNamespace("acme").setType("pairs").setId("k"));
    for (int i = 0; i < 3; i++) {
      invocation.addMessages(
          InvocationMessage.newBuilder()
              .setEventTime(i)
              .setPayload(
                  Payload.newBuilder()
                      .setContentType("text/plain")
                      .setData(ByteString.copyFromUtf8("x"))));
    }
    InvocationResult result =
        FunctionRuntimeGrpc.newBlockingStub(channel)
            .withDeadlineAfter(20, TimeUnit.SECONDS)
            .invoke(InvocationBatch.newBuilder().addInvocations(invocation).build())
            .getResults(0);

    assertThat(result.hasFailure()).as("failure %s", result.getFailure()).isFalse();
    assertThat(result.getHandled()).isEqualTo(3);
    assertThat(result.getEffects(0).getEgressCount()).isZero();
    assertThat(result.getEffects(1).getEgress(0).getPayload().getData().toStringUtf8())
        .isEqualTo("k=2");
    assertThat(result.getEffects(2).getEgressCount()).isZero();
    assertThat(result.getStateList()).extracting(s -> s.getName()).contains("windows");
  }

  @Test
  void namesDeploymentsAfterTheirIdByDefault() {
    DeploymentInfo info = deploy(TestJars.counter(dir), null);

    assertThat(info.name()).isEqualTo(info.id());
  }

  @Test
  void redeployingANameReplacesItAsTheNextVersion() {
    DeploymentInfo first = deploy(TestJars.greeter(dir, "hello", "hello"), "greetings");
    DeploymentInfo second = deploy(TestJars.greeter(dir, "hello", "bonjour"), "greetings");

    assertThat(second.version()).isEqualTo(2);
    assertThat(api.list()).containsExactly(second);
    assertThat(deployments.list()).containsExactly(second);
    assertThat(deployments.get(first.id())).isEmpty();
    assertThat(reply(call("hello", "x", "ann"))).isEqualTo("bonjour ann");
  }

  @Test
  void refusesAFunctionTypeServedUnderAnotherName() {
    deploy(TestJars.greeter(dir, "hello", "hello"), "one");

    assertThatThrownBy(() -> deploy(TestJars.greeter(dir, "hello", "bonjour"), "two"))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.CONFLICT))
        .hasMessageContaining("acme/hello");
    assertThat(reply(call("hello", "x", "ann"))).isEqualTo("hello ann");
    assertThat(api.list()).hasSize(1);
  }

  @Test
  void deletedDeploymentsAreNoLongerServed() {
    DeploymentInfo info = deploy(TestJars.counter(dir), "shop");

    delete(info.id());

    assertThat(call("counter", "a", "x").getFailure().getCode()).isEqualTo("UNKNOWN_FUNCTION");
    assertThat(api.list()).isEmpty();
    assertThat(deployments.list()).isEmpty();
    assertThatThrownBy(() -> api.delete(info.id()))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.NOT_FOUND));
  }

  @Test
  void deploymentsSurviveARestart() throws Exception {
    DeploymentInfo info = deploy(TestJars.counter(dir), "shop");
    stopWorker();
    store.close();

    store = Stores.rocksdb(dir.resolve("store"));
    startWorker();

    assertThat(deployments.list()).containsExactly(info);
    assertThat(reply(call("counter", "a", "x"))).isEqualTo("1");
  }

  @Test
  void refreshPicksUpDeploymentsMadeThroughAGateway() {
    // A cluster's gateway: its own catalog over the same store, another worker checking the jar.
    try (DeploymentCatalog gatewayCatalog = new DeploymentCatalog(store, keyspace);
        StoreDeployments otherWorker =
            new StoreDeployments(gatewayCatalog, config.withScratchDir(dir.resolve("other")))) {
      CatalogDeployments gateway =
          new CatalogDeployments(gatewayCatalog, otherWorker, System::currentTimeMillis);
      DeploymentInfo info = gateway.deploy(TestJars.counter(dir), "shop");
      assertThat(deployments.functionTypes()).isEmpty();

      deployments.refresh();
      assertThat(deployments.get(info.id())).contains(info);
      assertThat(reply(call("counter", "a", "x"))).isEqualTo("1");

      gateway.delete(info.id());
      deployments.refresh();
      assertThat(deployments.functionTypes()).isEmpty();
    }
  }

  @Test
  void checkingAJarNeitherStoresNorServesIt() throws IOException {
    Registrations registered = deployments.validate("d-check", TestJars.clock(dir));

    assertThat(registered.getFunctionsList()).isNotEmpty();
    assertThat(registered.getSourcesList())
        .extracting(SourceConfig::getName)
        .containsExactly("clicks", "ledger");
    assertThat(catalog.records()).isEmpty();
    assertThat(deployments.functionTypes()).isEmpty();
    try (Stream<Path> scratch = Files.list(config.scratchDir())) {
      assertThat(scratch).as("the checked jar's scratch file").isEmpty();
    }
  }

  @Test
  void aStoredJarThatNoLongerLoadsIsSkippedAndTheOthersServed() throws Exception {
    DeploymentInfo noise = deploy(TestJars.counter(dir), "shop");
    DeploymentInfo torn = deploy(TestJars.windowed(dir), "windows");
    DeploymentInfo intact = deploy(TestJars.greeter(dir, "hello", "hello"), "greetings");
    stopWorker();
    DamagedJars.garble(store, keyspace, noise.id());
    DamagedJars.tear(store, keyspace, torn.id());

    startWorker();
    deployments.refresh(); // skipped ones stay skipped, without failing the refresh

    assertThat(deployments.functionTypes()).containsExactly("acme/hello");
    assertThat(reply(call("hello", "x", "ann"))).isEqualTo("hello ann");
    assertThat(call("counter", "a", "x").getFailure().getCode()).isEqualTo("UNKNOWN_FUNCTION");
    // The catalog still lists them: a new version, or a delete, is the operator's fix.
    assertThat(api.list())
        .extracting(DeploymentInfo::id)
        .containsExactly(noise.id(), torn.id(), intact.id());
    delete(noise.id());
    assertThat(deploy(TestJars.counter(dir), "shop").version()).isEqualTo(1);
    assertThat(reply(call("counter", "a", "x"))).isEqualTo("1");
  }

  @Test
  void storesJarsLargerThanOneTransaction() throws Exception {
    byte[] noise = new byte[5 * 1024 * 1024]; // two parts of 4 MiB
    new Random(3).nextBytes(noise);
    byte[] jar =
        JarBuilder.in(dir)
            .source("acme.Counter", TestJars.COUNTER)
            .source("acme.Module", TestJars.COUNTER_MODULE)
            .module("acme.Module")
            .resource("data/noise.bin", noise)
            .build();

    DeploymentInfo info = deploy(jar, "big");
    stopWorker();
    startWorker();

    assertThat(deployments.get(info.id()))
        .map(DeploymentInfo::sizeBytes)
        .contains((long) jar.length);
    assertThat(reply(call("counter", "a", "x"))).isEqualTo("1");
  }

  @Test
  void invalidJarsAreNeitherStoredNorServed() {
    byte[] noise = new byte[1000];
    new Random(1).nextBytes(noise);

    assertThatThrownBy(() -> deploy(noise, "bad"))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_JAR));
    assertThatThrownBy(() -> deploy(TestJars.missingHelper(dir), "bad"))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_JAR))
        .hasMessageContaining("acme.Helper");
    deployments.refresh();
    assertThat(api.list()).isEmpty();
  }

  @Test
  void rejectsJarsOverTheConfiguredLimit() throws Exception {
    stopWorker();
    config = config.withMaxJarBytes(100);
    startWorker();

    assertThatThrownBy(() -> deploy(TestJars.counter(dir), "shop"))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.TOO_LARGE));
  }

  private List<SourceConfig> storedSources(String id) {
    return catalog.record(id).orElseThrow().getSourcesList();
  }

  @Test
  void storesTheSourceSettingsOfTheModulesInTheDeploymentRecord() throws Exception {
    DeploymentInfo info = deploy(TestJars.clock(dir), "clock");

    assertThat(storedSources(info.id()))
        .containsExactly(
            SourceConfig.newBuilder()
                .setName("clicks")
                .setOutOfOrdernessMillis(2_000)
                .setIdleTimeoutMillis(30_000)
                .build(),
            SourceConfig.newBuilder().setName("ledger").setExplicitWatermarks(true).build());
    assertThat(storedSources(deploy(TestJars.counter(dir), "shop").id())).isEmpty();

    stopWorker();
    startWorker();
    assertThat(deployments.get(info.id())).contains(info);
    assertThat(storedSources(info.id())).hasSize(2);
  }

  @Test
  void refusesSourceSettingsThatContradictAnotherDeployment() {
    DeploymentInfo first = deploy(TestJars.clicks(dir, "one", 100, false), "one");
    deploy(TestJars.clicks(dir, "two", 100, false), "two");

    assertThatThrownBy(() -> deploy(TestJars.clicks(dir, "three", 250, false), "three"))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.CONFLICT))
        .hasMessageContaining("source clicks is configured differently");
    // A new version of the same deployment may change its own settings.
    delete(api.list().stream().filter(d -> d.name().equals("two")).findFirst().orElseThrow().id());
    DeploymentInfo changed = deploy(TestJars.clicks(dir, "one", 250, false), "one");

    assertThat(changed.version()).isEqualTo(2);
    assertThat(storedSources(changed.id()))
        .singleElement()
        .satisfies(source -> assertThat(source.getOutOfOrdernessMillis()).isEqualTo(250));
    assertThat(deployments.get(first.id())).isEmpty();
  }

  @Test
  void aModuleWithContradictorySourceSettingsIsAnInvalidJar() {
    assertThatThrownBy(() -> deploy(TestJars.clicks(dir, "conflicted", 100, true), "bad"))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_JAR))
        .hasMessageContaining("source clicks is registered twice with different settings");
    assertThat(api.list()).isEmpty();
  }
}
