package io.eventide.dispatcher.internal.egress;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The client configurations of one Kafka sink: defaults that keep every wait bounded, then the
 * cluster's own properties, then what exactly once rests on, which nothing overrides.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable.
 */
record KafkaSinkConfigs(
    String egress,
    String bootstrapServers,
    Map<String, String> properties,
    String transactionalId,
    Duration scanDeadline) {

  Map<String, Object> producer() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "eventide-egress-" + egress);
    // A delivery's records fill batches while it sends them; a flush then sends the rest at once.
    config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    // A delivery to an unreachable broker fails within about 50 s (acks, abort, close), so that
    // the deliverer retries with backoff and notices a lost lease in between.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
    config.putAll(properties);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    return config;
  }

  /**
   * How long a delivery waits for its records' acknowledgements: the delivery timeout, and some.
   */
  Duration sendDeadline() {
    Object timeout = producer().get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
    return Duration.ofMillis(Long.parseLong(timeout.toString())).plusSeconds(5);
  }

  Map<String, Object> consumer() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "eventide-egress-scan-" + egress);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) scanDeadline.toMillis());
    config.putAll(properties);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A recorded position that retention deleted (or a recreated topic) reads from the start.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return config;
  }

  Map<String, Object> admin() {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "eventide-egress-admin-" + egress);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) scanDeadline.toMillis());
    config.putAll(properties);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }
}
