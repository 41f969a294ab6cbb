package io.eventide.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.dispatcher.api.ClusterSettings;
import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.EgressRecord;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  Store store;
  final List<AutoCloseable> started = new ArrayList<>();
  final Map<Dispatcher, SimpleMeterRegistry> registries = new HashMap<>();

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir);
  }

  @AfterEach
  void close() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
    store.close();
  }

  @Test
  void twoDispatchersSplitTheGroupsAndOneTakesOverWhenTheOtherLeaves() throws Exception {
    Dispatcher a = dispatcher("a");
    Dispatcher b = dispatcher("b");
    await().atMost(WAIT).until(() -> held(a) > 0 && held(b) > 0 && held(a) + held(b) == KEY_GROUPS);

    sendRound(a, 1);
    sendRound(b, 2);
    await().atMost(WAIT).until(() -> countsByKey(a).values().stream().allMatch(c -> c.size() == 2));
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
    started.add(worker);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Dispatcher dispatcher =
        new Dispatcher(
            DispatcherConfig.defaults(node).withKeyGroups(KEY_GROUPS),
            store,
            new Keyspace("test"),
            worker,
            registry);
    registries.put(dispatcher, registry);
    dispatcher.startClustered(
        new ClusterSettings(
            node,
            "127.0.0.1:0",
            KEY_GROUPS,
            Duration.ofSeconds(3),
            Duration.ofMillis(200),
            System::currentTimeMillis));
    started.add(dispatcher);
    return dispatcher;
  }

  private long processed(Dispatcher dispatcher) {
    return (long) registries.get(dispatcher).get("eventide.messages.processed").counter().count();
  }

  private static int held(Dispatcher dispatcher) {
    int held = 0;
    for (int kg = 0; kg < KEY_GROUPS; kg++) {
      held += dispatcher.parts().leases().holds(kg) ? 1 : 0;
    }
    return held;
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
