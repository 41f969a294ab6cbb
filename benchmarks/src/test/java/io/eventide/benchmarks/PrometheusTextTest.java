package io.eventide.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  private static final String TEXT =
      """
      # HELP eventide_messages_processed_total messages whose effects were committed
      # TYPE eventide_messages_processed_total counter
      eventide_messages_processed_total{node="a"} 1200.0
      eventide_messages_processed_total{node="b",x="}"} 34.0 1700000000000
      eventide_messages_processed_total_extra 999.0
      eventide_backlog 5.0
      """;

  @Test
  void sumsEveryLabelSetOfTheMetric() {
    assertThat(PrometheusText.sum(TEXT, "eventide_messages_processed_total")).hasValue(1234);
  }

  @Test
  void readsUnlabelledSamples() {
    assertThat(PrometheusText.sum(TEXT, "eventide_backlog")).hasValue(5);
  }

  @Test
  void isEmptyWhenTheMetricIsAbsent() {
    assertThat(PrometheusText.sum(TEXT, "eventide_messages_dead_lettered_total")).isEmpty();
  }
}
