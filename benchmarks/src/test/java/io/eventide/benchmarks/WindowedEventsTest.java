package io.eventide.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WindowedEventsTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void theSameSeedWritesTheSameFileAndAnotherSeedADifferentOne() throws Exception {
    assertThat(write(new WindowedEvents(500, 20, 1000, 50, 7, 0)))
        .isEqualTo(write(new WindowedEvents(500, 20, 1000, 50, 7, 0)))
        .isNotEqualTo(write(new WindowedEvents(500, 20, 1000, 50, 8, 0)));
  }

  @Test
  void noEventLagsMoreThanTheDisorderBehindAnyEarlierOneAndTimeAdvancesAtTheRate()
      throws Exception {
    List<Long> times = new ArrayList<>();
    new WindowedEvents(20_000, 100, 10_000, 30, 1, WindowedEvents.DEFAULT_START)
        .forEach((index, key, eventTime) -> times.add(eventTime));

    long max = Long.MIN_VALUE;
    long worstLag = 0;
    for (long t : times) {
      max = Math.max(max, t);
      worstLag = Math.max(worstLag, max - t);
    }
    assertThat(worstLag).isPositive().isLessThanOrEqualTo(30);
    assertThat(max - WindowedEvents.DEFAULT_START)
        .as("20,000 events at 10,000/s")
        .isBetween(1_990L, 2_000L);
  }

  @Test
  void expectedFiringsAreTheDistinctKeyWindowPairs() throws Exception {
    WindowedEvents events =
        new WindowedEvents(5_000, 300, 2_000, 100, 3, WindowedEvents.DEFAULT_START);
    Set<String> pairs = new HashSet<>();
    events.forEach(
        (index, key, eventTime) -> pairs.add(key + "@" + Math.floorDiv(eventTime, 1000)));

    assertThat(events.expectedFirings(1000)).isEqualTo(pairs.size()).isLessThan(5_000);
  }

  @Test
  void linesAreTheDocumentedIngestEvents() throws Exception {
    String text = write(new WindowedEvents(3, 5, 1000, 0, 1, 1_000));
    String[] lines = text.split("\n");

    assertThat(lines).hasSize(3);
    JsonNode second = json.readTree(lines[1]);
    assertThat(second.get("target").asText()).matches("bench/window-count/k[0-4]");
    assertThat(second.get("eventTime").asLong()).isEqualTo(1_001);
    assertThat(second.get("payload").asLong()).isEqualTo(1);
  }

  @Test
  void theExampleWritesAMillionIngestLines() throws Exception {
    Lines writer = new Lines();
    // javadoc: WindowedEvents
    WindowedEvents events =
        new WindowedEvents(1_000_000, 10_000, 100_000, 100, 42, WindowedEvents.DEFAULT_START);
    events.write(
        writer,
        "bench/window-count"); // {"target":"bench/window-count/k17","eventTime":...,"payload":1}
    // end javadoc

    assertThat(writer.count).isEqualTo(1_000_000);
    assertThat(writer.first.toString())
        .matches("\\{\"target\":\"bench/window-count/k\\d+\",\"eventTime\":\\d+,\"payload\":1}");
  }

  /** Counts the lines and keeps the first: a million need not be held to be checked. */
  private static final class Lines extends Writer {
    final StringBuilder first = new StringBuilder();
    long count;

    @Override
    public void write(char[] chars, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        if (chars[i] == '\n') {
          count++;
        } else if (count == 0) {
          first.append(chars[i]);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  private static String write(WindowedEvents events) throws Exception {
    StringWriter out = new StringWriter();
    events.write(out, "bench/window-count");
    return out.toString();
  }
}
