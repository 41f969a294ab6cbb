package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import io.eventide.testing.kafka.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka ingress of a real node process from a real KRaft broker: 200,000 keyed records over four
 * partitions into counters and one-second windows while the node is killed with SIGKILL three
 * times; every counter ends at its record count, every count was written once, and the window
 * firings are exactly the per-key, per-second counts. A cluster losing a dispatcher takes {@link
 * #CLUSTER_RECORDS} the same way.
 */
class KafkaIngressIT {
  static final int PARTITIONS = 4;
  static final int RECORDS = 200_000;

  /**
   * Records of the cluster test: its claim is one dispatcher's failover mid-stream (a SIGKILL at
   * two fifths), which 50,000 records over four partitions, a thousand per key, make as well as the
   * standalone test's 200,000 do; that test keeps the volume and the repeated kills.
   */
  static final int CLUSTER_RECORDS = 50_000;

  static final int KEYS = 50;
  static final Duration WAIT = Duration.ofMinutes(4);

  static KafkaBroker broker;

  @TempDir Path tmp;
  NodeProcess node;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  NodeProcess start(Path data) {
    node =
        TestNodes.start(
            data, "--kafka", "local=" + broker.bootstrapServers(), "--key-groups", "32");
    return node;
  }

  static EventideClient client(NodeProcess node) {
    return ClusterFixture.client(node);
  }

  static HttpAnswer subscribe(EventideClient client, String json) {
    return client.postJson("/v1/subscriptions", KafkaRecords.bytes(json));
  }

  @Test
  void killedThreeTimesAndEveryRecordTakesEffectOnce() {
    broker.createTopic("clicks", PARTITIONS);
    Path data = tmp.resolve("data");
    EventideClient client = client(start(data));
    assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
    assertThat(
            subscribe(
                    client,
                    "{\"name\":\"counts\",\"source\":\"kafka://local/clicks\","
                        + "\"target\":\"example/counter\"}")
                .status())
        .isEqualTo(201);
    assertThat(
            subscribe(
                    client,
                    "{\"name\":\"windows\",\"source\":\"kafka://local/clicks\","
                        + "\"target\":\"bench/window-count\",\"outOfOrderness\":\"0ms\"}")
                .status())
        .isEqualTo(201);
    broker.createTopic("counts-out", PARTITIONS);
    expect(
        client.postJson("/v1/egresses", KafkaRecords.bytes(kafkaEgress("counts-out"))), 201, null);
    KafkaRecords.produce(broker, "clicks", PARTITIONS, RECORDS, KEYS);
    Random random = new Random();
    for (int kill = 0; kill < 3; kill++) {
      long mark = (long) RECORDS * (kill + 1) / 5 + random.nextInt(RECORDS / 10);
      EventideClient current = client(node);
      await("taken " + mark).atMost(WAIT).until(() -> taken(current, "counts") >= mark);
      node.kill();
      client = client(start(data));
    }
    EventideClient last = client;
    long total = RECORDS + PARTITIONS;
    await("all taken").atMost(WAIT).until(() -> taken(last, "counts") >= total);
    await("all taken").atMost(WAIT).until(() -> taken(last, "windows") >= total);
    await("all counted").atMost(WAIT).until(() -> counted(last) >= RECORDS);
    assertCountedOnce(last, "counts-out", RECORDS);
    assertThat(last.get("/metrics").text())
        .contains("eventide_kafka_lag{partition=\"0\",subscription=\"counts\"}");
    Map<String, Long> expected = KafkaRecords.expectedWindows(PARTITIONS, RECORDS, KEYS);
    await("every window fired")
        .atMost(WAIT)
        .until(() -> Json.egress(last, "window-counts").size() >= expected.size());
    assertThat(windows(last)).isEqualTo(expected);
  }

  @Test
  void aClusterLosesADispatcherAndEveryRecordTakesEffectOnce() throws InterruptedException {
    broker.createTopic("cluster-clicks", PARTITIONS);
    try (RoleCluster cluster = new RoleCluster(tmp.resolve("cluster")).stateService()) {
      cluster.atOnce(
          () -> cluster.role("dispatcher", "dispatcher-1"),
          () -> cluster.role("dispatcher", "dispatcher-2"),
          () -> cluster.role("worker", "worker-1"));
      cluster.role("gateway", "gateway-1", "--kafka", "local=" + broker.bootstrapServers());
      EventideClient client = cluster.client("gateway-1");
      assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
      expect(
          subscribe(
              client,
              "{\"name\":\"counts\",\"source\":\"kafka://local/cluster-clicks\","
                  + "\"target\":\"example/counter\"}"),
          201,
          null);
      broker.createTopic("cluster-counts-out", PARTITIONS);
      expect(
          client.postJson("/v1/egresses", KafkaRecords.bytes(kafkaEgress("cluster-counts-out"))),
          201,
          null);
      KafkaRecords.produce(broker, "cluster-clicks", PARTITIONS, CLUSTER_RECORDS, KEYS);
      long mark = CLUSTER_RECORDS * 2L / 5;
      await("taken " + mark).atMost(WAIT).until(() -> taken(client, "counts") >= mark);
      cluster.kill("dispatcher-1");
      await("all taken")
          .atMost(WAIT)
          .until(() -> taken(client, "counts") >= CLUSTER_RECORDS + PARTITIONS);
      await("all counted").atMost(WAIT).until(() -> counted(client) >= CLUSTER_RECORDS);
      assertCountedOnce(client, "cluster-counts-out", CLUSTER_RECORDS);
    }
  }

  static String kafkaEgress(String topic) {
    return "{\"name\":\"counts\",\"kind\":\"kafka\",\"cluster\":\"local\",\"topic\":\""
        + topic
        + "\"}";
  }

  /**
   * Every counter at its record count ({@code records} over {@link #KEYS} keys), and its {@code
   * counts} egress delivered to {@code topic} exactly once for a read_committed reader: 1, 2, ...,
   * n in order, for every key.
   */
  static void assertCountedOnce(EventideClient client, String topic, int records) {
    for (int k = 0; k < KEYS; k++) {
      assertThat(Json.counter(client, "u" + k)).as("u" + k).isEqualTo(records / KEYS);
    }
    Map<String, List<Long>> counts = new TreeMap<>();
    await("every count delivered to " + topic)
        .atMost(WAIT)
        .until(
            () -> {
              counts.clear();
              for (var record : broker.readCommitted(topic)) {
                String text = new String(record.value(), java.nio.charset.StandardCharsets.UTF_8);
                int space = text.lastIndexOf(" count=");
                String key = text.substring("id=".length(), space);
                assertThat(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(key);
                counts
                    .computeIfAbsent(key, c -> new java.util.ArrayList<>())
                    .add(Long.parseLong(text.substring(space + " count=".length())));
              }
              return counts.values().stream().mapToInt(List::size).sum() >= records + PARTITIONS;
            });
    for (int k = 0; k < KEYS; k++) {
      List<Long> expected =
          java.util.stream.LongStream.rangeClosed(1, records / KEYS).boxed().toList();
      assertThat(counts.get("u" + k)).as("counts of u" + k).isEqualTo(expected);
    }
  }

  @Test
  void badConfigurationGetsAClearError() {
    broker.createTopic("orders", 2);
    EventideClient client = client(start(tmp.resolve("config")));
    assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
    String ok =
        "{\"name\":\"orders\",\"source\":\"kafka://local/orders\",\"target\":\"example/counter\"";
    expect(subscribe(client, ok + ",\"id\":\"/user\"}"), 201, null);
    expect(subscribe(client, ok + "}"), 409, "CONFLICT");
    String other = ok.replace("\"orders\",\"source", "\"other\",\"source");
    expect(subscribe(client, other.replace("local", "nowhere") + "}"), 404, "NOT_FOUND");
    expect(subscribe(client, other.replace("/orders", "/missing") + "}"), 404, "NOT_FOUND");
    expect(subscribe(client, other + ",\"id\":\"user\"}"), 400, "INVALID");
    expect(subscribe(client, other + ",\"eventTime\":\"ts\"}"), 400, "INVALID");
    expect(subscribe(client, other + ",\"outOfOrderness\":\"2 seconds\"}"), 400, "INVALID");
    expect(subscribe(client, other + ",\"startFrom\":\"middle\"}"), 400, "INVALID");
    expect(subscribe(client, other + ",\"colour\":\"red\"}"), 400, "INVALID");
    expect(subscribe(client, other.replace("example/counter", "example/nobody") + "}"), 404, null);
    expect(subscribe(client, "not json"), 400, "INVALID");
    expect(subscribe(client, other.replace("\"other\"", "\"Bad Name\"") + "}"), 400, "INVALID");
    // A name of 64 characters is the longest taken.
    String longest = "n" + "x".repeat(63);
    expect(subscribe(client, other.replace("\"other\"", "\"" + longest + "\"") + "}"), 201, null);
    expect(
        subscribe(client, other.replace("\"other\"", "\"" + longest + "x\"") + "}"),
        400,
        "INVALID");
    expect(
        client.put(
            "/v1/kafka-clusters/down",
            KafkaRecords.bytes("{\"bootstrapServers\":\"127.0.0.1:1\"}")),
        400,
        "UNREACHABLE");
    expect(
        client.put(
            "/v1/kafka-clusters/bad", KafkaRecords.bytes("{\"bootstrapServers\":\"nohost\"}")),
        400,
        "INVALID");
    expect(
        client.put(
            "/v1/kafka-clusters/again",
            KafkaRecords.bytes("{\"bootstrapServers\":\"" + broker.bootstrapServers() + "\"}")),
        201,
        null);
    expect(
        client.postJson(
            "/v1/egresses",
            KafkaRecords.bytes(
                "{\"name\":\"out\",\"kind\":\"kafka\",\"cluster\":\"local\",\"topic\":\"nope\"}")),
        400,
        null);
    expect(client.delete("/v1/kafka-clusters/local"), 409, "CONFLICT");
    expect(client.delete("/v1/kafka-clusters/again"), 200, null);
    expect(client.delete("/v1/kafka-clusters/again"), 404, "NOT_FOUND");
    JsonNode view = Json.parse(client.get("/v1/subscriptions/orders").requireOk("view"));
    assertThat(view.path("partitions")).hasSize(2);
    assertThat(view.path("source").asText()).isEqualTo("kafka://local/orders");
    assertThat(Json.parse(client.get("/v1/subscriptions").requireOk("list")).path("subscriptions"))
        .hasSize(2);
    assertThat(client.get("/v1/cluster").text()).contains("\"subscriptions\"");
    expect(client.delete("/v1/subscriptions/orders"), 200, null);
    expect(client.get("/v1/subscriptions/orders"), 404, "NOT_FOUND");
    expect(client.delete("/v1/subscriptions/orders"), 404, "NOT_FOUND");
    // Every change asked for above is in the audit log, with how it ended.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(audited(client))
                    .anyMatch(entry -> entry.startsWith("egress.create out 400 "))
                    .contains(
                        "subscription.create orders 201 ok",
                        "subscription.create orders 409 CONFLICT",
                        "subscription.create other 404 NOT_FOUND",
                        "kafka-cluster.put down 400 UNREACHABLE",
                        "kafka-cluster.put again 201 ok",
                        "kafka-cluster.delete local 409 CONFLICT",
                        "kafka-cluster.delete again 200 ok",
                        "subscription.delete orders 200 ok",
                        "subscription.delete orders 404 NOT_FOUND"));
  }

  /** The audit log's entries as "action target status outcome". */
  static List<String> audited(EventideClient client) {
    List<String> entries = new java.util.ArrayList<>();
    Json.parse(client.get("/v1/audit?limit=1000").requireOk("audit"))
        .path("entries")
        .forEach(
            e ->
                entries.add(
                    String.join(
                        " ",
                        e.path("action").asText(),
                        e.path("target").asText(),
                        e.path("status").asText(),
                        e.path("outcome").asText())));
    return entries;
  }

  static void expect(HttpAnswer answer, int status, String code) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    if (code != null) {
      assertThat(Json.parse(answer).path("error").path("code").asText()).isEqualTo(code);
    }
  }

  static long counted(EventideClient client) {
    long total = 0;
    for (int k = 0; k < KEYS; k++) {
      total += Json.counter(client, "u" + k);
    }
    return total;
  }

  /** The records a subscription has taken, summed over its partitions. */
  static long taken(EventideClient client, String subscription) {
    try {
      JsonNode view =
          Json.parse(client.get("/v1/subscriptions/" + subscription).requireOk(subscription));
      long taken = 0;
      for (JsonNode p : view.path("partitions")) {
        taken += Math.max(0, p.path("offset").asLong());
      }
      return taken;
    } catch (RuntimeException e) {
      return -1; // the node is restarting
    }
  }

  static Map<String, Long> windows(EventideClient client) {
    Map<String, Long> fired = new TreeMap<>();
    Map<String, List<Long>> times = new HashMap<>();
    for (String record : Json.egress(client, "window-counts")) {
      JsonNode r = Json.parse(new HttpAnswer(200, "application/json", KafkaRecords.bytes(record)));
      String window = r.path("key").asText() + "@" + r.path("start").asLong();
      if (!r.path("key").asText().equals("end")) {
        fired.put(window, r.path("count").asLong());
        times
            .computeIfAbsent(window, w -> new java.util.ArrayList<>())
            .add(r.path("count").asLong());
      }
    }
    Map<String, List<Long>> twice = new TreeMap<>();
    times.forEach(
        (window, counts) -> {
          if (counts.size() > 1) {
            twice.put(window, counts);
          }
        });
    assertThat(twice).as("windows fired more than once (of %s)", times.size()).isEmpty();
    return fired;
  }
}
