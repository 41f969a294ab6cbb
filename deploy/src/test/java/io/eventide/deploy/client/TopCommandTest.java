package io.eventide.deploy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** {@code eventide top}'s figures and limits, without a node (TopIT runs it against one). */
class TopCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theIntervalIsTakenFrom100msToAnHour() {
    assertThat(TopCommand.refreshMillis("100ms")).isEqualTo(100);
    assertThat(TopCommand.refreshMillis("1h")).isEqualTo(3_600_000);
    assertThatThrownBy(() -> TopCommand.refreshMillis("99ms"))
        .hasMessage("--interval must be 100ms to 1h, was 99ms");
    assertThatThrownBy(() -> TopCommand.refreshMillis("3600001ms"))
        .hasMessage("--interval must be 100ms to 1h, was 3600001ms");
    assertThatThrownBy(() -> TopCommand.refreshMillis("soon"))
        .hasMessage("--interval must be a duration such as 1s, was soon");
  }

  @Test
  void ratesAndMeansAreTakenOverTheIntervalBetweenTwoReadings() {
    TopSample before = sample(0, 100, 10, 0.5);
    TopSample after = sample(2_000_000_000L, 300, 30, 1.5);

    ObjectNode first = TopFigures.of(null, before);
    ObjectNode figures = TopFigures.of(before, after);

    assertThat(first.path("processedPerSecond").isNull()).isTrue();
    assertThat(figures.path("processedTotal").asLong()).isEqualTo(300);
    assertThat(figures.path("processedPerSecond").asDouble()).isEqualTo(100.0);
    assertThat(figures.path("functions").get(0).path("type").asText()).isEqualTo("example/counter");
    assertThat(figures.path("functions").get(0).path("invocationsPerSecond").asDouble())
        .isEqualTo(10.0);
    assertThat(figures.path("functions").get(0).path("meanMillis").asDouble()).isEqualTo(50.0);
    assertThat(figures.path("sources").get(0).path("lagSeconds").asDouble()).isEqualTo(2.5);

    String screen = String.join("\n", TopScreen.lines("http://127.0.0.1:7070", figures, 80));
    assertThat(screen)
        .contains("processed 300 total, 100.0/s")
        .contains("example/counter")
        .contains("50.0 ms")
        .contains("1970-01-01T00:00:01Z");
    assertThat(screen.lines())
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
  }

  @Test
  void durationsAreShortInTheLargestUnitThatFits() {
    assertThat(TopScreen.ago(999)).isEqualTo("999 ms");
    assertThat(TopScreen.ago(1_000)).isEqualTo("1.0 s");
    assertThat(TopScreen.ago(119_999)).isEqualTo("120.0 s");
    assertThat(TopScreen.ago(120_000)).isEqualTo("2 m");
    assertThat(TopScreen.ago(7_200_000)).isEqualTo("2.0 h");
    assertThat(TopScreen.ago(172_800_000)).isEqualTo("2 d");
  }

  private static TopSample sample(long nanos, long processed, long invocations, double seconds) {
    String metrics =
        "# HELP eventide_messages_processed_total x\n"
            + "eventide_messages_processed_total "
            + processed
            + ".0\n"
            + "eventide_worker_invocation_duration_seconds_count{type=\"example/counter\"} "
            + invocations
            + "\n"
            + "eventide_worker_invocation_duration_seconds_sum{type=\"example/counter\"} "
            + seconds
            + "\n"
            + "eventide_source_watermark_lag_seconds{source=\"clicks\"} 2.5\n";
    ObjectNode cluster = JSON.createObjectNode().put("mode", "standalone").put("backlog", 0);
    cluster.putArray("sources").addObject().put("name", "clicks").put("watermark", 1_000);
    return new TopSample(nanos, 0, PromText.parse(metrics), cluster, JSON.createArrayNode());
  }
}
