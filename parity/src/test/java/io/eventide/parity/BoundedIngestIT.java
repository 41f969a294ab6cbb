package io.eventide.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.deploy.Launcher;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded input, as a batch job would run it: {@code eventide ingest FILE --source S
 * --end-of-input --wait} of a file of keyed, out-of-order events into a windowed function. The
 * command must return only once every firing is in the egress (read right after it returns, never
 * waited for), and the firings must be Flink's on the same events. {@code -Dbounded.events=N} sets
 * the size (the build runs 200,000; {@code benchmarks/bounded.sh} runs 2,000,000).
 */
class BoundedIngestIT {
  private static final int EVENTS = Integer.getInteger("bounded.events", 200_000);
  private static final int KEYS = 100;
  private static final ParityConfig CONFIG = ParityConfig.TUMBLING_SUM_LATENESS;
  private static final Lane LANE = Lane.ONE_REQUEST;
  private static final String SOURCE = "bounded-file";

  @Test
  void ingestWaitReturnsOnceEveryFiringIsInEgressAndTheyAreFlinks(@TempDir Path tmp)
      throws Exception {
    List<Event> events = stream(20261204L, EVENTS);
    Path file = tmp.resolve("events.ndjson");
    write(file, events);
    long flinkStart = System.nanoTime();
    Outcome expected = FlinkOracle.run(Map.of(CONFIG, events)).get(CONFIG);
    long flinkMillis = (System.nanoTime() - flinkStart) / 1_000_000;

    try (EventideNode node =
        EventideNode.start(
            tmp.resolve("node"),
            List.of(EventideNode.sourceSpec(SOURCE, CONFIG.outOfOrdernessMillis())))) {
      node.deploy(Path.of(System.getProperty("parity.jar")));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      long start = System.nanoTime();
      int exit =
          Launcher.commandLine()
              .setOut(new PrintWriter(out))
              .setErr(new PrintWriter(err))
              .execute(
                  "ingest",
                  file.toString(),
                  "--source",
                  SOURCE,
                  "--end-of-input",
                  "--wait",
                  "--wait-timeout",
                  "10m",
                  "--url",
                  node.url().toString(),
                  Boolean.getBoolean("bounded.noKeys") ? "--no-idempotency-keys" : "--batch=10000");
      long ingestMillis = (System.nanoTime() - start) / 1_000_000;
      Outcome actual =
          new Outcome(
              node.egress(CONFIG.caseName(LANE)).poll().stream().map(Outcome::parseFiring).toList(),
              node.egress(CONFIG.lateEgress(LANE)).poll().stream()
                  .map(Outcome::parseLate)
                  .toList());
      System.out.printf(
          "bounded ingest: %,d events, %,d firings, %,d late; eventide ingest --wait %,d ms"
              + " (%,.0f events/s), Flink %,d ms%n",
          events.size(),
          expected.firings().size(),
          expected.late().size(),
          ingestMillis,
          events.size() * 1000.0 / Math.max(1, ingestMillis),
          flinkMillis);

      assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
      assertThat(out.toString()).contains("\"finished\":true").contains("\"accepted\":" + EVENTS);
      assertThat(actual.firings())
          .as("firings in egress right after ingest --wait returned")
          .hasSameSizeAs(expected.firings());
      assertThat(actual.late()).hasSameSizeAs(expected.late());
      assertThat(OutcomeDiff.differences(expected, actual))
          .as(() -> OutcomeDiff.summary(OutcomeDiff.differences(expected, actual), 12))
          .isEmpty();
    }
  }

  /**
   * {@code count} events over {@link #KEYS} keys, about twenty per key and window, mostly out of
   * order within the bound; one in fifty behind the watermark within the allowed lateness (late
   * firings), one in a hundred later than that (late records).
   */
  static List<Event> stream(long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    long bound = CONFIG.outOfOrdernessMillis();
    long lateness = CONFIG.latenessMillis();
    double step = 0.5; // 2,000 events a second of event time, 20 per key and window
    double clock = EventStream.EPOCH;
    List<Event> stream = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      clock += random.nextDouble() * 2 * step;
      int dice = random.nextInt(100);
      long lag =
          dice < 97
              ? random.nextLong(bound + 1)
              : dice < 99
                  ? bound + 1 + random.nextLong(lateness)
                  : bound + lateness + 1_000 + random.nextLong(3_000);
      long timestamp = Math.max(EventStream.EPOCH, (long) clock - lag);
      stream.add(
          new Event(
              String.format("k%03d", random.nextInt(KEYS)), timestamp, random.nextInt(1_000)));
    }
    return stream;
  }

  private static void write(Path file, List<Event> events) throws IOException {
    String type = ParityConfig.NAMESPACE + "/" + CONFIG.caseName(LANE) + "/";
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Event event : events) {
        writer
            .append("{\"target\":\"")
            .append(type)
            .append(event.key())
            .append("\",\"eventTime\":")
            .append(Long.toString(event.timestamp()))
            .append(",\"payload\":")
            .append(Long.toString(event.value()))
            .append("}\n");
      }
    }
  }
}
