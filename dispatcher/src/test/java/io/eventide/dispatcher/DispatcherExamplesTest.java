package io.eventide.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.dispatcher.api.ClusterSettings;
import io.eventide.dispatcher.api.Daemons;
import io.eventide.dispatcher.api.Deadlines;
import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.Invoker;
import io.eventide.dispatcher.api.RemoteOptions;
import io.eventide.dispatcher.api.SendReceipt;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory;
import io.eventide.dispatcher.internal.cluster.LeaseKeeper;
import io.eventide.dispatcher.internal.cluster.LeaseListener;
import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.dispatcher.internal.query.EgressRetention;
import io.eventide.dispatcher.internal.query.StoreReads;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Javadoc examples of a standalone dispatcher and its store-side pieces, on the embedded store.
 */
class DispatcherExamplesTest {
  @TempDir Path dir;

  private final Keyspace keyspace = new Keyspace("examples");
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private Store store;
  private TransactionRunner runner;

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir.resolve("store"));
    runner = new TransactionRunner(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aStandaloneDispatcherAppliesAMessage() {
    IngressMessage message =
        new IngressMessage(
            "shop",
            "counter",
            "a",
            "5".getBytes(StandardCharsets.UTF_8),
            "application/json",
            IngressMessage.INGESTION_TIME,
            null);
    try (TestWorker functions = new TestWorker().registerCounter("shop/counter")) {
      Invoker workers = functions;
      // javadoc: Dispatcher
      Dispatcher dispatcher =
          new Dispatcher(DispatcherConfig.defaults("node-1"), store, keyspace, workers, registry);
      dispatcher.start();
      SendReceipt receipt = dispatcher.sendAsync(message).join();
      // end javadoc
      try (dispatcher) {
        assertThat(receipt.messageId()).isNotEmpty();
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  // javadoc: StoreReads
                  Map<String, byte[]> values =
                      new StoreReads(store, keyspace).state("shop", "counter", "a");
                  // end javadoc
                  assertThat(values).containsKey("count");
                  assertThat(new String(values.get("count"), StandardCharsets.UTF_8))
                      .isEqualTo("5");
                });
      }
    }
  }

  @Test
  void aLeaseKeeperTakesTheKeyGroupsAndTheDirectoryShowsThem() {
    LeaseTable leases = new LeaseTable(keyspace, "d1", 256);
    // javadoc: LeaseKeeper
    LeaseKeeper keeper =
        new LeaseKeeper(
            runner,
            keyspace,
            leases,
            LeaseListener.NONE,
            ClusterSettings.of("d1", "127.0.0.1:7071", 256));
    keeper.start(); // renews every ttl/4; rounds at expiries, and at least that often
    // end javadoc
    try (keeper) {
      await().atMost(Duration.ofSeconds(10)).until(() -> leases.holds(17));
      // javadoc: ClusterDirectory
      ClusterDirectory.Snapshot now =
          new ClusterDirectory(store, keyspace, System::currentTimeMillis).read();
      Optional<String> owner = now.ownerEndpoint(17);
      // end javadoc
      assertThat(owner).hasValue("127.0.0.1:7071");
    }
  }

  @Test
  void retentionSweepsWhatIsPastIt() {
    // javadoc: EgressRetention
    EgressRetention retention =
        new EgressRetention(keyspace, runner, Duration.ofDays(7), System::currentTimeMillis);
    retention.sweep(); // now and then, in one process of the cluster
    // end javadoc
    assertThat(retention.sweep()).as("nothing was written, so nothing is past retention").isZero();
  }

  @Test
  void optionsAndDaemonThreads() throws Exception {
    // javadoc: RemoteOptions
    RemoteOptions options = RemoteOptions.defaults().withRequestTimeout(Duration.ofSeconds(5));
    // end javadoc
    assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(5));

    // javadoc: Daemons
    ScheduledExecutorService heartbeats = Daemons.scheduler("eventide-heartbeat");
    // end javadoc
    try {
      CompletableFuture<Thread> ran = new CompletableFuture<>();
      heartbeats.schedule(() -> ran.complete(Thread.currentThread()), 1, TimeUnit.MILLISECONDS);
      Thread thread = ran.get(10, TimeUnit.SECONDS);
      assertThat(thread.isDaemon()).isTrue();
      assertThat(thread.getName()).isEqualTo("eventide-heartbeat");
    } finally {
      heartbeats.shutdownNow();
    }

    // javadoc: Deadlines
    CompletableFuture<String> reply =
        Deadlines.orTimeout(new CompletableFuture<>(), Duration.ofSeconds(5));
    // end javadoc
    assertThat(reply).isNotDone();
    reply.complete("answered in time");
    assertThat(reply.join()).isEqualTo("answered in time");
  }
}
