package io.eventide.benchmarks.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ParseEventTest {

  @Test
  void readsTheIdOfTheTargetAndTheEventTimeWhateverThePayload() throws IOException {
    Event event =
        ParseEvent.parse(
            "{\"payload\":{\"nested\":[1,2]},\"eventTime\":1700000000123,\"target\":\"bench/window-count/k/7\"}");

    assertThat(event.key).isEqualTo("k/7");
    assertThat(event.eventTime).isEqualTo(1_700_000_000_123L);
  }

  @Test
  void rejectsLinesWithoutTargetOrEventTime() {
    assertThatThrownBy(() -> ParseEvent.parse("{\"target\":\"a/b/c\",\"payload\":1}"))
        .hasMessageContaining("eventTime");
    assertThatThrownBy(() -> ParseEvent.parse("{\"target\":\"a/b\",\"eventTime\":1}"))
        .hasMessageContaining("ns/type/id");
  }
}
