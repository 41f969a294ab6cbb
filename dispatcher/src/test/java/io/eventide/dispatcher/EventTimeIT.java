package io.eventide.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.EgressRecord;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.KeyGroups;
import io.eventide.dispatcher.api.SourceSettings;
import io.eventide.sdk.Address;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event time on the real store: in-band source watermarks, timers fired across key groups,
 * idleness, the hold-back of messages between functions, and timers surviving a restart.
 */
class EventTimeIT {
  private static final int KEY_GROUPS = 16;
  private static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);

  @TempDir Path dir;
  final AtomicBoolean failNextA = new AtomicBoolean();
  Store store;
  Dispatcher dispatcher;
  TestWorker invoker;

  @BeforeEach
  void start() {
    invoker =
        new TestWorker()
            // Registers a timer 10 ms after each message; on firing writes "id@timer/watermark".
            .register(
                "t/timer",
                new io.eventide.sdk.StatefulFunction() {
                  @Override
                  public void apply(io.eventide.sdk.Context ctx, io.eventide.sdk.Message msg) {
                    ctx.registerEventTimeTimer(msg.eventTime() + 10);
                  }

                  @Override
                  public void onTimer(io.eventide.sdk.Context ctx, long timestamp) {
                    ctx.egress(
                        "fired",
                        Types.STRING,
                        ctx.self().id() + "@" + timestamp + "/" + ctx.currentWatermark());
                  }
                })
            // Asks for a processing-time timer 300 ms from now; on firing writes "id@time".
            .register(
                "t/alarm",
                new io.eventide.sdk.StatefulFunction() {
                  @Override
                  public void apply(io.eventide.sdk.Context ctx, io.eventide.sdk.Message msg) {
                    ctx.registerProcessingTimeTimer(ctx.currentProcessingTime() + 300);
                  }

                  @Override
                  public void onProcessingTimer(io.eventide.sdk.Context ctx, long timestamp) {
                    ctx.egress("alarms", Types.STRING, ctx.self().id() + "@" + timestamp);
                  }
                })
            // Writes the watermark each message is judged against, and registers a timer after it.
            .register(
                "t/probe",
                new io.eventide.sdk.StatefulFunction() {
                  @Override
                  public void apply(io.eventide.sdk.Context ctx, io.eventide.sdk.Message msg) {
                    ctx.egress(
                        "probes",
                        Types.STRING,
                        "seen " + msg.eventTime() + "/" + ctx.currentWatermark());
                    ctx.registerEventTimeTimer(msg.eventTime() + 10);
                  }

                  @Override
                  public void onTimer(io.eventide.sdk.Context ctx, long timestamp) {
                    ctx.egress("probes", Types.STRING, "fired " + timestamp);
                  }
                })
            // As t/probe, but the first message for "a" fails once.
            .register(
                "t/flaky",
                new io.eventide.sdk.StatefulFunction() {
                  @Override
                  public void apply(io.eventide.sdk.Context ctx, io.eventide.sdk.Message msg) {
                    if (ctx.self().id().equals("a") && failNextA.compareAndSet(true, false)) {
                      throw new IllegalStateException("fails once");
                    }
                    ctx.egress(
                        "flaky",
                        Types.STRING,
                        ctx.self().id()
                            + " seen "
                            + msg.eventTime()
                            + "/"
                            + ctx.currentWatermark());
                    ctx.registerEventTimeTimer(msg.eventTime() + 10);
                  }

                  @Override
                  public void onTimer(io.eventide.sdk.Context ctx, long timestamp) {
                    ctx.egress(
                        "flaky",
                        Types.STRING,
                        ctx.self().id() + " fired " + timestamp + "/" + ctx.currentWatermark());
                  }
                })
            .register(
                "t/forward", (ctx, msg) -> ctx.send(Address.of("t", "sum", "all"), Types.LONG, 1L))
            // Counts what arrives before the watermark passes 999, as a window [0, 1000) would.
            .register(
                "t/sum",
                new io.eventide.sdk.StatefulFunction() {
                  @Override
                  public void apply(io.eventide.sdk.Context ctx, io.eventide.sdk.Message msg) {
                    if (msg.eventTime() < 1_000 && ctx.currentWatermark() < 999) {
                      ctx.storage().set(COUNT, ctx.storage().get(COUNT).orElse(0L) + 1);
                      ctx.registerEventTimeTimer(999);
                    }
                  }

                  @Override
                  public void onTimer(io.eventide.sdk.Context ctx, long timestamp) {
                    ctx.egress(
                        "sums",
                        Types.STRING,
                        timestamp + ":" + ctx.storage().get(COUNT).orElse(0L));
                  }
                },
                COUNT);
    open(Map.of("idle", new SourceSettings(0, 300, false)));
  }

  void open(Map<String, SourceSettings> sources) {
    open(Stores.rocksdb(dir), sources);
  }

  void open(Store opened, Map<String, SourceSettings> sources) {
    store = opened;
    DispatcherConfig config = DispatcherConfig.defaults("test").withKeyGroups(KEY_GROUPS);
    dispatcher =
        new Dispatcher(config, store, new Keyspace("test"), invoker, new SimpleMeterRegistry());
    dispatcher.configureSources(sources);
    dispatcher.start();
  }

  @AfterEach
  void stopAll() {
    stop();
    invoker.close();
  }

  void stop() {
    dispatcher.close();
    store.close();
  }

  static IngressMessage event(String type, String id, long eventTime) {
    return new IngressMessage(
        "t", type, id, "1".getBytes(StandardCharsets.UTF_8), "application/json", eventTime, null);
  }

  List<String> egress(String name) {
    List<String> out = new ArrayList<>();
    for (EgressRecord r : dispatcher.egress(name, 0, 10_000).records()) {
      out.add(new String(r.payload(), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Two ids of {@code type} in different key groups. */
  static String[] inDifferentKeyGroups(String type) {
    String a = "a";
    for (int i = 0; ; i++) {
      String b = "b" + i;
      if (KeyGroups.of("t", type, a, KEY_GROUPS) != KeyGroups.of("t", type, b, KEY_GROUPS)) {
        return new String[] {a, b};
      }
    }
  }

  @Test
  void anEventForOneKeyMovesTheWatermarkThatFiresAnotherKeysTimer() {
    String[] ids = inDifferentKeyGroups("timer");
    dispatcher.ingestAsync("s", List.of(event("timer", ids[0], 100))).join();
    // The source's watermark is 99: the timer at 110 must not fire, however long we look.
    await()
        .during(Duration.ofMillis(400))
        .atMost(Duration.ofSeconds(2))
        .until(() -> egress("fired").isEmpty());

    dispatcher.ingestAsync("s", List.of(event("timer", ids[1], 200))).join();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> egress("fired").contains(ids[0] + "@110/199"));
    assertThat(egress("fired")).containsExactly(ids[0] + "@110/199");
  }

  @Test
  void anEventIsJudgedAgainstTheWatermarkBeforeItInItsSourcesOrder() {
    // One request: the timer of the first event fires before the third event's key sees it, at
    // exactly the watermark the second event left, whatever the batching.
    String[] ids = inDifferentKeyGroups("timer");
    dispatcher
        .ingestAsync(
            "s",
            List.of(
                event("timer", ids[0], 100),
                event("timer", ids[1], 150),
                event("timer", ids[0], 300)))
        .join();
    dispatcher.watermarkAsync("s", Long.MAX_VALUE).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> egress("fired").size() == 3);
    assertThat(egress("fired"))
        .containsExactlyInAnyOrder(
            ids[0] + "@110/149",
            ids[1] + "@160/" + Long.MAX_VALUE,
            ids[0] + "@310/" + Long.MAX_VALUE);
  }

  @Test
  void anIdleSourceStopsHoldingBackTheWatermark() {
    // "idle" (300 ms timeout) reaches t/timer with a low watermark; "busy" is far ahead.
    dispatcher.ingestAsync("idle", List.of(event("timer", "x", 10))).join();
    long quietSince = System.currentTimeMillis();
    dispatcher
        .ingestAsync("busy", List.of(event("timer", "y", 100), event("timer", "z", 1_000)))
        .join();
    await().atMost(Duration.ofSeconds(10)).until(() -> egress("fired").contains("y@110/999"));
    assertThat(System.currentTimeMillis() - quietSince).isGreaterThanOrEqualTo(300);
    // x's own timer (20) fires too: idleness excludes "idle", and "busy" is at 999.
    assertThat(egress("fired")).contains("x@20/999");
  }

  @Test
  void onceEverySourceIsIdleTheFurthestCounts() {
    // As Flink's StatusWatermarkValve: two sources go quiet together; the furthest (4,999) then
    // fires p's timer (110), and nothing reaches q's (5,010).
    stop();
    SourceSettings quiet = new SourceSettings(0, 300, false);
    open(Map.of("quiet-a", quiet, "quiet-b", quiet));
    dispatcher.ingestAsync("quiet-a", List.of(event("timer", "p", 100))).join();
    dispatcher.ingestAsync("quiet-b", List.of(event("timer", "q", 5_000))).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> egress("fired").contains("p@110/4999"));
    assertThat(egress("fired")).noneMatch(fired -> fired.startsWith("q@"));
  }

  @Test
  void messagesBetweenFunctionsHoldTheWatermarkBackDownstream() {
    // 200 events over many keys of t/forward, each relayed to one t/sum; t/sum's timer at 999
    // must see every relayed event before 1000, although the source's watermark passes 999
    // long before all relays are handled.
    Random random = new Random(7);
    List<IngressMessage> events = new ArrayList<>();
    for (int t = 0; t < 2_000; t += 10) {
      events.add(event("forward", "k" + random.nextInt(64), t));
    }
    dispatcher.ingestAsync("s", events).join();
    dispatcher.watermarkAsync("s", Long.MAX_VALUE).join();
    await().atMost(Duration.ofSeconds(20)).until(() -> !egress("sums").isEmpty());
    assertThat(egress("sums")).containsExactly("999:100");
  }

  @Test
  void aSourceJoiningBehindFindsItsEventsLateWhereTimersAlreadyFired() {
    // "a" reaches its end of input: x's timer fires at the end of time. "b" then sends an event
    // for x far behind: x's key group never goes back, so it is judged late, as in Flink.
    dispatcher.ingestAsync("a", List.of(event("probe", "x", 100))).join();
    dispatcher.watermarkAsync("a", Long.MAX_VALUE).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> egress("probes").contains("fired 110"));
    dispatcher.ingestAsync("b", List.of(event("probe", "x", 100))).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> egress("probes").size() >= 3);
    assertThat(egress("probes"))
        .startsWith("seen 100/-9223372036854775808", "fired 110")
        .contains("seen 100/" + Long.MAX_VALUE);
  }

  @Test
  void aMessageGivenBackKeepsTheWatermarkItWasFirstJudgedAgainst() {
    // "d" has a timer at 60. "a"'s message (stamp 49) fails once while its batch's commit is
    // still unacknowledged; meanwhile a round fires d's timer at the watermark c's events left
    // (4999). Taken again, a must still be judged at 49, as it would be in Flink, not at 4999.
    stop();
    HeldCommitsStore held = new HeldCommitsStore(Stores.rocksdb(dir));
    open(held, Map.of());
    String[] ids = inOneKeyGroup("flaky", "a", 3);
    String a = ids[0];
    String c = ids[1];
    String d = ids[2];
    dispatcher.ingestAsync("s", List.of(event("flaky", d, 50))).join();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> egress("flaky").contains(d + " seen 50/" + Long.MIN_VALUE));

    held.hold();
    failNextA.set(true);
    dispatcher
        .ingestAsync(
            "s", List.of(event("flaky", a, 100), event("flaky", c, 5000), event("flaky", c, 6000)))
        .join();
    // The batch with a's failure is in flight, unacknowledged, and d's timer has fired at the
    // watermark c's events left: applied, so its egress is readable, in that batch or a later one
    // (which one depends on how the shard cut the batches, so counting held commits would not do).
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> held.held.get() >= 1 && egress("flaky").contains(d + " fired 60/4999"));
    assertThat(egress("flaky")).noneMatch(r -> r.startsWith(a + " seen"));
    held.release();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> egress("flaky").stream().anyMatch(r -> r.startsWith(a + " seen")));
    assertThat(egress("flaky")).contains(d + " fired 60/4999", a + " seen 100/49");
  }

  /** {@code count} ids of {@code type} in one key group, the first being {@code first}. */
  static String[] inOneKeyGroup(String type, String first, int count) {
    int group = KeyGroups.of("t", type, first, KEY_GROUPS);
    List<String> ids = new ArrayList<>(List.of(first));
    for (int i = 0; ids.size() < count; i++) {
      if (KeyGroups.of("t", type, "k" + i, KEY_GROUPS) == group) {
        ids.add("k" + i);
      }
    }
    return ids.toArray(String[]::new);
  }

  @Test
  void aTimerThatEveryMessageOfABatchRegistersIsStoredOnceAndFiresOnce() {
    List<IngressMessage> events = new ArrayList<>();
    for (int t = 0; t < 50; t++) {
      events.add(event("sum", "all", t));
    }
    dispatcher.ingestAsync("s", events).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> count("sum", "all") == 50);

    Keyspace keyspace = new Keyspace("test");
    try (Transaction view = store.begin()) {
      int group = KeyGroups.of("t", "sum", "all", KEY_GROUPS);
      assertThat(view.snapshot().getPrefix(keyspace.timers(group), 0)).hasSize(1);
    }
    dispatcher.watermarkAsync("s", 2_000).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> egress("sums").contains("999:50"));
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> egress("sums").size() == 1);
  }

  long count(String type, String id) {
    byte[] value = dispatcher.state("t", type, id).get("count");
    return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.UTF_8));
  }

  @Test
  void timersSurviveARestartAndFireOnce() {
    dispatcher.ingestAsync("s", List.of(event("timer", "r", 500))).join();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> dispatcher.cluster().toString().contains("sequence=1"));
    stop();
    open(Map.of());
    dispatcher.watermarkAsync("s", 600).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> egress("fired").contains("r@510/600"));
    dispatcher.watermarkAsync("s", 700).join();
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> egress("fired").size() == 1);
  }

  @Test
  void processingTimeTimersFireByTheClockOnceAcrossARestart() {
    long sent = System.currentTimeMillis();
    dispatcher
        .sendAsync(
            new IngressMessage(
                "t",
                "alarm",
                "now",
                new byte[0],
                "text/plain",
                IngressMessage.INGESTION_TIME,
                null))
        .join();
    await().atMost(Duration.ofSeconds(10)).until(() -> egress("alarms").size() == 1);
    long due = Long.parseLong(egress("alarms").get(0).substring("now@".length()));
    assertThat(due).isGreaterThanOrEqualTo(sent + 300);
    assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(due);

    dispatcher
        .sendAsync(
            new IngressMessage(
                "t",
                "alarm",
                "later",
                new byte[0],
                "text/plain",
                IngressMessage.INGESTION_TIME,
                null))
        .join();
    stop();
    open(Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> egress("alarms").size() == 2);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> egress("alarms").size() == 2);
  }

  @Test
  void theClusterViewShowsSourcesAndKeyGroupWatermarks() {
    dispatcher.ingestAsync("s", List.of(event("timer", "v", 1_000))).join();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> dispatcher.cluster().get("keyGroupWatermarks").toString().contains("s=999"));
    assertThat(dispatcher.cluster().get("sources").toString()).contains("name=s", "watermark=999");
  }
}
