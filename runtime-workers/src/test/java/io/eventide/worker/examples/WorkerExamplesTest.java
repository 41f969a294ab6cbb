package io.eventide.worker.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.eventide.catalog.CatalogDeployments;
import io.eventide.catalog.DeploymentCatalog;
import io.eventide.catalog.Deployments;
import io.eventide.protocol.Address;
import io.eventide.protocol.DeploymentCheckGrpc;
import io.eventide.protocol.DeploymentCheckReply;
import io.eventide.protocol.DeploymentCheckRequest;
import io.eventide.protocol.FunctionRuntimeGrpc;
import io.eventide.protocol.Invocation;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchResult;
import io.eventide.protocol.InvocationMessage;
import io.eventide.protocol.Payload;
import io.eventide.protocol.Registrations;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.worker.DeploymentCheckService;
import io.eventide.worker.FunctionRuntimeService;
import io.eventide.worker.RefreshingLookup;
import io.eventide.worker.StoreCollections;
import io.eventide.worker.StoreDeployments;
import io.eventide.worker.api.FunctionLookup;
import io.eventide.worker.api.WorkerConfig;
import io.eventide.worker.testing.TestJars;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Javadoc examples of the worker, run against the embedded store and in-process gRPC. */
class WorkerExamplesTest {
  @TempDir Path dir;

  final MeterRegistry meters = new SimpleMeterRegistry();
  final WorkerConfig config = WorkerConfig.defaults();
  final Keyspace keyspace = new Keyspace("default");

  /** Closed last first, after each test. */
  final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  <T extends AutoCloseable> T closing(T resource) {
    resources.add(resource);
    return resource;
  }

  @Test
  void oneProcessRunsADeployedFunction() throws Exception {
    Path dataDir = dir;
    MeterRegistry meterRegistry = meters;
    // javadoc: io.eventide.worker
    Store store = Stores.rocksdb(dataDir.resolve("store"));
    WorkerConfig config = WorkerConfig.defaults();
    DeploymentCatalog catalog = new DeploymentCatalog(store, new Keyspace("default"));
    StoreDeployments deployments = new StoreDeployments(catalog, config);
    Deployments api = new CatalogDeployments(catalog, deployments, System::currentTimeMillis);
    FunctionRuntimeService runtime = new FunctionRuntimeService(deployments, config, meterRegistry);
    // after api.deploy(...): deployments.refresh() serves the new jar
    // shutdown: runtime.close(), deployments.close(), catalog.close(), then store.close()
    // end javadoc
    List.of(store, catalog, deployments, runtime).forEach(this::closing);
    api.deploy(TestJars.counter(dir), "shop");
    deployments.refresh();

    assertThat(reply(serve(runtime), batch("counter", "alice", "hi"))).isEqualTo("1");
  }

  @Test
  void aJarIsValidatedBeforeItIsStored() throws Exception {
    Store store = closing(Stores.rocksdb(dir.resolve("store")));
    DeploymentCatalog catalog = closing(new DeploymentCatalog(store, keyspace));
    byte[] jarBytes = TestJars.counter(dir);
    // javadoc: StoreDeployments
    StoreDeployments deployments = new StoreDeployments(catalog, WorkerConfig.defaults());
    Registrations registered = deployments.validate("d-1f2e", jarBytes); // before it is stored
    FunctionRuntimeService runtime = new FunctionRuntimeService(deployments, config, meters);
    // end javadoc
    closing(deployments);
    closing(runtime);

    assertThat(registered.getFunctionsList()).containsExactly("acme/counter");
    assertThat(catalog.records()).isEmpty();
    assertThat(deployments.function("acme", "counter")).isEmpty();
  }

  @Test
  void theServiceAnswersOverGrpc() throws Exception {
    StoreDeployments deployments = deployed();
    // javadoc: FunctionRuntimeService
    FunctionRuntimeService runtime =
        new FunctionRuntimeService(deployments, WorkerConfig.defaults(), meters);
    Server server = InProcessServerBuilder.forName("worker").addService(runtime).build().start();
    // end javadoc
    closing(runtime);
    closing(server::shutdownNow);
    ManagedChannel channel = InProcessChannelBuilder.forName("worker").build();
    closing(channel::shutdownNow);

    assertThat(reply(channel, batch("counter", "bob", "hi"))).isEqualTo("1");
  }

  @Test
  void theWorkerChecksAJarForAGateway() throws Exception {
    StoreDeployments deployments = deployed();
    FunctionRuntimeService runtime =
        closing(new FunctionRuntimeService(deployments, config, meters));
    // javadoc: DeploymentCheckService
    Server server =
        InProcessServerBuilder.forName("worker")
            .addService(runtime)
            .addService(new DeploymentCheckService(deployments))
            .build()
            .start();
    // end javadoc
    closing(server::shutdownNow);
    ManagedChannel channel = closingChannel(InProcessChannelBuilder.forName("worker").build());

    DeploymentCheckReply reply =
        DeploymentCheckGrpc.newBlockingStub(channel)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .check(
                DeploymentCheckRequest.newBuilder()
                    .setDeploymentId("d-check")
                    .setJar(ByteString.copyFrom(TestJars.counter(dir)))
                    .build());
    assertThat(reply.getAccepted().getFunctionsList()).containsExactly("acme/counter");
    assertThat(reply(channel, batch("counter", "carol", "hi"))).isEqualTo("1");
  }

  @Test
  void aWorkerFindsADeploymentMadeElsewhere() throws Exception {
    Store store = closing(Stores.rocksdb(dir.resolve("store")));
    DeploymentCatalog catalog = closing(new DeploymentCatalog(store, keyspace));
    StoreDeployments deployments = closing(new StoreDeployments(catalog, config));
    // javadoc: RefreshingLookup
    FunctionLookup lookup = new RefreshingLookup(deployments, 500, System::nanoTime);
    FunctionRuntimeService runtime = new FunctionRuntimeService(lookup, config, meters);
    // end javadoc
    closing(runtime);

    try (StoreDeployments gateway = new StoreDeployments(catalog, config)) {
      new CatalogDeployments(catalog, gateway, System::currentTimeMillis)
          .deploy(TestJars.counter(dir), "shop");
    }

    assertThat(lookup.function("acme", "counter")).isPresent();
  }

  @Test
  void aRuntimeReadsInternalListsFromTheStore() throws Exception {
    Store store = closing(Stores.rocksdb(dir.resolve("store")));
    StoreDeployments deployments =
        closing(new StoreDeployments(closing(new DeploymentCatalog(store, keyspace)), config));
    // javadoc: StoreCollections
    FunctionRuntimeService runtime =
        new FunctionRuntimeService(
            deployments, config, meters, new StoreCollections(store, keyspace));
    // end javadoc
    closing(runtime);
  }

  /** A worker's deployments with the counter deployed and served. */
  StoreDeployments deployed() throws Exception {
    Store store = closing(Stores.rocksdb(dir.resolve("store")));
    DeploymentCatalog catalog = closing(new DeploymentCatalog(store, keyspace));
    StoreDeployments deployments = closing(new StoreDeployments(catalog, config));
    new CatalogDeployments(catalog, deployments, System::currentTimeMillis)
        .deploy(TestJars.counter(dir), "shop");
    deployments.refresh();
    return deployments;
  }

  ManagedChannel serve(FunctionRuntimeService runtime) throws Exception {
    Server server = InProcessServerBuilder.forName("worker").addService(runtime).build().start();
    closing(server::shutdownNow);
    return closingChannel(InProcessChannelBuilder.forName("worker").build());
  }

  ManagedChannel closingChannel(ManagedChannel channel) {
    closing(channel::shutdownNow);
    return channel;
  }

  static InvocationBatch batch(String type, String id, String text) {
    Address target = Address.newBuilder().setNamespace("acme").setType(type).setId(id).build();
    InvocationMessage message =
        InvocationMessage.newBuilder()
            .setPayload(
                Payload.newBuilder()
                    .setContentType("text/plain")
                    .setData(ByteString.copyFrom(text, StandardCharsets.UTF_8)))
            .build();
    return InvocationBatch.newBuilder()
        .addInvocations(Invocation.newBuilder().setTarget(target).addMessages(message))
        .build();
  }

  /** The reply to the batch's only message. */
  static String reply(ManagedChannel channel, InvocationBatch batch) {
    InvocationBatchResult result =
        FunctionRuntimeGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .invoke(batch);
    return result.getResults(0).getEffects(0).getReply().getData().toStringUtf8();
  }
}
