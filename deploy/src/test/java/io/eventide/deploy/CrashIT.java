package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across SIGKILL: clients stream sends with idempotency keys and retry each one (same
 * key) until a node acknowledges it, while the test kills the node twice and restarts it on the
 * same data dir. Every counter must end at the number of distinct messages sent to it, and its
 * egress must hold each count exactly once.
 */
class CrashIT {
  private static final int KEYS = 4;
  private static final int CLIENTS = 2;
  private static final int MESSAGES_PER_CLIENT = 300;
  private static final Duration GIVE_UP = Duration.ofMinutes(3);

  @TempDir Path tmp;
  private final AtomicReference<NodeProcess> node = new AtomicReference<>();
  private final AtomicReference<URI> url = new AtomicReference<>();
  private final AtomicInteger acknowledged = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();
  private final Map<Integer, AtomicInteger> sentPerKey = new ConcurrentHashMap<>();
  private final List<Thread> clients = new ArrayList<>();

  @AfterEach
  void stopEverything() throws InterruptedException {
    clients.forEach(Thread::interrupt);
    for (Thread client : clients) {
      client.join(TimeUnit.SECONDS.toMillis(30));
    }
    NodeProcess current = node.get();
    if (current != null) {
      current.close();
    }
  }

  @Test
  void killedTwiceMidStreamAndNothingIsLostOrDoubled() {
    Path data = tmp.resolve("data");
    restart(data);
    deployExamples();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      Thread thread = new Thread(() -> stream(client), "crash-it-client-" + c);
      thread.setUncaughtExceptionHandler((t, e) -> failures.add(e));
      clients.add(thread);
      thread.start();
    }
    int total = CLIENTS * MESSAGES_PER_CLIENT;
    for (int kill = 1; kill <= 2; kill++) {
      int mark = total * kill / 3;
      await("acknowledged " + mark).atMost(GIVE_UP).until(() -> acknowledged.get() >= mark);
      node.get().kill();
      restart(data);
    }
    await("all acknowledged")
        .atMost(GIVE_UP)
        .until(() -> clients.stream().noneMatch(Thread::isAlive));
    assertThat(failures).isEmpty();
    assertThat(acknowledged.get()).isEqualTo(total);
    assertThat(retries.get())
        .as("requests that met a dead node (the kills hit the stream)")
        .isPositive();

    EventideClient client = client();
    await("counters reach their totals")
        .atMost(GIVE_UP)
        .untilAsserted(
            () -> {
              for (int k = 0; k < KEYS; k++) {
                assertThat(Json.longState(client, "example/counter/" + key(k), "count"))
                    .as("count of %s", key(k))
                    .isEqualTo(sentPerKey.get(k).get());
              }
            });
    Map<String, List<Long>> counts = countsByKey(Json.egress(client, "counts"));
    for (int k = 0; k < KEYS; k++) {
      long sent = sentPerKey.get(k).get();
      assertThat(counts.get(key(k)))
          .as("egress 'counts' of %s: each count once, none missing", key(k))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, sent).boxed().toList());
    }
  }

  private void stream(int client) {
    for (int i = 0; i < MESSAGES_PER_CLIENT && !Thread.currentThread().isInterrupted(); i++) {
      int k = (client + i * CLIENTS) % KEYS;
      sendUntilAcknowledged("example/counter/" + key(k), "crash-" + client + "-" + i);
      sentPerKey.computeIfAbsent(k, any -> new AtomicInteger()).incrementAndGet();
      acknowledged.incrementAndGet();
    }
  }

  /** Retries with the same idempotency key until a node answers 202; gives up after GIVE_UP. */
  private void sendUntilAcknowledged(String address, String key) {
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    byte[] one = "1".getBytes(StandardCharsets.UTF_8);
    while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
      try {
        HttpAnswer answer = client().send(address, one, "application/json", key, null);
        if (answer.status() == 202) {
          return;
        }
        assertThat(answer.status()).as("send %s: %s", key, answer.text()).isIn(429, 503, 504);
      } catch (UncheckedIOException e) {
        // The node is down or was killed mid-request: retry against the current one.
        retries.incrementAndGet();
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
    }
    throw new AssertionError("send " + key + " never acknowledged");
  }

  private EventideClient client() {
    return new EventideClient(url.get(), null, null).withTimeout(Duration.ofSeconds(20));
  }

  private void restart(Path data) {
    NodeProcess started = TestNodes.start(data);
    node.set(started);
    url.set(started.url());
  }

  private void deployExamples() {
    assertThat(client().deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
  }

  private static String key(int k) {
    return "crash-" + k;
  }

  /** "id=crash-1 count=7" records, grouped by id, counts sorted. */
  private static Map<String, List<Long>> countsByKey(List<String> records) {
    Map<String, List<Long>> byKey = new TreeMap<>();
    for (String record : records) {
      String[] parts = record.split(" ");
      String id = parts[0].substring("id=".length());
      byKey
          .computeIfAbsent(id, any -> new ArrayList<>())
          .add(Long.parseLong(parts[1].substring("count=".length())));
    }
    byKey.values().forEach(list -> list.sort(null));
    return byKey;
  }
}
