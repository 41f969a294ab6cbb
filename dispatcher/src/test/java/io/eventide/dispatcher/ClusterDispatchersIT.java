package io.eventide.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.dispatcher.api.EgressRecord;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two dispatchers on one real store, as two processes on one state-service: they split the key
 * groups, each processes what its groups' inboxes hold whoever wrote it, and when one leaves the
 * other takes its groups over and goes on, every message counted once.
 */
class ClusterDispatchersIT {
  private static final int KEY_GROUPS = 16;
  private static final int KEYS = 20;
  private static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);
  private static final Duration WAIT = InProcessCluster.WAIT;

  @TempDir Path dir;
  InProcessCluster cluster;

  @BeforeEach
  void open() {
    cluster = new InProcessCluster(dir, KEY_GROUPS);
  }

  @AfterEach
  void close() throws Exception {
    cluster.close();
  }

  @Test
  void twoDispatchersSplitTheGroupsAndOneTakesOverWhenTheOtherLeaves() throws Exception {
    Dispatcher a = dispatcher("a");
    Dispatcher b = dispatcher("b");
    cluster.awaitSplit(a, b);

    sendRound(a, 1);
    sendRound(b, 2);
    await().atMost(WAIT).until(() -> countsByKey(a).values().stream().allMatch(c -> c.size() == 2));
    // The meter counts a batch once its shard has seen the commit durable, a moment after its
    // egress records became readable.
    await().atMost(WAIT).until(() -> processed(a) + processed(b) >= 2 * KEYS);
    // Each processed its own groups' messages, whichever dispatcher took them in.
    assertThat(processed(a)).isPositive();
    assertThat(processed(b)).isPositive();
    assertThat(processed(a) + processed(b)).isEqualTo(2 * KEYS);

    b.close();
    assertThat(held(b)).as("b handed its groups back").isZero();
    // a takes them at its next tick, without waiting for b's membership to expire.
    await().atMost(Duration.ofSeconds(2)).until(() -> held(a) == KEY_GROUPS);
    for (int round = 3; round <= 5; round++) {
      sendRound(a, round);
    }

    await().atMost(WAIT).until(() -> countsByKey(a).values().stream().allMatch(c -> c.size() == 5));
    Map<String, List<Long>> counts = countsByKey(a);
    assertThat(counts).hasSize(KEYS);
    counts.forEach(
        (key, values) ->
            assertThat(values)
                .as(key)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 5).boxed().toList()));
  }

  private void sendRound(Dispatcher via, int round) {
    IntStream.range(0, KEYS)
        .forEach(
            k ->
                via.sendAsync(
                        new IngressMessage(
                            "t",
                            "count",
                            "k" + k,
                            "1".getBytes(StandardCharsets.UTF_8),
                            "application/json",
                            IngressMessage.INGESTION_TIME,
                            "round-" + round + "-k" + k))
                    .join());
  }

  private Dispatcher dispatcher(String node) {
    TestWorker worker =
        new TestWorker()
            .register(
                "t/count",
                (ctx, msg) -> {
                  long n = ctx.storage().get(COUNT).orElse(0L) + 1;
                  ctx.storage().set(COUNT, n);
                  ctx.egress("counts", Types.STRING, ctx.self().id() + "=" + n);
                },
                COUNT);
    return cluster.add(node, worker, Map.of());
  }

  private long processed(Dispatcher dispatcher) {
    return cluster.processed(dispatcher);
  }

  private int held(Dispatcher dispatcher) {
    return cluster.held(dispatcher);
  }

  /** "k3=2" egress records, by key, in the order they were written per key. */
  private static Map<String, List<Long>> countsByKey(Dispatcher via) {
    Map<String, List<Long>> counts = new TreeMap<>();
    for (EgressRecord r : via.egress("counts", 0, 10_000).records()) {
      String[] parts = new String(r.payload(), StandardCharsets.UTF_8).split("=");
      counts.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Long.parseLong(parts[1]));
    }
    return counts;
  }
}
