package io.eventide.dispatcher.internal.egress;

import io.eventide.dispatcher.internal.egress.Sink.Position;
import io.eventide.testing.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records per second through one {@link KafkaSink} into a local broker, by batch size (one Kafka
 * transaction per batch). A figure for the closing note, not a test: run its main with the
 * dispatcher's test class path, e.g. {@code java -cp ... KafkaSinkThroughput 200000}.
 */
final class KafkaSinkThroughput {
  private KafkaSinkThroughput() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    try (KafkaBroker broker = KafkaBroker.start()) {
      for (int batch : new int[] {100, 1_000, 5_000}) {
        String topic = "throughput-" + batch;
        broker.createTopic(topic, 4);
        try (KafkaSink sink =
            new KafkaSink("bench", broker.bootstrapServers(), Map.of(), topic, "tx-" + topic)) {
          sink.resume(new Position(-1, null));
          deliver(sink, 0, Math.min(records, 5 * batch), batch); // warm-up
          long started = System.nanoTime();
          deliver(sink, 5L * batch, 5L * batch + records, batch);
          double seconds = (System.nanoTime() - started) / 1e9;
          System.out.printf(
              "batch %5d: %,d records in %.2f s = %,.0f records/s%n",
              batch, records, seconds, records / seconds);
        }
      }
    }
  }

  private static void deliver(KafkaSink sink, long from, long to, int batch) throws Exception {
    for (long start = from; start < to; start += batch) {
      List<OutboxRecord> records = new ArrayList<>(batch);
      for (long i = start; i < Math.min(to, start + batch); i++) {
        records.add(
            new OutboxRecord(
                i,
                "bench-" + i,
                null,
                "user-" + (i % 1_000),
                "application/json",
                ("{\"user\":\"user-" + (i % 1_000) + "\",\"count\":" + i + "}")
                    .getBytes(StandardCharsets.UTF_8),
                1_700_000_000_000L + i));
      }
      sink.deliver(records);
    }
  }
}
