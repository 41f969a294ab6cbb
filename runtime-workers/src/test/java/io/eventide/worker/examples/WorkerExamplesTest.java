package io.eventide.worker.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.eventide.protocol.Address;
import io.eventide.protocol.FunctionRuntimeGrpc;
import io.eventide.protocol.Invocation;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchResult;
import io.eventide.protocol.InvocationMessage;
import io.eventide.protocol.Payload;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.worker.DeploymentInfo;
import io.eventide.worker.FunctionLookup;
import io.eventide.worker.FunctionRuntimeService;
import io.eventide.worker.RefreshingLookup;
import io.eventide.worker.StoreDeployments;
import io.eventide.worker.StoreLists;
import io.eventide.worker.WorkerConfig;
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
    StoreDeployments deployments = new StoreDeployments(store, new Keyspace("default"), config);
    FunctionRuntimeService runtime = new FunctionRuntimeService(deployments, config, meterRegistry);
    Server server = InProcessServerBuilder.forName("worker").addService(runtime).build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName("worker").build();
    FunctionRuntimeGrpc.FunctionRuntimeStub stub = FunctionRuntimeGrpc.newStub(channel);
    // shutdown: channel, server, runtime.close(), deployments.close(), then store.close()
    // end javadoc
    List.of(store, deployments, runtime, server::shutdownNow, channel::shutdownNow).forEach(this::closing);
    deployments.deploy(TestJars.counter(dir), "shop");

    assertThat(stub.getChannel()).isSameAs(channel);
    assertThat(reply(channel, batch("counter", "alice", "hi"))).isEqualTo("1");
  }

  @Test
  void aDeploymentIsStoredThenServed() throws Exception {
    Store store = closing(Stores.rocksdb(dir.resolve("store")));
    byte[] jarBytes = TestJars.counter(dir);
    // javadoc: StoreDeployments
    StoreDeployments deployments = new StoreDeployments(store, keyspace, WorkerConfig.defaults());
    DeploymentInfo info = deployments.deploy(jarBytes, "shop");
    FunctionRuntimeService runtime = new FunctionRuntimeService(deployments, config, meters);
    // end javadoc
    closing(deployments);
    closing(runtime);

    assertThat(info.functions()).containsExactly("acme/counter");
    assertThat(deployments.function("acme", "counter")).isPresent();
  }

  @Test
  void theServiceAnswersOverGrpc() throws Exception {
    Store store = closing(Stores.rocksdb(dir.resolve("store")));
    StoreDeployments deployments = closing(new StoreDeployments(store, keyspace, config));
    deployments.deploy(TestJars.counter(dir), "shop");
    // javadoc: FunctionRuntimeService
    FunctionRuntimeService runtime = new FunctionRuntimeService(deployments, WorkerConfig.defaults(), meters);
    Server server = InProcessServerBuilder.forName("worker").addService(runtime).build().start();
    // end javadoc
    closing(runtime);
    closing(server::shutdownNow);
    ManagedChannel channel = InProcessChannelBuilder.forName("worker").build();
    closing(channel::shutdownNow);

    assertThat(reply(channel, batch("counter", "bob", "hi"))).isEqualTo("1");
  }

  @Test
  void aWorkerFindsADeploymentMadeElsewhere() throws Exception {
    Store store = closing(Stores.rocksdb(dir.resolve("store")));
    StoreDeployments deployments = closing(new StoreDeployments(store, keyspace, config));
    // javadoc: RefreshingLookup
    FunctionLookup lookup = new RefreshingLookup(deployments, 500, System::nanoTime);
    FunctionRuntimeService runtime = new FunctionRuntimeService(lookup, config, meters);
    // end javadoc
    closing(runtime);

    try (StoreDeployments gateway = new StoreDeployments(store, keyspace, config)) {
      gateway.deploy(TestJars.counter(dir), "shop");
    }

    assertThat(lookup.function("acme", "counter")).isPresent();
  }

  @Test
  void aRuntimeReadsInternalListsFromTheStore() throws Exception {
    Store store = closing(Stores.rocksdb(dir.resolve("store")));
    StoreDeployments deployments = closing(new StoreDeployments(store, keyspace, config));
    // javadoc: StoreLists
    FunctionRuntimeService runtime = new FunctionRuntimeService(deployments, config, meters,
        new StoreLists(store, keyspace));
    // end javadoc
    closing(runtime);
  }

  static InvocationBatch batch(String type, String id, String text) {
    Address target = Address.newBuilder().setNamespace("acme").setType(type).setId(id).build();
    InvocationMessage message = InvocationMessage.newBuilder()
        .setPayload(Payload.newBuilder().setContentType("text/plain").setData(ByteString.copyFrom(text, StandardCharsets.UTF_8)))
        .build();
    return InvocationBatch.newBuilder()
        .addInvocations(Invocation.newBuilder().setTarget(target).addMessages(message)).build();
  }

  /** The reply to the batch's only message. */
  static String reply(ManagedChannel channel, InvocationBatch batch) {
    InvocationBatchResult result =
        FunctionRuntimeGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).invoke(batch);
    return result.getResults(0).getEffects(0).getReply().getData().toStringUtf8();
  }
}
