package io.eventide.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.EgressRecord;
import io.eventide.dispatcher.kafka.KafkaCluster;
import io.eventide.dispatcher.kafka.KafkaRegistry;
import io.eventide.dispatcher.kafka.Subscription;
import io.eventide.dispatcher.kafka.SubscriptionView;
import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.testing.kafka.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka ingress on the real embedded store and a real KRaft broker: each record taken exactly once
 * across restarts and back-pressure, per-partition watermarks, bad records dead-lettered with their
 * place.
 */
class KafkaIngressIT {
  static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);
  static final ObjectMapper JSON = new ObjectMapper();
  static KafkaBroker broker;
  static int topics;

  @TempDir Path dir;
  Store store;
  Dispatcher dispatcher;
  KafkaRegistry registry;
  TestWorker worker;
  long backlogLimit = 100_000;
  final Map<String, Long> handled = new ConcurrentHashMap<>();

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @BeforeEach
  void startWorker() {
    worker =
        new TestWorker()
            .register(
                "t/counter",
                (ctx, msg) -> {
                  long count = ctx.storage().get(COUNT).orElse(0L) + 1;
                  ctx.storage().set(COUNT, count);
                  handled.merge(ctx.self().id(), 1L, Long::sum);
                },
                COUNT)
            .register("t/alarm", alarm())
            .register("t/patient", alarm());
  }

  /** Sets a timer at 5,000 and writes {@code id@time} to {@code alarms-<type>} when it fires. */
  static StatefulFunction alarm() {
    return new StatefulFunction() {
      @Override
      public void apply(Context context, Message message) {
        context.registerEventTimeTimer(5_000);
      }

      @Override
      public void onTimer(Context context, long timestamp) {
        context.egress(
            "alarms-" + context.self().type().name(),
            Types.STRING,
            context.self().id() + "@" + timestamp);
      }
    };
  }

  void open() {
    store = Stores.rocksdb(dir);
    Keyspace keyspace = new Keyspace("test");
    DispatcherConfig config =
        DispatcherConfig.defaults("test").withKeyGroups(16).withBacklogLimit(backlogLimit);
    dispatcher = new Dispatcher(config, store, keyspace, worker, new SimpleMeterRegistry());
    dispatcher.start();
    registry = new KafkaRegistry(store, keyspace, Duration.ofSeconds(5));
  }

  void close() {
    dispatcher.close();
    store.close();
  }

  @AfterEach
  void stopAll() {
    close();
    worker.close();
  }

  static String topic(int partitions) {
    String name = "t" + (++topics);
    broker.createTopic(name, partitions);
    return name;
  }

  void subscribe(String topic, String id, String idFrom, String timeFrom, long outOfOrderness) {
    registry.putCluster(new KafkaCluster("local", broker.bootstrapServers(), Map.of()), true);
    registry.create(
        new Subscription(
            id,
            "local",
            topic,
            "t",
            "counter",
            idFrom,
            timeFrom,
            outOfOrderness,
            0,
            false,
            "application/json"));
  }

  static void produce(String topic, int partitions, int records, int keys, long firstTime) {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < records; i++) {
        String key = "k" + (i % keys);
        byte[] value =
            ("{\"user\":\"" + key + "\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
        producer.send(
            new ProducerRecord<>(
                topic, i % partitions, firstTime + i, key.getBytes(StandardCharsets.UTF_8), value));
      }
      producer.flush();
    }
  }

  static KafkaProducer<byte[], byte[]> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  long count(String id) {
    byte[] value = dispatcher.state("t", "counter", id).get("count");
    return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.UTF_8));
  }

  long total(int keys) {
    long total = 0;
    for (int k = 0; k < keys; k++) {
      total += count("k" + k);
    }
    return total;
  }

  @Test
  void everyRecordCountsOnceAcrossRestarts() {
    String topic = topic(4);
    open();
    subscribe(topic, "clicks", "key", "timestamp", 0);
    produce(topic, 4, 20_000, 50, 1_000);
    await().atMost(Duration.ofSeconds(60)).until(() -> total(50) > 2_000);
    close();
    open();
    await().atMost(Duration.ofSeconds(60)).until(() -> total(50) >= 20_000);
    produce(topic, 4, 4_000, 50, 100_000);
    await().atMost(Duration.ofSeconds(60)).until(() -> total(50) >= 24_000);
    for (int k = 0; k < 50; k++) {
      assertThat(count("k" + k)).as("k" + k).isEqualTo(480);
    }
    SubscriptionView view = registry.view(registry.subscription("clicks").orElseThrow());
    assertThat(view.partitions()).hasSize(4);
    for (SubscriptionView.Partition p : view.partitions()) {
      assertThat(p.offset()).isEqualTo(6_000);
      assertThat(p.lag()).isZero();
    }
    // Partition p's last record has timestamp 100_000 + 3_996 + p; out-of-orderness 0.
    assertThat(view.partitions().get(3).watermark()).isEqualTo(100_000 + 3_999 - 1);
    assertThat(view.watermark()).isEqualTo(100_000 + 3_996 - 1);
    // The subscription is an ingress source named after its id: its partitions together.
    var source = dispatcher.source("clicks").orElseThrow();
    assertThat(source.accepted()).isEqualTo(24_000);
    assertThat(source.watermark()).isEqualTo(view.watermark());
    assertThat(source.finished()).isFalse();
  }

  @Test
  void backPressurePausesWithoutLosingOrDoubling() {
    backlogLimit = 50;
    String topic = topic(2);
    open();
    subscribe(topic, "slow", "key", "timestamp", 0);
    produce(topic, 2, 6_000, 3, 0);
    await().atMost(Duration.ofSeconds(90)).until(() -> total(3) >= 6_000);
    assertThat(List.of(count("k0"), count("k1"), count("k2"))).containsOnly(2_000L);
  }

  @Test
  void badRecordsGoToDeadLettersAndTheirPartitionGoesOn() throws Exception {
    String topic = topic(1);
    open();
    subscribe(topic, "fields", "/user", "/at", 0);
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, 0, null, json("{\"user\":\"a\",\"at\":5}")));
      producer.send(new ProducerRecord<>(topic, 0, null, json("not json")));
      producer.send(new ProducerRecord<>(topic, 0, null, json("{\"at\":6}")));
      producer.send(new ProducerRecord<>(topic, 0, null, json("{\"user\":\"a\",\"at\":\"x\"}")));
      producer.send(new ProducerRecord<>(topic, 0, null, json("{\"user\":\"a\",\"at\":7}")));
      producer.flush();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> count("a") == 2);
    List<JsonNode> dead = new ArrayList<>();
    for (EgressRecord r : dispatcher.egress("dead-letters", 0, 100).records()) {
      dead.add(JSON.readTree(r.payload()));
    }
    assertThat(dead).hasSize(3);
    assertThat(dead).extracting(d -> d.path("offset").asLong()).containsExactly(1L, 2L, 3L);
    assertThat(dead).allSatisfy(d -> assertThat(d.path("partition").asInt()).isZero());
    assertThat(dead.get(0).path("error").path("message").asText()).contains("not JSON");
    assertThat(dead.get(1).path("error").path("message").asText()).contains("/user");
    assertThat(dead.get(2).path("error").path("message").asText()).contains("/at");
    SubscriptionView view = registry.view(registry.subscription("fields").orElseThrow());
    assertThat(view.partitions().get(0).offset()).isEqualTo(5);
    assertThat(view.watermark()).isEqualTo(6);
  }

  /**
   * A partition that has delivered nothing yet holds its subscription's watermark back, as in
   * Flink's Kafka source. It used to be left out until its first record (the topology learnt it
   * from that record), so the one-second windows of bench/window-count fired with one partition's
   * records, then fired again with the other's, each half a count.
   */
  @Test
  void aPartitionThatHasNotDeliveredYetHoldsTheWatermarkBack() {
    Map<Integer, Long> highestWatermark = new ConcurrentHashMap<>();
    Map<Integer, Long> late = new ConcurrentHashMap<>();
    worker.register(
        "t/window",
        (ctx, msg) -> {
          int partition = msg.as(Types.json(JsonNode.class)).path("p").asInt();
          highestWatermark.merge(partition, ctx.currentWatermark(), Math::max);
          if (msg.eventTime() <= ctx.currentWatermark()) {
            late.merge(partition, 1L, Long::sum);
          }
          handled.merge("window", 1L, Long::sum);
        });
    String topic = topic(2);
    open();
    registry.putCluster(new KafkaCluster("local", broker.bootstrapServers(), Map.of()), true);
    registry.create(
        new Subscription(
            "windows",
            "local",
            topic,
            "t",
            "window",
            "key",
            "timestamp",
            0,
            0,
            false,
            "application/json"));
    // Partition 0 runs a second ahead while partition 1 has delivered nothing.
    produceTo(topic, 0, 1_000);
    await().atMost(Duration.ofSeconds(30)).until(() -> handled.getOrDefault("window", 0L) == 1_000);
    assertThat(highestWatermark.get(0))
        .as("watermark seen by partition 0's records while partition 1 delivered nothing")
        .isLessThan(1_000);
    // Then partition 1 delivers the same second: none of it is late.
    produceTo(topic, 1, 1_000);
    await().atMost(Duration.ofSeconds(30)).until(() -> handled.getOrDefault("window", 0L) == 2_000);
    assertThat(late).as("records judged late, per partition").isEmpty();
  }

  /** {@code records} records of key {@code a} to {@code partition}, timestamps 1000, 1001, ... */
  static void produceTo(String topic, int partition, int records) {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < records; i++) {
        producer.send(
            new ProducerRecord<>(
                topic,
                partition,
                1_000L + i,
                json("a"),
                json("{\"p\":" + partition + ",\"n\":" + i + "}")));
      }
      producer.flush();
    }
  }

  @Test
  void aDeletedSubscriptionStopsConsuming() {
    String topic = topic(1);
    open();
    subscribe(topic, "gone", "key", "timestamp", 0);
    produce(topic, 1, 100, 1, 0);
    await().atMost(Duration.ofSeconds(30)).until(() -> count("k0") == 100);
    registry.delete("gone");
    assertThat(registry.subscription("gone")).isEmpty();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !String.valueOf(dispatcher.cluster().get("kafkaLag")).contains("gone"));
    produce(topic, 1, 100, 1, 0);
    // A fresh subscription of another id takes all 200; the deleted one takes no more.
    subscribe(topic, "again", "key", "timestamp", 0);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                registry
                        .view(registry.subscription("again").orElseThrow())
                        .partitions()
                        .get(0)
                        .offset()
                    == 200);
    await().atMost(Duration.ofSeconds(30)).until(() -> count("k0") >= 300);
    assertThat(count("k0")).isEqualTo(300);
  }

  @Test
  void anIdlePartitionStopsHoldingTheWatermarkBack() {
    String topic = topic(2);
    open();
    registry.putCluster(new KafkaCluster("local", broker.bootstrapServers(), Map.of()), true);
    for (String type : List.of("patient", "alarm")) {
      registry.create(
          new Subscription(
              type,
              "local",
              topic,
              "t",
              type,
              "key",
              "timestamp",
              0,
              type.equals("alarm") ? 300 : 0,
              false,
              "application/json"));
    }
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, 0, 1_000L, json("a"), json("1")));
      producer.send(new ProducerRecord<>(topic, 1, 1_000L, json("b"), json("1")));
      producer.send(new ProducerRecord<>(topic, 0, 10_000L, json("a"), json("1")));
      producer.flush();
    }
    // Partition 1 stays at 1,000: only where it may go idle does partition 0's 10,000 count.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(alarms("alarm"))
                    .as(
                        "alarm %s / patient %s / cluster %s",
                        registry.view(registry.subscription("alarm").orElseThrow()),
                        registry.view(registry.subscription("patient").orElseThrow()),
                        dispatcher.cluster())
                    .hasSize(2));
    assertThat(alarms("alarm")).containsExactlyInAnyOrder("a@5000", "b@5000");
    // Without an idle timeout, partition 1 holds the watermark at 999: no timer fires.
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> alarms("patient").isEmpty());
    assertThat(registry.view(registry.subscription("patient").orElseThrow()).watermark())
        .isEqualTo(999);
  }

  List<String> alarms(String type) {
    List<String> alarms = new ArrayList<>();
    for (EgressRecord r : dispatcher.egress("alarms-" + type, 0, 10).records()) {
      alarms.add(new String(r.payload(), StandardCharsets.UTF_8));
    }
    return alarms;
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
