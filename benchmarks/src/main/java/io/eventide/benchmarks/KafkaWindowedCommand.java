package io.eventide.benchmarks;

import io.eventide.benchmarks.http.HttpPool;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Kafka ingress into event-time windows: subscribes {@code bench/window-count} to the windowed
 * topic ({@code KafkaFixture}: the stream, then an end-of-input record per partition) with the
 * given out-of-orderness, and follows the window results on the egress until their counts add up to
 * every record of the stream. The clock runs from the subscription's creation to the moment the
 * last result was seen; the firings must equal the distinct (key, window) pairs of the stream.
 */
@Command(
    name = "kafka-windowed",
    mixinStandardHelpOptions = true,
    description = "Subscribe bench/window-count to a filled Kafka topic, wait for every window.")
final class KafkaWindowedCommand implements Callable<Integer> {

  @Mixin NodeOptions node;

  @Mixin StreamOptions stream;

  @Option(
      names = "--cluster",
      defaultValue = "local",
      description = "the node's name of the Kafka cluster (default ${DEFAULT-VALUE})")
  String cluster;

  @Option(
      names = "--topic",
      defaultValue = "windowed",
      description = "the topic (default ${DEFAULT-VALUE})")
  String topic;

  @Option(
      names = "--name",
      defaultValue = "bench-windows",
      description = "the subscription's name (default ${DEFAULT-VALUE})")
  String name;

  @Option(
      names = "--egress",
      defaultValue = "window-counts",
      description = "egress of the window results (default ${DEFAULT-VALUE})")
  String egress;

  @Option(
      names = "--out-of-orderness-ms",
      defaultValue = "100",
      description = "the subscription's outOfOrderness, ms (default ${DEFAULT-VALUE})")
  long outOfOrdernessMillis;

  @Option(
      names = "--window-ms",
      defaultValue = "1000",
      description =
          "the function's tumbling window, ms, for the expected firings (default ${DEFAULT-VALUE})")
  long windowMillis;

  @Option(names = "--delete", description = "delete the subscription at the end (a warm-up)")
  boolean delete;

  @Override
  public Integer call() throws IOException {
    long expectedFirings = stream.stream().expectedFirings(windowMillis);
    try (HttpPool pool = node.probePool(16)) {
      Subscriptions subscriptions = new Subscriptions(pool);
      long baseline = EgressTail.end(pool, egress);
      CpuMeter cpu = new CpuMeter();
      long start = System.nanoTime();
      subscriptions.create(
          name,
          cluster,
          topic,
          node.function,
          Map.of("outOfOrderness", outOfOrdernessMillis + "ms"));
      EgressTail results = new EgressTail(pool, egress, baseline);
      long done = results.awaitCounted(stream.events, start + node.timeout().toNanos());
      String cpuUse = cpu.summary();
      long taken = subscriptions.taken(name);
      if (delete) {
        subscriptions.delete(name);
      }
      boolean exact =
          done > 0 && results.counted() == stream.events && results.firings() == expectedFirings;
      System.out.printf(
          "kafka-windowed: %d records of %s into %s, %s, %d firings (expected %d), counted %d of %d,"
              + " offsets %d: %s, %s%n",
          stream.events,
          topic,
          node.function,
          done > 0
              ? "windows complete end-to-end "
                  + Fmt.rate(Fmt.perSecond(stream.events, done - start))
                  + "/s ("
                  + Fmt.seconds(done - start)
                  + ")"
              : "windows NOT complete after " + Fmt.seconds(System.nanoTime() - start),
          results.firings(),
          expectedFirings,
          results.counted(),
          stream.events,
          taken,
          exact ? "OK" : "FAILED",
          cpuUse);
      return exact ? 0 : 2;
    }
  }
}
