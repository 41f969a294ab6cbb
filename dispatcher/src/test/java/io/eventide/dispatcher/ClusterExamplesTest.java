package io.eventide.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.api.ClusterSettings;
import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.Queries;
import io.eventide.dispatcher.api.RemoteOptions;
import io.eventide.dispatcher.cluster.ClusterQueries;
import io.eventide.dispatcher.cluster.DirectoryCache;
import io.eventide.dispatcher.cluster.RoutedIngress;
import io.eventide.dispatcher.cluster.WorkerDeploymentCheck;
import io.eventide.dispatcher.cluster.WorkerMembership;
import io.eventide.dispatcher.cluster.WorkerPool;
import io.eventide.protocol.Registrations;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.worker.DeploymentCheckService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Javadoc examples of the cluster pieces, run together as the role processes run them, in one
 * JVM on the embedded store and loopback gRPC: a worker announces itself, a dispatcher invokes it
 * through a {@link WorkerPool} and serves ingress over gRPC, and a gateway's {@link RoutedIngress}
 * calls a counter through it.
 */
class ClusterExamplesTest {
  private static final byte[] JAR =
      "PK\3\4 a jar, as far as the check is told".getBytes(StandardCharsets.ISO_8859_1);

  @TempDir Path dir;

  private final Keyspace keyspace = new Keyspace("examples");
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final List<AutoCloseable> started = new ArrayList<>();
  private final TestWorker functions = new TestWorker().registerCounter("shop/counter");
  private Store store;
  private TransactionRunner runner;
  private String endpoint;

  @BeforeEach
  void open() throws Exception {
    store = Stores.rocksdb(dir.resolve("store"));
    runner = new TransactionRunner(store);
    Server worker =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .addService(functions.service())
            .addService(
                new DeploymentCheckService(
                    (id, jar) -> Registrations.newBuilder().addFunctions("shop/counter").build()))
            .build()
            .start();
    started.add(() -> worker.shutdownNow().awaitTermination());
    endpoint = "127.0.0.1:" + worker.getPort();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
    functions.close();
    store.close();
  }

  @Test
  void aWorkerADispatcherAndAGatewayServeACallTogether() throws Exception {
    Duration ttl = Duration.ofSeconds(2);
    // javadoc: WorkerMembership
    WorkerMembership membership = WorkerMembership.start(runner, keyspace, "w1", endpoint, ttl);
    try (membership) {
      serve(); // the membership is renewed every ttl/4, and leaves the directory once closed
    }
    // end javadoc
  }

  private void serve() throws Exception {
    int keyGroup = 17;
    // javadoc: DirectoryCache
    DirectoryCache cache = DirectoryCache.start(store, keyspace, Duration.ofSeconds(1));
    cache.get().ownerEndpoint(keyGroup);
    // end javadoc
    started.add(cache);
    assertThat(cache.get().workers()).containsKey("w1");

    DispatcherConfig config = DispatcherConfig.defaults("d1");
    // javadoc: WorkerPool
    WorkerPool pool = new WorkerPool(cache::get, RemoteOptions.defaults());
    cache.addListener(pool::observe);
    Dispatcher dispatcher = new Dispatcher(config, store, keyspace, pool, registry);
    // end javadoc
    started.add(pool);
    started.add(dispatcher);
    // javadoc: DispatchService
    Server server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .addService(new DispatchService(dispatcher))
            .build()
            .start();
    // end javadoc
    started.add(() -> server.shutdownNow().awaitTermination());
    // javadoc: ClusterSettings
    dispatcher.startClustered(ClusterSettings.of("d1", "127.0.0.1:" + server.getPort(), 256));
    // end javadoc
    cache.refreshSoon();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cache.get().ownerEndpoint(keyGroup).isPresent());

    IngressMessage message =
        new IngressMessage(
            "shop",
            "counter",
            "a",
            "5".getBytes(StandardCharsets.UTF_8),
            "application/json",
            IngressMessage.INGESTION_TIME,
            null);
    // javadoc: RoutedIngress
    RoutedIngress ingress =
        new RoutedIngress(cache::get, cache::refreshSoon, 256, RemoteOptions.defaults());
    cache.addListener(ingress::observe);
    CallReply reply = ingress.callAsync(message, Duration.ofSeconds(5)).join();
    // end javadoc
    started.add(ingress);
    assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).isEqualTo("5");

    // javadoc: ClusterQueries
    Queries queries = new ClusterQueries(store, keyspace, cache::get, ingress, 256, "gw-1");
    Map<String, byte[]> state = queries.state("shop", "counter", "a");
    // end javadoc
    assertThat(queries.ready()).isTrue();
    assertThat(new String(state.get("count"), StandardCharsets.UTF_8)).isEqualTo("5");

    // javadoc: WorkerDeploymentCheck
    WorkerDeploymentCheck workers =
        new WorkerDeploymentCheck(
            cache::get, RemoteOptions.defaults(), WorkerDeploymentCheck.DEFAULT_TIMEOUT);
    cache.addListener(workers::observe);
    Registrations registered = workers.validate("d-1f2e", JAR);
    // end javadoc
    started.add(workers);
    assertThat(registered.getFunctionsList()).containsExactly("shop/counter");
  }
}
