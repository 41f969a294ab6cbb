package io.eventide.benchmarks;

import io.eventide.benchmarks.http.HttpPool;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Kafka ingress into counters: subscribes the counting function to a topic filled beforehand with
 * the stream of {@link StreamOptions} ({@code KafkaFixture}), and times the subscription from its
 * creation until the node's processed-messages counter has grown by every record, which covers
 * taking them (each take commits the records with the offset past them) and handling them. Then,
 * off the clock, the subscription's offsets must add up to the records and every key's count to its
 * records times the passes ({@code --passes-before} + 1).
 */
@Command(
    name = "kafka-count",
    mixinStandardHelpOptions = true,
    description =
        "Subscribe counters to a filled Kafka topic, time until every record is processed.")
final class KafkaCountCommand implements Callable<Integer> {

  @Mixin NodeOptions node;

  @Mixin StreamOptions stream;

  @Option(
      names = "--cluster",
      defaultValue = "local",
      description = "the node's name of the Kafka cluster (default ${DEFAULT-VALUE})")
  String cluster;

  @Option(
      names = "--topic",
      defaultValue = "keyed",
      description = "the topic (default ${DEFAULT-VALUE})")
  String topic;

  @Option(
      names = "--name",
      defaultValue = "bench-count",
      description = "the subscription's name (default ${DEFAULT-VALUE})")
  String name;

  @Option(
      names = "--passes-before",
      defaultValue = "0",
      description =
          "times the node already counted the stream into these keys (default ${DEFAULT-VALUE})")
  int passesBefore;

  @Option(names = "--delete", description = "delete the subscription at the end (a warm-up)")
  boolean delete;

  @Option(
      names = "--check-sample",
      paramLabel = "N",
      description = "check exactly-once on N keys drawn at random (default: every key)")
  Integer checkSample;

  @Override
  public Integer call() {
    Keys keys = new Keys(node.function, "", stream.keys);
    long[] perKey = stream.perKey();
    try (HttpPool pool = node.probePool(stream.keys)) {
      Probes probes = new Probes(pool);
      Subscriptions subscriptions = new Subscriptions(pool);
      OptionalLong baseline = probes.finishedMetric();
      if (baseline.isEmpty()) {
        System.out.println("kafka-count: the node has no " + Probes.PROCESSED_METRIC + " metric");
        return 2;
      }
      CpuMeter cpu = new CpuMeter();
      long start = System.nanoTime();
      subscriptions.create(name, cluster, topic, node.function, Map.of());
      long deadline = start + node.timeout().toNanos();
      long done =
          probes.awaitFinished(
              baseline.getAsLong(), stream.events, CompletionWaiter.POLL_NANOS, deadline);
      String cpuUse = cpu.summary();
      long taken = subscriptions.taken(name);
      String check = StreamCheck.check(probes, keys, perKey, passesBefore + 1, checkSample);
      if (delete) {
        subscriptions.delete(name);
      }
      boolean ok = done > 0 && taken == stream.events && StreamCheck.ok(check);
      System.out.printf(
          "kafka-count: %d records of %s into %s, %s, offsets %d of %d, %s: %s, %s%n",
          stream.events,
          topic,
          node.function,
          done > 0
              ? "processed end-to-end "
                  + Fmt.rate(Fmt.perSecond(stream.events, done - start))
                  + "/s ("
                  + Fmt.seconds(done - start)
                  + ")"
              : "NOT processed after " + Fmt.seconds(System.nanoTime() - start),
          taken,
          stream.events,
          check,
          ok ? "OK" : "FAILED",
          cpuUse);
      return ok ? 0 : 2;
    }
  }
}
