package io.eventide.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.eventide.protocol.Address;
import io.eventide.protocol.FunctionRuntimeGrpc;
import io.eventide.protocol.Invocation;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationMessage;
import io.eventide.protocol.InvocationResult;
import io.eventide.protocol.Payload;
import io.eventide.protocol.SourceConfig;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.worker.DeploymentException.Code;
import io.eventide.worker.internal.DeploymentStore;
import io.eventide.worker.testing.JarBuilder;
import io.eventide.worker.testing.TestJars;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deployments in a real RocksDB store, invoked over real in-process gRPC. */
class StoreDeploymentsIT {
  @TempDir Path dir;

  private final Keyspace keyspace = new Keyspace("it");
  private WorkerConfig config;
  private Store store;
  private StoreDeployments deployments;
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
    deployments = new StoreDeployments(store, keyspace, config);
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
  }

  @AfterEach
  void stop() throws Exception {
    stopWorker();
    store.close();
  }

  private InvocationResult call(String type, String id, String body) {
    Invocation invocation = Invocation.newBuilder()
        .setTarget(Address.newBuilder().setNamespace("acme").setType(type).setId(id))
        .addMessages(InvocationMessage.newBuilder()
            .setPayload(Payload.newBuilder().setContentType("text/plain").setData(ByteString.copyFromUtf8(body))))
        .build();
    return FunctionRuntimeGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
        .invoke(InvocationBatch.newBuilder().addInvocations(invocation).build())
        .getResults(0);
  }

  private static String reply(InvocationResult result) {
    assertThat(result.hasFailure()).as("failure %s", result.getFailure()).isFalse();
    return result.getEffects(0).getReply().getData().toString(StandardCharsets.UTF_8);
  }

  @Test
  void deploysAndServesAJar() {
    DeploymentInfo info = deployments.deploy(TestJars.counter(dir), "shop");

    assertThat(info.id()).startsWith("d-");
    assertThat(info.name()).isEqualTo("shop");
    assertThat(info.version()).isEqualTo(1);
    assertThat(info.functions()).containsExactly("acme/counter");
    assertThat(deployments.functionTypes()).containsExactly("acme/counter");
    assertThat(deployments.list()).containsExactly(info);
    assertThat(deployments.get(info.id())).contains(info);
    assertThat(reply(call("counter", "a", "x"))).isEqualTo("1");
  }

  @Test
  void servesWindowedFunctionTypesThroughTheWindowOperator() {
    DeploymentInfo info = deployments.deploy(TestJars.windowed(dir), "windows");
    assertThat(info.functions()).containsExactly("acme/pairs");

    Invocation.Builder invocation = Invocation.newBuilder()
        .setTarget(Address.newBuilder().setNamespace("acme").setType("pairs").setId("k"));
    for (int i = 0; i < 3; i++) {
      invocation.addMessages(InvocationMessage.newBuilder().setEventTime(i)
          .setPayload(Payload.newBuilder().setContentType("text/plain").setData(ByteString.copyFromUtf8("x"))));
    }
    InvocationResult result = FunctionRuntimeGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
        .invoke(InvocationBatch.newBuilder().addInvocations(invocation).build())
        .getResults(0);

    assertThat(result.hasFailure()).as("failure %s", result.getFailure()).isFalse();
    assertThat(result.getHandled()).isEqualTo(3);
    assertThat(result.getEffects(0).getEgressCount()).isZero();
    assertThat(result.getEffects(1).getEgress(0).getPayload().getData().toStringUtf8()).isEqualTo("k=2");
    assertThat(result.getEffects(2).getEgressCount()).isZero();
    assertThat(result.getStateList()).extracting(s -> s.getName()).contains("windows");
  }

  @Test
  void namesDeploymentsAfterTheirIdByDefault() {
    DeploymentInfo info = deployments.deploy(TestJars.counter(dir), null);

    assertThat(info.name()).isEqualTo(info.id());
  }

  @Test
  void redeployingANameReplacesItAsTheNextVersion() {
    DeploymentInfo first = deployments.deploy(TestJars.greeter(dir, "hello", "hello"), "greetings");
    DeploymentInfo second = deployments.deploy(TestJars.greeter(dir, "hello", "bonjour"), "greetings");

    assertThat(second.version()).isEqualTo(2);
    assertThat(deployments.list()).containsExactly(second);
    assertThat(deployments.get(first.id())).isEmpty();
    assertThat(reply(call("hello", "x", "ann"))).isEqualTo("bonjour ann");
  }

  @Test
  void refusesAFunctionTypeServedUnderAnotherName() {
    deployments.deploy(TestJars.greeter(dir, "hello", "hello"), "one");

    assertThatThrownBy(() -> deployments.deploy(TestJars.greeter(dir, "hello", "bonjour"), "two"))
        .isInstanceOfSatisfying(DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.CONFLICT))
        .hasMessageContaining("acme/hello");
    assertThat(reply(call("hello", "x", "ann"))).isEqualTo("hello ann");
    assertThat(deployments.list()).hasSize(1);
  }

  @Test
  void deletedDeploymentsAreNoLongerServed() {
    DeploymentInfo info = deployments.deploy(TestJars.counter(dir), "shop");

    deployments.delete(info.id());

    assertThat(call("counter", "a", "x").getFailure().getCode()).isEqualTo("UNKNOWN_FUNCTION");
    assertThat(deployments.list()).isEmpty();
    assertThatThrownBy(() -> deployments.delete(info.id()))
        .isInstanceOfSatisfying(DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.NOT_FOUND));
  }

  @Test
  void deploymentsSurviveARestart() throws Exception {
    DeploymentInfo info = deployments.deploy(TestJars.counter(dir), "shop");
    stopWorker();
    store.close();

    store = Stores.rocksdb(dir.resolve("store"));
    startWorker();

    assertThat(deployments.list()).containsExactly(info);
    assertThat(reply(call("counter", "a", "x"))).isEqualTo("1");
  }

  @Test
  void refreshPicksUpDeploymentsMadeByAnotherProcess() {
    try (StoreDeployments other = new StoreDeployments(store, keyspace, config.withScratchDir(dir.resolve("other")))) {
      DeploymentInfo info = other.deploy(TestJars.counter(dir), "shop");
      assertThat(deployments.functionTypes()).isEmpty();

      deployments.refresh();
      assertThat(deployments.get(info.id())).contains(info);

      other.delete(info.id());
      deployments.refresh();
      assertThat(deployments.functionTypes()).isEmpty();
    }
  }

  @Test
  void storesJarsLargerThanOneTransaction() throws Exception {
    byte[] noise = new byte[5 * 1024 * 1024]; // two parts of 4 MiB
    new Random(3).nextBytes(noise);
    byte[] jar = JarBuilder.in(dir)
        .source("acme.Counter", TestJars.COUNTER)
        .source("acme.Module", TestJars.COUNTER_MODULE)
        .module("acme.Module")
        .resource("data/noise.bin", noise)
        .build();

    DeploymentInfo info = deployments.deploy(jar, "big");
    stopWorker();
    startWorker();

    assertThat(deployments.get(info.id())).map(DeploymentInfo::sizeBytes).contains((long) jar.length);
    assertThat(reply(call("counter", "a", "x"))).isEqualTo("1");
  }

  @Test
  void invalidJarsAreNeitherStoredNorServed() {
    byte[] noise = new byte[1000];
    new Random(1).nextBytes(noise);

    assertThatThrownBy(() -> deployments.deploy(noise, "bad"))
        .isInstanceOfSatisfying(DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_JAR));
    assertThatThrownBy(() -> deployments.deploy(TestJars.missingHelper(dir), "bad"))
        .isInstanceOfSatisfying(DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_JAR))
        .hasMessageContaining("acme.Helper");
    deployments.refresh();
    assertThat(deployments.list()).isEmpty();
  }

  @Test
  void rejectsJarsOverTheConfiguredLimit() throws Exception {
    stopWorker();
    config = config.withMaxJarBytes(100);
    startWorker();

    assertThatThrownBy(() -> deployments.deploy(TestJars.counter(dir), "shop"))
        .isInstanceOfSatisfying(DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.TOO_LARGE));
  }

  private List<SourceConfig> storedSources(String id) {
    try (DeploymentStore stored = new DeploymentStore(store, keyspace)) {
      return stored.records().stream().filter(r -> r.getId().equals(id)).findFirst().orElseThrow().getSourcesList();
    }
  }

  @Test
  void storesTheSourceSettingsOfTheModulesInTheDeploymentRecord() throws Exception {
    DeploymentInfo info = deployments.deploy(TestJars.clock(dir), "clock");

    assertThat(storedSources(info.id())).containsExactly(
        SourceConfig.newBuilder().setName("clicks").setOutOfOrdernessMillis(2_000).setIdleTimeoutMillis(30_000).build(),
        SourceConfig.newBuilder().setName("ledger").setExplicitWatermarks(true).build());
    assertThat(storedSources(deployments.deploy(TestJars.counter(dir), "shop").id())).isEmpty();

    stopWorker();
    startWorker();
    assertThat(deployments.get(info.id())).contains(info);
    assertThat(storedSources(info.id())).hasSize(2);
  }

  @Test
  void refusesSourceSettingsThatContradictAnotherDeployment() {
    DeploymentInfo first = deployments.deploy(TestJars.clicks(dir, "one", 100, false), "one");
    deployments.deploy(TestJars.clicks(dir, "two", 100, false), "two");

    assertThatThrownBy(() -> deployments.deploy(TestJars.clicks(dir, "three", 250, false), "three"))
        .isInstanceOfSatisfying(DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.CONFLICT))
        .hasMessageContaining("source clicks is configured differently");
    // A new version of the same deployment may change its own settings.
    deployments.delete(deployments.list().stream().filter(d -> d.name().equals("two")).findFirst().orElseThrow().id());
    DeploymentInfo changed = deployments.deploy(TestJars.clicks(dir, "one", 250, false), "one");

    assertThat(changed.version()).isEqualTo(2);
    assertThat(storedSources(changed.id())).singleElement()
        .satisfies(source -> assertThat(source.getOutOfOrdernessMillis()).isEqualTo(250));
    assertThat(deployments.get(first.id())).isEmpty();
  }

  @Test
  void aModuleWithContradictorySourceSettingsIsAnInvalidJar() {
    assertThatThrownBy(() -> deployments.deploy(TestJars.clicks(dir, "conflicted", 100, true), "bad"))
        .isInstanceOfSatisfying(DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_JAR))
        .hasMessageContaining("source clicks is registered twice with different settings");
    assertThat(deployments.list()).isEmpty();
  }
}
