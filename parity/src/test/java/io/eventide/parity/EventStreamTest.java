package io.eventide.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventStreamTest {
  private static final long SEED = 7;

  @Test
  void theSameSeedGivesTheSameStreamAndAnotherSeedAnother() {
    List<Event> stream = EventStream.generate(SEED, ParityConfig.SLIDING_SUM);
    assertThat(EventStream.generate(SEED, ParityConfig.SLIDING_SUM)).isEqualTo(stream);
    assertThat(EventStream.generate(SEED + 1, ParityConfig.SLIDING_SUM)).isNotEqualTo(stream);
    assertThat(EventStream.generate(SEED, ParityConfig.SESSION_SUM)).isNotEqualTo(stream);
  }

  @Test
  void streamsHaveThousandsOfEventsOverManyKeysAfterTheEpoch() {
    for (ParityConfig config : ordinary()) {
      List<Event> stream = EventStream.generate(SEED, config);
      Set<String> keys = stream.stream().map(Event::key).collect(Collectors.toSet());
      assertThat(stream).as("%s", config).hasSizeBetween(2_000, 3_500);
      assertThat(keys).as("keys of %s", config).hasSizeBetween(40, 200);
      assertThat(stream).as("%s", config).allMatch(event -> event.timestamp() >= EventStream.EPOCH);
    }
  }

  @Test
  void streamsHoldOutOfOrderAndLateEventsUnderTheBoundedWatermark() {
    for (ParityConfig config : ordinary()) {
      List<Event> stream = EventStream.generate(SEED, config);
      long bound = config.outOfOrdernessMillis();
      long watermark = Long.MIN_VALUE;
      long max = Long.MIN_VALUE;
      int outOfOrder = 0;
      int behindWatermark = 0;
      int farBehind = 0;
      for (Event event : stream) {
        outOfOrder += event.timestamp() < max ? 1 : 0;
        behindWatermark += event.timestamp() <= watermark ? 1 : 0;
        farBehind +=
            event.timestamp() + config.latenessMillis() + config.window().size() <= watermark
                ? 1
                : 0;
        max = Math.max(max, event.timestamp());
        watermark = Math.max(watermark, event.timestamp() - bound - 1);
      }
      assertThat(outOfOrder)
          .as("out-of-order events of %s", config)
          .isGreaterThan(stream.size() / 2);
      assertThat(behindWatermark)
          .as("events behind the watermark, %s", config)
          .isGreaterThan(stream.size() / 10);
      assertThat(farBehind)
          .as("events past window and lateness, %s", config)
          .isGreaterThan(stream.size() / 20);
    }
  }

  @Test
  void theBigWindowsStreamIsOneKeysEventsAllInOneWindowAndOutOfOrder() {
    List<Event> stream = EventStream.generate(SEED, ParityConfig.BIG_WINDOW);
    long size = ParityConfig.BIG_WINDOW.window().size();
    assertThat(stream).hasSize(ParityConfig.BIG_WINDOW_EVENTS);
    assertThat(stream).extracting(Event::key).containsOnly("k000");
    assertThat(stream)
        .extracting(e -> e.timestamp() - e.timestamp() % size)
        .containsOnly(EventStream.EPOCH - EventStream.EPOCH % size);
    long max = Long.MIN_VALUE;
    int outOfOrder = 0;
    for (Event event : stream) {
      outOfOrder += event.timestamp() < max ? 1 : 0;
      max = Math.max(max, event.timestamp());
    }
    assertThat(outOfOrder).isGreaterThan(stream.size() / 2);
  }

  private static List<ParityConfig> ordinary() {
    return java.util.Arrays.stream(ParityConfig.values()).filter(c -> !c.isBigWindow()).toList();
  }

  @Test
  void splittingKeepsEveryEventInOrder() {
    List<Event> stream = EventStream.generate(SEED, ParityConfig.TUMBLING_SUM);
    List<List<Event>> requests = EventStream.split(stream, SEED);
    assertThat(requests).hasSizeGreaterThan(3);
    assertThat(requests.stream().flatMap(List::stream).toList()).isEqualTo(stream);
  }
}
