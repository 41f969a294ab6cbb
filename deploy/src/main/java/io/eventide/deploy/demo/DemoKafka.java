package io.eventide.deploy.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The demo's Kafka step, when a broker answers: a topic of clicks, a subscription routing them to
 * {@code example/counter} by record key, and the counts. Without a broker it says how to get one
 * and passes: the rest of the demo needs none.
 */
final class DemoKafka {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int CLICKS = 30;

  private final NodeView node;
  private final DemoScenario story;

  DemoKafka(NodeView node, DemoScenario story) {
    this.node = node;
    this.story = story;
  }

  void run(String bootstrap, String suffix) {
    story.step("Kafka: a subscription from a topic to example/counter (kafka://demo/...)");
    if (!reachable(bootstrap)) {
      story.show(
          "no Kafka broker answers at "
              + bootstrap
              + "; skipped. Start one (any Kafka 3.x/4.x, e.g. `docker run -p 9092:9092"
              + " apache/kafka`) and run `eventide demo --kafka-broker "
              + bootstrap
              + "`; README \"Kafka in\" shows the commands.");
      return;
    }
    String topic = "demo-clicks" + suffix.replace("-", ".");
    createTopic(bootstrap, topic);
    NodeView.require(
        node.client()
            .put(
                "/v1/kafka-clusters/demo",
                ("{\"bootstrapServers\":\"" + bootstrap + "\"}").getBytes(StandardCharsets.UTF_8)),
        "PUT /v1/kafka-clusters/demo");
    String subscription = "demo-kafka" + suffix;
    NodeView.require(
        node.client()
            .postJson(
                "/v1/subscriptions",
                ("{\"name\":\""
                        + subscription
                        + "\",\"source\":\"kafka://demo/"
                        + topic
                        + "\",\"target\":\"example/counter\"}")
                    .getBytes(StandardCharsets.UTF_8)),
        "POST /v1/subscriptions");
    String[] users = {"kafka-ann" + suffix, "kafka-bo" + suffix, "kafka-cy" + suffix};
    produce(bootstrap, topic, users);
    story.show(CLICKS + " records with keys " + String.join(", ", users) + " and value 1");
    for (String user : users) {
      long count =
          Waits.until(
              user + "'s count to reach " + CLICKS / users.length,
              TIMEOUT,
              () -> {
                var c = node.count("example/counter/" + user);
                return c.isPresent() && c.getAsLong() >= CLICKS / users.length
                    ? Optional.of(c.getAsLong())
                    : Optional.empty();
              });
      story.show("example/counter/" + user + " = " + count);
      DemoScenario.check(count == CLICKS / users.length, user + " should count each record once");
    }
    story.show(
        "GET /v1/subscriptions/" + subscription + ": per partition offset, lag and watermark");
    NodeView.require(
        node.client().delete("/v1/subscriptions/" + subscription),
        "DELETE /v1/subscriptions/" + subscription);
  }

  private static boolean reachable(String bootstrap) {
    try (Admin admin = admin(bootstrap)) {
      admin.describeCluster().clusterId().get(2, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void createTopic(String bootstrap, String topic) {
    try (Admin admin = admin(bootstrap)) {
      admin
          .createTopics(List.of(new NewTopic(topic, 2, (short) 1)))
          .all()
          .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + topic + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void produce(String bootstrap, String topic, String[] users) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            10_000);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < CLICKS; i++) {
        producer.send(
            new ProducerRecord<>(
                topic,
                users[i % users.length].getBytes(StandardCharsets.UTF_8),
                "1".getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000));
  }
}
