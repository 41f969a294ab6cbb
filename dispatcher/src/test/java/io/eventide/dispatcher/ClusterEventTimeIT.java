package io.eventide.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.KeyGroups;
import io.eventide.dispatcher.api.SourceSettings;
import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event time between functions across dispatchers: two clustered dispatchers share one store and
 * split the key groups. Events relayed by {@code t/forward} (in every key group) to one {@code
 * t/sum} must all arrive before its timer at 999 fires, however far the source's watermark has gone
 * meanwhile: the key groups' floors and the holds of messages in flight are read from the store,
 * whichever dispatcher holds the sender.
 */
class ClusterEventTimeIT {
  private static final int KEY_GROUPS = 16;
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
  void relayedEventsAllArriveBeforeTheDownstreamTimerFires() {
    Dispatcher a = dispatcher("a");
    Dispatcher b = dispatcher("b");
    cluster.awaitSplit(a, b);

    // The source's requests go through both dispatchers in turn, each stamping from the progress
    // the other stored.
    List<List<IngressMessage>> requests = requests();
    for (int i = 0; i < requests.size(); i++) {
      (i % 2 == 0 ? a : b).ingestAsync("s", requests.get(i)).join();
    }
    b.watermarkAsync("s", Long.MAX_VALUE).join();

    await().atMost(WAIT).until(() -> !egress(a, "sums").isEmpty());
    assertThat(egress(a, "sums")).containsExactly("999:100");
  }

  @Test
  void aKeyGroupsNextHolderContinuesFromTheFloorsTheLastOneStored() {
    Dispatcher a = dispatcher("a");
    Dispatcher b = dispatcher("b");
    cluster.awaitSplit(a, b);

    List<List<IngressMessage>> requests = requests();
    int half = requests.size() / 2;
    for (int i = 0; i < half; i++) {
      b.ingestAsync("s", requests.get(i)).join();
    }
    b.close(); // hands its groups over mid stream
    await().atMost(WAIT).until(() -> cluster.held(a) == KEY_GROUPS);
    for (int i = half; i < requests.size(); i++) {
      a.ingestAsync("s", requests.get(i)).join();
    }
    a.watermarkAsync("s", Long.MAX_VALUE).join();

    await().atMost(WAIT).until(() -> !egress(a, "sums").isEmpty());
    assertThat(egress(a, "sums")).containsExactly("999:100");
  }

  @Test
  void restEventsReachAFunctionFedByAnotherThoughOneDispatcherNeverReceivedAny() {
    Dispatcher a = dispatcher("a");
    Dispatcher b = dispatcher("b");
    cluster.awaitSplit(a, b);

    // Single sends through a, to keys a holds: b's clock of rest never sees an event and none of
    // its key groups holds one, yet they may relay rest's events later, and t/sum waits for every
    // key group's floor of rest.
    List<String> ofA = new ArrayList<>();
    for (int i = 0; ofA.size() < 8; i++) {
      if (a.parts().leases().holds(KeyGroups.of("t", "forward", "k" + i, KEY_GROUPS))) {
        ofA.add("k" + i);
      }
    }
    for (int t = 0; t < 2_000; t += 10) {
      a.sendAsync(forward(ofA.get(t / 10 % ofA.size()), t)).join();
    }
    a.sendAsync(forward(ofA.get(0), 5_000)).join(); // rest's watermark passes the timer

    await().atMost(WAIT).until(() -> !egress(a, "sums").isEmpty());
    assertThat(egress(a, "sums")).containsExactly("999:100");
  }

  /** 200 events over 64 keys of t/forward, event times 0 to 1990, in requests of 10. */
  private static List<List<IngressMessage>> requests() {
    Random random = new Random(7);
    List<List<IngressMessage>> requests = new ArrayList<>();
    for (int t = 0; t < 2_000; t += 10) {
      if (t % 100 == 0) {
        requests.add(new ArrayList<>());
      }
      requests.get(requests.size() - 1).add(forward("k" + random.nextInt(64), t));
    }
    return requests;
  }

  private static IngressMessage forward(String id, long eventTime) {
    return new IngressMessage(
        "t",
        "forward",
        id,
        "1".getBytes(StandardCharsets.UTF_8),
        "application/json",
        eventTime,
        null);
  }

  private Dispatcher dispatcher(String node) {
    TestWorker worker =
        new TestWorker()
            .register(
                "t/forward", (ctx, msg) -> ctx.send(Address.of("t", "sum", "all"), Types.LONG, 1L))
            // Counts what arrives before the watermark passes 999, as a window [0, 1000) would.
            .register("t/sum", new Sum(), COUNT);
    return cluster.add(node, worker, Map.of("s", new SourceSettings(0, 0, false)));
  }

  private static final class Sum implements StatefulFunction {
    @Override
    public void apply(Context ctx, Message msg) {
      if (msg.eventTime() < 1_000 && ctx.currentWatermark() < 999) {
        ctx.storage().set(COUNT, ctx.storage().get(COUNT).orElse(0L) + 1);
        ctx.registerEventTimeTimer(999);
      }
    }

    @Override
    public void onTimer(Context ctx, long timestamp) {
      ctx.egress("sums", Types.STRING, timestamp + ":" + ctx.storage().get(COUNT).orElse(0L));
    }
  }

  private static List<String> egress(Dispatcher via, String name) {
    return InProcessCluster.egress(via, name);
  }
}
