package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.deploy.client.EventideClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The randomized fault test: a local cluster of separate processes (a state-service, 2 dispatchers,
 * 2 workers, 1 gateway) runs a seeded workload of calls, sends, fan-outs, greetings and reminders
 * ({@link FaultWorkload}) while a seeded chaos thread kills each dispatcher, each worker and the
 * gateway with SIGKILL at random moments and starts it again with the same command. At the end
 * every counter equals the model's, every counter message left exactly one "counts" record, every
 * greeting and reminder appears in its egress exactly once, and every event-time window fired once
 * with exactly its events.
 *
 * <p>Seeds run one after the other on the same cluster (ids are prefixed by the seed). That the
 * checks can fail is shown by {@code -Dfault.nokeys=true}: clients then retry without their
 * idempotency keys, and the run fails with counters above the model's.
 *
 * <p>One instance runs all seeds on one cluster; {@link ClusterFaultTlsIT} runs the same with
 * mutual TLS between the processes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterFaultIT {
  private static final int OPS = 400;
  private static final int CLIENTS = 3;
  private static final Duration SETTLE = Duration.ofSeconds(120);
  private static final List<String> VICTIMS =
      List.of("dispatcher-1", "dispatcher-2", "worker-1", "worker-2", "gateway");

  /** Static: JUnit injects a fresh one per class, before the per-class {@link #startCluster}. */
  @TempDir static Path dir;

  RoleCluster cluster;

  /** Where the next seed's window events start: the window source's watermark never goes back. */
  private long windowBase = 1_700_000_000_000L;

  /** Workloads verified so far: each later check looks at them again, for late duplicates. */
  private final List<FaultWorkload> done = Collections.synchronizedList(new ArrayList<>());

  /** The cluster the seeds run on, its state-service not started yet. */
  RoleCluster newCluster(Path dir) {
    return new RoleCluster(dir);
  }

  /** The seeds, each a workload of {@link #OPS} requests under faults. */
  Stream<Long> seeds() {
    return Stream.of(7L, 1009L, 424242L);
  }

  @BeforeAll
  void startCluster() {
    cluster = newCluster(dir).stateService();
    cluster.role("dispatcher", "dispatcher-1");
    cluster.role("dispatcher", "dispatcher-2");
    cluster.role("worker", "worker-1");
    cluster.role("worker", "worker-2");
    cluster.role("gateway", "gateway");
    assertThat(cluster.client("gateway").deploy(TestNodes.examplesJar(), "examples").status())
        .isEqualTo(201);
    await()
        .atMost(SETTLE)
        .until(
            () ->
                cluster
                        .client("gateway")
                        .post(
                            "/v1/call/example/counter/warm-up?timeout=5s",
                            "1".getBytes(StandardCharsets.UTF_8),
                            "application/json",
                            null,
                            "warm-up")
                        .status()
                    == 200);
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void seeded(long seed) throws Exception {
    FaultWorkload workload = new FaultWorkload(seed, OPS, windowBase);
    AtomicBoolean running = new AtomicBoolean(true);
    List<String> faults = Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(CLIENTS + 2);
    try {
      AtomicInteger next = new AtomicInteger();
      Future<?> chaos = threads.submit(() -> chaos(seed, running, faults, next));
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(
            threads.submit(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < workload.ops.size();
                      i = next.getAndIncrement()) {
                    FaultWorkload.run(workload.ops.get(i), () -> cluster.client("gateway"));
                  }
                }));
      }
      // Window events in one order, through one client, so that none is late.
      clients.add(
          threads.submit(
              () -> {
                workload.windowOps.forEach(
                    op -> FaultWorkload.run(op, () -> cluster.client("gateway")));
                FaultWorkload.run(workload.fireWindows(), () -> cluster.client("gateway"));
              }));
      for (Future<?> client : clients) {
        client.get();
      }
      windowBase = workload.windowsEnd();
      running.set(false);
      chaos.get();
    } finally {
      running.set(false);
      threads.shutdownNow();
    }
    System.out.println(
        "seed "
            + seed
            + ": "
            + workload.ops.size()
            + " requests through "
            + faults.size()
            + " kills (victim@requests started): "
            + faults);
    assertThat(faults.stream().map(f -> f.substring(0, f.indexOf('@'))).toList())
        .as("every role was killed at least once")
        .containsAll(VICTIMS);

    done.add(workload);
    try {
      await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).untilAsserted(this::verifyAll);
    } catch (AssertionError e) {
      throw new AssertionError(
          "seed " + seed + " (kills " + faults + "): " + e.getMessage() + cluster.logs(), e);
    }
  }

  /**
   * Kills the victims in a seeded order at seeded moments while the clients run, and at least each
   * of them once: a dispatcher's groups fail over after its lease, a worker's batches go to the
   * other worker, the gateway's clients retry with their keys.
   */
  private void chaos(
      long seed, AtomicBoolean running, List<String> faults, AtomicInteger progress) {
    Random random = new Random(seed * 31 + 1);
    List<String> order = new ArrayList<>(VICTIMS);
    Collections.shuffle(order, random);
    for (int round = 0; running.get() || round < order.size(); round++) {
      // Deliberate fault timing, not synchronisation: when the kill lands is the randomized input.
      LockSupport.parkNanos(Duration.ofMillis(500 + random.nextInt(2_500)).toNanos());
      String victim =
          round < order.size() ? order.get(round) : VICTIMS.get(random.nextInt(VICTIMS.size()));
      cluster.kill(victim);
      faults.add(victim + "@" + Math.min(progress.get(), OPS));
      LockSupport.parkNanos(Duration.ofMillis(random.nextInt(1_500)).toNanos());
      cluster.restart(victim);
    }
  }

  /**
   * Every workload run so far: counters, counter records, greetings and reminders, exactly once.
   */
  private void verifyAll() {
    EventideClient client = cluster.client("gateway");
    List<String> greetings = Json.egress(client, "greetings");
    List<String> reminders = Json.egress(client, "reminders");
    Map<String, List<Long>> counts = Json.countRecords(client);
    Map<String, List<Long>> windows = Json.windowCounts(client);
    long greeted = 0;
    int greetingMessages = 0;
    for (FaultWorkload w : List.copyOf(done)) {
      for (Map.Entry<String, Long> total : w.totals.entrySet()) {
        if (total.getKey().equals("greetings")) {
          greeted += total.getValue();
          greetingMessages += w.increments.get("greetings");
          continue;
        }
        String counter = total.getKey();
        assertThat(Json.counter(client, counter))
            .as("counter %s", counter)
            .isEqualTo(total.getValue());
        List<Long> records = counts.getOrDefault(counter, List.of());
        assertThat(records)
            .as("counts records of %s", counter)
            .doesNotHaveDuplicates()
            .hasSize(w.increments.get(counter));
      }
      for (String greeting : w.greetings) {
        assertThat(Collections.frequency(greetings, greeting))
            .as("greeting '%s'", greeting)
            .isEqualTo(1);
      }
      for (String reminder : w.reminders) {
        assertThat(Collections.frequency(reminders, reminder)).as("'%s'", reminder).isEqualTo(1);
      }
      for (FaultWorkload.Window window : w.windows) {
        assertThat(windows.get(window.key() + "@" + window.start()))
            .as("firings of the window of %s at %d", window.key(), window.start())
            .containsExactly(window.count());
      }
    }
    // The warm-up call counted nothing for "greetings"; it is shared by all seeds.
    assertThat(Json.counter(client, "greetings")).as("counter greetings").isEqualTo(greeted);
    assertThat(counts.getOrDefault("greetings", List.of()))
        .doesNotHaveDuplicates()
        .hasSize(greetingMessages);
  }
}
