package io.eventide.dispatcher.internal.egress;

import static io.eventide.dispatcher.internal.egress.KafkaSinkIT.assertExactlyOnceInSenderOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.testing.kafka.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka sink's deliverer killed with SIGKILL three times (at a random moment, between Kafka's
 * commit and the store's, and at a random moment again), each time resumed by a new process from
 * what its store recorded: a read_committed consumer reads every record once, in sender order.
 */
class KafkaSinkKillIT {
  private static final int TOTAL = 20_000;
  private static final Pattern RESUMED = Pattern.compile("resumed stored=(-?\\d+) has=(-?\\d+)");

  private final List<Process> started = new ArrayList<>();
  private KafkaBroker broker;
  @TempDir Path dir;

  @BeforeEach
  void startBroker() {
    broker = KafkaBroker.start();
    broker.createTopic("killed", 4);
  }

  @AfterEach
  void stopAll() {
    started.forEach(KafkaSinkKillIT::kill);
    broker.close();
  }

  @Test
  void everyRecordOnceAfterThreeKills() throws Exception {
    Random random = new Random();
    Path output = dir.resolve("deliverer.out");

    Process first = deliverer(output);
    int recorded = 2 + random.nextInt(8);
    await().atMost(Duration.ofSeconds(60)).until(() -> count(output, "recorded ") >= recorded);
    kill(first);

    Process second = deliverer(output);
    long before = count(output, "delivered-unrecorded ");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> count(output, "delivered-unrecorded ") > before && lastLineIsUnrecorded(output));
    kill(second);

    Process third = deliverer(output);
    long recordedSoFar = count(output, "recorded ");
    int more = 1 + random.nextInt(5);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> count(output, "recorded ") >= recordedSoFar + more);
    kill(third);

    Process last = deliverer(output);
    assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("the last deliverer finishes").isTrue();
    assertThat(last.exitValue()).as(Files.readString(output)).isZero();

    List<long[]> resumes = resumes(output);
    assertThat(resumes).hasSize(4);
    assertThat(resumes.get(2)[1])
        .as("the deliverer killed between the commits had delivered past what was recorded")
        .isGreaterThan(resumes.get(2)[0]);
    assertExactlyOnceInSenderOrder(broker.readCommitted("killed"), TOTAL);
  }

  private Process deliverer(Path output) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                KafkaSinkDeliverer.class.getName(),
                broker.bootstrapServers(),
                "killed",
                "tx-killed",
                dir.resolve("position").toString(),
                Integer.toString(TOTAL),
                "500",
                "150")
            .redirectErrorStream(true)
            .redirectOutput(Redirect.appendTo(output.toFile()))
            .start();
    started.add(process);
    return process;
  }

  private static void kill(Process process) {
    process.toHandle().destroyForcibly(); // SIGKILL
    try {
      assertThat(process.toHandle().onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    } catch (Exception e) {
      throw new AssertionError("deliverer pid " + process.pid() + " did not die", e);
    }
  }

  private static long count(Path output, String prefix) {
    return lines(output).stream().filter(line -> line.startsWith(prefix)).count();
  }

  private static boolean lastLineIsUnrecorded(Path output) {
    List<String> lines =
        lines(output).stream()
            .filter(l -> l.startsWith("delivered") || l.startsWith("recorded"))
            .toList();
    return !lines.isEmpty() && lines.get(lines.size() - 1).startsWith("delivered-unrecorded ");
  }

  private static List<long[]> resumes(Path output) {
    List<long[]> resumes = new ArrayList<>();
    for (String line : lines(output)) {
      Matcher m = RESUMED.matcher(line);
      if (m.matches()) {
        resumes.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
      }
    }
    return resumes;
  }

  private static List<String> lines(Path output) {
    try {
      return Files.exists(output) ? Files.readAllLines(output, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
