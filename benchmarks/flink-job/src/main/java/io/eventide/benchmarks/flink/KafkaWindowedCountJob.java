package io.eventide.benchmarks.flink;

import java.util.concurrent.Callable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The windowed-counting benchmark on Flink, read from Kafka: a bounded {@link KafkaSource} (from
 * the earliest offsets to the latest at the job's start) over the topic {@code benchmarks/kafka.sh}
 * filled, with per-partition bounded-out-of-orderness watermarks on the records' timestamps, then
 * the same keyed tumbling windows, count and sink as {@link WindowedCountJob}, on the same
 * MiniCluster configuration (RocksDB, exactly-once checkpoints). Prints one JSON line ({@link
 * JobReport}); the clock covers the job alone, from submission to result.
 *
 * <pre>
 * java -cp benchmarks/flink-job/target/flink-windowed.jar io.eventide.benchmarks.flink.KafkaWindowedCountJob \
 *   --bootstrap 127.0.0.1:9092 --topic windowed --expected-events 1000000
 * </pre>
 *
 * Exit code 0 when the summed counts equal {@code --expected-events}, 2 otherwise.
 */
@Command(
    name = "flink-kafka-windowed",
    mixinStandardHelpOptions = true,
    description = "Windowed counting of a Kafka topic on a local Flink MiniCluster.")
public final class KafkaWindowedCountJob implements Callable<Integer> {

  @Option(names = "--bootstrap", required = true, description = "bootstrap.servers, on 127.0.0.1")
  String bootstrap;

  @Option(names = "--topic", required = true, description = "the topic to read")
  String topic;

  @Option(
      names = "--expected-events",
      required = true,
      description = "records the topic holds besides the end markers (the rate is over these)")
  long expectedEvents;

  @Option(
      names = "--skip-key",
      defaultValue = "end-of-input",
      description = "key of records to drop (default ${DEFAULT-VALUE})")
  String skipKey;

  @Mixin WindowJobOptions options = new WindowJobOptions();

  @Override
  public Integer call() throws Exception {
    JobReport report = run();
    System.out.println(report.toJson());
    return report.exact() ? 0 : 2;
  }

  JobReport run() throws Exception {
    if (!bootstrap.startsWith("127.0.0.1:")) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--bootstrap must be on 127.0.0.1: " + bootstrap);
    }
    return options.run("flink-kafka-windowed", this::build, null, expectedEvents);
  }

  /**
   * The dataflow: the source's readers (one per slot) take the partitions, each partition with its
   * own watermark generator (as Eventide gives each partition a source clock), then the same
   * windows as {@link WindowedCountPipeline}. Offsets are kept in Flink's checkpoints only.
   */
  private void build(StreamExecutionEnvironment env) {
    KafkaSource<Event> source =
        KafkaSource.<Event>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(topic)
            .setGroupId("eventide-bench-flink")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(OffsetsInitializer.latest())
            .setDeserializer(new KafkaEventDeserializer(skipKey))
            .setProperty("commit.offsets.on.checkpoint", "false")
            .setProperty("isolation.level", "read_committed")
            .build();
    env.fromSource(
            source,
            WatermarkStrategy.<Event>forBoundedOutOfOrderness(options.outOfOrderness())
                .withTimestampAssigner((event, previous) -> event.eventTime),
            "kafka")
        .keyBy(event -> event.key)
        .window(TumblingEventTimeWindows.of(options.window()))
        .allowedLateness(options.allowedLateness())
        .aggregate(new CountEvents(), new EmitWindow())
        .name("window-count")
        .addSink(new FiringTally())
        .name("tally");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new KafkaWindowedCountJob()).execute(args));
  }
}
