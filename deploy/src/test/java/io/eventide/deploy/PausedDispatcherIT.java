package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.process.NodeProcess;
import io.eventide.dispatcher.api.KeyGroups;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dispatcher process paused with SIGSTOP past its lease while clients keep sending to its key
 * groups: the other dispatcher takes the groups over (bumping their epochs) and serves them; the
 * paused one, resumed with batches and requests still in memory, finds it lost them and can commit
 * none of that, because every commit is fenced on the lease record. It then rejoins, and the groups
 * move back to it. Through both hand-overs every increment a client had accepted must be applied
 * exactly once: never twice (the fencing), and never left behind in an inbox (the hand-overs).
 *
 * <p>This is {@link PausedNodeIT} for the role processes ({@code eventide dispatcher}): a GC pause
 * or a frozen VM is the failure that clocks and timeouts alone cannot make safe, only fencing can.
 */
class PausedDispatcherIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int KEY_GROUPS = 16;
  private static final String PAUSED = "dispatcher-1";
  private static final String OTHER = "dispatcher-2";
  private static final int PAUSED_COUNTERS = 3;
  private static final int OTHER_COUNTERS = 2;
  private static final int SENDERS = 3;

  /** The roles' default {@code --request-timeout}: one attempt's deadline at a dispatcher. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dir;

  /** Counter id to the increments (of 1) the gateway accepted for it. */
  private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();

  @Test
  void aDispatcherPausedPastItsLeaseCommitsNothingForTheGroupsItLost() throws Exception {
    try (RoleCluster cluster = new RoleCluster(dir).stateService()) {
      cluster.role("dispatcher", PAUSED);
      cluster.role("dispatcher", OTHER);
      cluster.role("worker", "worker-1");
      cluster.role("gateway", "gateway");
      cluster.explained(() -> run(cluster));
    }
  }

  private void run(RoleCluster cluster) throws Exception {
    EventideClient client = cluster.client("gateway");
    assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
    await()
        .atMost(WAIT)
        .until(
            () ->
                client
                        .post(
                            "/v1/call/example/counter/warm-up?timeout=5s",
                            "1".getBytes(StandardCharsets.UTF_8),
                            "application/json",
                            null,
                            "warm-up")
                        .status()
                    == 200);

    // Both dispatchers hold their rendezvous share: only then is "whose group" a stable answer.
    JsonNode settled =
        await()
            .atMost(WAIT)
            .until(
                () -> cluster(client),
                view ->
                    !groupsOf(view, PAUSED).isEmpty()
                        && !groupsOf(view, OTHER).isEmpty()
                        && shared(view));
    List<Integer> pausedGroups = groupsOf(settled, PAUSED);
    Map<Integer, Long> epochsBefore = epochs(settled);
    List<String> onPaused = counters(pausedGroups, true, PAUSED_COUNTERS);
    List<String> onOther = counters(pausedGroups, false, OTHER_COUNTERS);
    List<String> counters = new ArrayList<>(onPaused);
    counters.addAll(onOther);
    counters.forEach(c -> accepted.put(c, new AtomicInteger()));

    for (int round = 0; round < 3; round++) {
      for (String counter : counters) {
        increment(cluster, counter, "before-" + round + "-" + counter);
      }
    }
    await().atMost(WAIT).untilAsserted(() -> verify(cluster.client("gateway")));

    NodeProcess paused = cluster.get(PAUSED);
    assertThat(Files.readString(paused.log(), StandardCharsets.UTF_8))
        .doesNotContain(PAUSED + " lost key groups");
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicInteger sequence = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        running.add(
            senders.submit(
                () -> {
                  while (sending.get()) {
                    int n = sequence.getAndIncrement();
                    String counter = counters.get(n % counters.size());
                    increment(cluster, counter, "during-" + n);
                  }
                }));
      }
      // The pause must land while sends to its groups are in flight, not in a quiet moment.
      int warm = total() + 2 * counters.size();
      await().atMost(WAIT).until(() -> total() >= warm);

      signal("STOP", paused);
      Map<Integer, Long> epochsTakenOver;
      try {
        // Begun after the pause, it waits at the frozen dispatcher until its heartbeat runs out,
        // when the gateway cancels it and sends it to the group's new holder. Left waiting, it
        // would be answered 504 once the request timeout (10 s) had passed.
        String late = onPaused.get(0);
        long began = System.nanoTime();
        int status =
            client
                .post(
                    "/v1/send/example/counter/" + late,
                    "1".getBytes(StandardCharsets.UTF_8),
                    "application/json",
                    null,
                    "after-the-pause")
                .status();
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertThat(status).as("a send begun after the pause, answered in %s", took).isEqualTo(202);
        accepted.get(late).incrementAndGet();
        System.out.println("PausedDispatcherIT: a send begun after the pause answered in " + took);
        assertThat(took).as("answered before its request timeout").isLessThan(REQUEST_TIMEOUT);
        JsonNode takenOver =
            await()
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(
                    () -> cluster(client),
                    view ->
                        groupsOf(view, OTHER).size() == KEY_GROUPS
                            && shared(view)
                            && pausedGroups.stream()
                                .allMatch(kg -> epochs(view).get(kg) > epochsBefore.get(kg)));
        epochsTakenOver = epochs(takenOver);
        // Clients go on with the paused dispatcher's counters; only the new holder can accept them.
        Map<String, Integer> atTakeover = snapshot(onPaused);
        await()
            .atMost(WAIT)
            .until(
                () ->
                    onPaused.stream()
                        .allMatch(c -> accepted.get(c).get() >= atTakeover.get(c) + 3));
      } finally {
        signal("CONT", paused);
      }

      await()
          .atMost(WAIT)
          .until(
              () ->
                  Files.readString(paused.log(), StandardCharsets.UTF_8)
                      .contains(PAUSED + " lost key groups"));
      JsonNode rejoined =
          await()
              .atMost(WAIT)
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () -> cluster(client),
                  view ->
                      !groupsOf(view, PAUSED).isEmpty()
                          && !groupsOf(view, OTHER).isEmpty()
                          && shared(view)
                          // Handed back (the lease names it) and taken (a new epoch), not only
                          // handed: a hand-over and the taking are two commits.
                          && groupsOf(view, PAUSED).stream()
                              .allMatch(kg -> epochs(view).get(kg) > epochsTakenOver.get(kg)));
      assertThat(groupsOf(rejoined, PAUSED))
          .as("the rendezvous share comes back")
          .isEqualTo(pausedGroups);
      // Taken back under a new epoch: what the old process held stays fenced off for good.
      assertThat(pausedGroups)
          .allSatisfy(
              kg -> assertThat(epochs(rejoined).get(kg)).isGreaterThan(epochsTakenOver.get(kg)));
      sending.set(false);
      for (Future<?> sender : running) {
        try {
          sender.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof AssertionError failure) {
            throw failure; // a send the cluster never accepted: the senders' own verdict
          }
          throw e;
        }
      }
    } finally {
      sending.set(false);
      senders.shutdownNow();
    }

    // Through the rejoined dispatcher too: it serves its groups again, and counts once.
    for (String counter : counters) {
      increment(cluster, counter, "after-" + counter);
    }
    System.out.println(
        "PausedDispatcherIT: accepted increments "
            + snapshot(counters)
            + " ("
            + PAUSED
            + " groups "
            + pausedGroups
            + ")");
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> verify(cluster.client("gateway")));
  }

  /**
   * Sends {@code +1} to {@code counter} until accepted, retrying with the same key as a client
   * would.
   */
  private void increment(RoleCluster cluster, String counter, String idempotencyKey) {
    FaultWorkload.run(
        new FaultWorkload.Op(
            "example/counter/" + counter, "1", "application/json", idempotencyKey, false),
        () -> cluster.client("gateway"));
    accepted.get(counter).incrementAndGet();
  }

  /** Each counter equals its accepted increments, with one "counts" record per increment: 1..n. */
  private void verify(EventideClient client) {
    Map<String, List<Long>> records = Json.countRecords(client);
    for (Map.Entry<String, AtomicInteger> counter : accepted.entrySet()) {
      int n = counter.getValue().get();
      assertThat(Json.counter(client, counter.getKey()))
          .as("count of %s", counter.getKey())
          .isEqualTo(n);
      assertThat(records.getOrDefault(counter.getKey(), List.of()))
          .as("counts records of %s", counter.getKey())
          .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
    }
  }

  private int total() {
    return accepted.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private Map<String, Integer> snapshot(List<String> counters) {
    Map<String, Integer> counts = new TreeMap<>();
    counters.forEach(c -> counts.put(c, accepted.get(c).get()));
    return counts;
  }

  /** {@code n} fresh counter ids whose key groups are (or are not) among {@code groups}. */
  private static List<String> counters(List<Integer> groups, boolean inside, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; ids.size() < n; i++) {
      String id = (inside ? "paused-" : "other-") + i;
      if (groups.contains(KeyGroups.of("example", "counter", id, KEY_GROUPS)) == inside) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static JsonNode cluster(EventideClient client) {
    return Json.parse(client.get("/v1/cluster").requireOk("GET /v1/cluster"));
  }

  /**
   * Every group leased to one of the two dispatchers, each listed as a live node with exactly the
   * groups its leases name: no group is free, moving, or held by a member that is gone.
   */
  private static boolean shared(JsonNode view) {
    int held = 0;
    for (String dispatcher : List.of(PAUSED, OTHER)) {
      List<Integer> listed = new ArrayList<>();
      view.path("nodes")
          .forEach(
              node -> {
                if (node.path("role").asText().equals("dispatcher")
                    && node.path("id").asText().equals(dispatcher)) {
                  node.path("keyGroups").forEach(kg -> listed.add(kg.asInt()));
                }
              });
      listed.sort(null);
      if (!listed.equals(groupsOf(view, dispatcher))) {
        return false;
      }
      held += listed.size();
    }
    return held == KEY_GROUPS;
  }

  /** The key groups whose lease names {@code owner}, ascending. */
  private static List<Integer> groupsOf(JsonNode view, String owner) {
    List<Integer> groups = new ArrayList<>();
    view.path("leases")
        .forEach(
            lease -> {
              if (lease.path("owner").asText().equals(owner)) {
                groups.add(lease.path("keyGroup").asInt());
              }
            });
    groups.sort(null);
    return groups;
  }

  private static Map<Integer, Long> epochs(JsonNode view) {
    Map<Integer, Long> epochs = new TreeMap<>();
    view.path("leases")
        .forEach(lease -> epochs.put(lease.path("keyGroup").asInt(), lease.path("epoch").asLong()));
    return epochs;
  }

  private static void signal(String name, NodeProcess node) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(node.pid())).inheritIO().start();
    assertThat(kill.waitFor()).as("kill -%s %d", name, node.pid()).isZero();
  }
}
