package io.eventide.sdk.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.sdk.Evictor;
import io.eventide.sdk.Evictors;
import io.eventide.sdk.Message;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.Types;
import io.eventide.sdk.runtime.IncomingMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The built-in evictors on their own, at and just past each of their bounds, with the rules of
 * Flink's {@code CountEvictor}, {@code TimeEvictor} and {@code DeltaEvictor}.
 */
class EvictorsTest {
  static final TimeWindow W = new TimeWindow(0, 100);
  static final Evictor.EvictorContext CONTEXT =
      new Evictor.EvictorContext() {
        @Override
        public long currentWatermark() {
          return 0;
        }

        @Override
        public long currentProcessingTime() {
          return 0;
        }
      };

  /** Messages "value@eventTime", in this order. */
  static List<Message> messages(long... valueAndTime) {
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < valueAndTime.length; i += 2) {
      messages.add(
          new IncomingMessage(
              Types.LONG.encode(valueAndTime[i]), Types.LONG.contentType(), valueAndTime[i + 1]));
    }
    return messages;
  }

  static List<String> before(Evictor evictor, List<Message> elements) throws Exception {
    evictor.evictBefore(elements, W, CONTEXT);
    return show(elements);
  }

  static List<String> after(Evictor evictor, List<Message> elements) throws Exception {
    evictor.evictAfter(elements, W, CONTEXT);
    return show(elements);
  }

  static List<String> show(List<Message> elements) {
    return elements.stream().map(m -> m.as(Types.LONG) + "@" + m.eventTime()).toList();
  }

  @Test
  void countKeepsTheLastAddedAtAndPastItsBound() throws Exception {
    assertThat(before(Evictors.count(3), messages(1, 5, 2, 1, 3, 9)))
        .containsExactly("1@5", "2@1", "3@9");
    assertThat(before(Evictors.count(3), messages(1, 5, 2, 1, 3, 9, 4, 2)))
        .as("the earliest added goes, whatever its event time")
        .containsExactly("2@1", "3@9", "4@2");
    assertThat(before(Evictors.count(0), messages(1, 5, 2, 1))).isEmpty();
    assertThat(before(Evictors.count(1), List.of())).isEmpty();
  }

  @Test
  void timeEvictsAtOrBeforeTheLatestEventTimeMinusItsDuration() throws Exception {
    // Latest 20: the cutoff is 10, which itself is evicted.
    assertThat(before(Evictors.time(Duration.ofMillis(10)), messages(1, 10, 2, 11, 3, 20, 4, 5)))
        .containsExactly("2@11", "3@20");
    assertThat(before(Evictors.time(Duration.ZERO), messages(1, 10, 2, 20)))
        .as("a zero duration evicts the latest too, as Flink's")
        .isEmpty();
    assertThat(before(Evictors.time(Duration.ofMillis(1)), List.of())).isEmpty();
  }

  @Test
  void deltaComparesWithTheLastAddedAndEvictsAtItsThreshold() throws Exception {
    Evictor near = Evictors.delta(5.0, Types.LONG, (older, newest) -> Math.abs(newest - older));
    // Last added: 10. |10-5| = 5 is at the threshold: evicted; |10-6| = 4 is kept.
    assertThat(before(near, messages(5, 1, 6, 2, 20, 3, 10, 4))).containsExactly("6@2", "10@4");
    // The last message's value is taken before anything is removed: a delta that evicts the
    // last one still compares the others with it.
    Evictor all = Evictors.delta(0.0, Types.LONG, (older, newest) -> 0.0);
    assertThat(before(all, messages(1, 1, 2, 2))).isEmpty();
    assertThat(before(near, List.of())).isEmpty();
  }

  @Test
  void theAfterVariantsEvictOnlyAfterTheFunction() throws Exception {
    List<Evictor> afterOnly =
        List.of(
            Evictors.count(1, true),
            Evictors.time(Duration.ofMillis(1), true),
            Evictors.delta(1.0, Types.LONG, (a, b) -> Math.abs(a - b), true));
    for (Evictor evictor : afterOnly) {
      assertThat(before(evictor, messages(1, 1, 2, 5))).as("%s before", evictor).hasSize(2);
      assertThat(after(evictor, messages(1, 1, 2, 5)))
          .as("%s after", evictor)
          .containsExactly("2@5");
    }
    for (Evictor evictor :
        List.of(
            Evictors.count(1),
            Evictors.time(Duration.ofMillis(1)),
            Evictors.delta(1.0, Types.LONG, (a, b) -> Math.abs(a - b)))) {
      assertThat(after(evictor, messages(1, 1, 2, 5))).as("%s after", evictor).hasSize(2);
      assertThat(before(evictor, messages(1, 1, 2, 5)))
          .as("%s before", evictor)
          .containsExactly("2@5");
    }
  }

  @Test
  void negativeBoundsAreRefusedAndToStringNamesTheEvictor() {
    assertThatThrownBy(() -> Evictors.count(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> Evictors.time(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-0.001S");
    assertThat(Evictors.count(3, true)).hasToString("Evictors.count(3, after)");
    assertThat(Evictors.time(Duration.ofSeconds(1))).hasToString("Evictors.time(1000ms)");
  }
}
