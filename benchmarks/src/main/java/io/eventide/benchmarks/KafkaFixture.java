package io.eventide.benchmarks;

import io.eventide.testing.kafka.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Kafka side of {@code benchmarks/kafka.sh}: a real KRaft broker on 127.0.0.1 (the tests'
 * {@link KafkaBroker}, a child JVM), two topics filled with the seeded stream of {@link
 * StreamOptions}, then nothing until SIGTERM, which stops the broker and deletes its data.
 *
 * <ul>
 *   <li>{@code --counter-topic}: the N records, key {@code k<n>}, value {@code 1}, timestamp the
 *       event time, partitioned by key;
 *   <li>{@code --window-topic}: the same N records, then one record keyed {@value
 *       StreamOptions#END_KEY} per partition, timestamped after the last window: a subscription's
 *       watermark is the minimum over its partitions, and this is how an unbounded Kafka input
 *       tells Eventide that every window of the stream may fire (Flink's bounded source drops
 *       them).
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/kafka-fixture.jar io.eventide.benchmarks.KafkaFixture --events 20000
 * kafka-fixture: broker 127.0.0.1:41231 pid 12345, ...
 * kafka-fixture: ready
 * </pre>
 */
@Command(
    name = "kafka-fixture",
    mixinStandardHelpOptions = true,
    description = "Start a Kafka broker on 127.0.0.1, fill the benchmark topics, wait for SIGTERM.")
public final class KafkaFixture implements Callable<Integer> {

  @Mixin StreamOptions stream;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "partitions of each topic (default ${DEFAULT-VALUE})")
  int partitions;

  @Option(
      names = "--counter-topic",
      defaultValue = "keyed",
      description = "topic of the counters (default ${DEFAULT-VALUE})")
  String counterTopic;

  @Option(
      names = "--window-topic",
      defaultValue = "windowed",
      description = "topic of the windows, with end-of-input records (default ${DEFAULT-VALUE})")
  String windowTopic;

  @Option(
      names = "--window-ms",
      defaultValue = "1000",
      description = "tumbling window size the end records close (default ${DEFAULT-VALUE})")
  long windowMillis;

  @Option(
      names = "--out-of-orderness-ms",
      defaultValue = "100",
      description = "the consumers' out-of-orderness (default ${DEFAULT-VALUE})")
  long outOfOrdernessMillis;

  @Override
  public Integer call() throws Exception {
    KafkaBroker broker = KafkaBroker.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                },
                "kafka-fixture-stop"));
    System.out.printf(
        "kafka-fixture: broker %s pid %d, log %s%n",
        broker.bootstrapServers(), broker.pid(), broker.logFile());
    broker.createTopic(counterTopic, partitions);
    broker.createTopic(windowTopic, partitions);
    long start = System.nanoTime();
    long endTime = stream.endOfInputTime(windowMillis, outOfOrdernessMillis);
    try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
      Filling fill = new Filling(producer);
      stream.stream()
          .forEach(
              (index, key, eventTime) -> {
                byte[] id = ("k" + key).getBytes(StandardCharsets.UTF_8);
                fill.send(new ProducerRecord<>(counterTopic, null, eventTime, id, ONE));
                fill.send(new ProducerRecord<>(windowTopic, null, eventTime, id, ONE));
              });
      for (int p = 0; p < partitions; p++) {
        fill.send(
            new ProducerRecord<>(
                windowTopic,
                p,
                endTime,
                StreamOptions.END_KEY.getBytes(StandardCharsets.UTF_8),
                ONE));
      }
      producer.flush();
      fill.check();
    }
    long nanos = System.nanoTime() - start;
    System.out.printf(
        "kafka-fixture: topics %s (%d records) and %s (%d records + %d end-of-input at %d),"
            + " %d partitions each, filled in %s (%s records/s), expected firings %d%n",
        counterTopic,
        stream.events,
        windowTopic,
        stream.events,
        partitions,
        endTime,
        partitions,
        Fmt.seconds(nanos),
        Fmt.rate(Fmt.perSecond(2 * stream.events + partitions, nanos)),
        stream.stream().expectedFirings(windowMillis));
    System.out.println("kafka-fixture: ready");
    System.out.flush();
    stopped.await();
    return 0;
  }

  private static final byte[] ONE = "1".getBytes(StandardCharsets.UTF_8);

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends without waiting, keeping the first failure; {@link #check} throws it. */
  private static final class Filling {
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong failed = new AtomicLong();

    Filling(KafkaProducer<byte[], byte[]> producer) {
      this.producer = producer;
    }

    void send(ProducerRecord<byte[], byte[]> record) {
      producer.send(
          record,
          (metadata, e) -> {
            if (e != null) {
              failed.incrementAndGet();
              failure.compareAndSet(null, e);
            }
          });
    }

    void check() throws IOException {
      if (failure.get() != null) {
        throw new IOException(failed.get() + " records failed", failure.get());
      }
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new KafkaFixture()).execute(args));
  }
}
