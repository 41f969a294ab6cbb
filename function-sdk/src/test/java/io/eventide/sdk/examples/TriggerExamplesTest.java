package io.eventide.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.Message;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.Trigger;
import io.eventide.sdk.TriggerResult;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.WindowAssigner;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.Windows;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc examples of {@code Trigger}, each run in a window that reports its size when it
 * fires.
 */
class TriggerExamplesTest {
  // javadoc: Trigger
  // Fires early on every message of type "flush", and at the end of the window.
  Trigger flushable =
      new Trigger() {
        public TriggerResult onElement(
            Message message, long timestamp, TimeWindow window, TriggerContext ctx) {
          ctx.registerEventTimeTimer(window.maxTimestamp());
          return message.as(Types.STRING).equals("flush")
              ? TriggerResult.FIRE
              : TriggerResult.CONTINUE;
        }

        public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
          return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
        }
      };

  // end javadoc

  /**
   * Fires a second after a window's first message, then every 10 s, and at once when the window is
   * over.
   */
  static final class Periodic implements Trigger {
    static final ValueSpec<Long> NEXT_FIRING = ValueSpec.named("next_firing").withType(Types.LONG);

    @Override
    public TriggerResult onElement(
        Message message, long timestamp, TimeWindow window, TriggerContext ctx) {
      // javadoc: Trigger.TriggerContext#currentProcessingTime
      boolean ended = window.maxTimestamp() <= ctx.currentProcessingTime();
      // end javadoc
      if (ended) {
        return TriggerResult.FIRE;
      }
      if (ctx.storage().get(NEXT_FIRING).isEmpty()) {
        // javadoc: Trigger.TriggerContext#registerProcessingTimeTimer
        ctx.registerProcessingTimeTimer(ctx.currentProcessingTime() + 1_000); // in a second
        // end javadoc
        ctx.storage().set(NEXT_FIRING, ctx.currentProcessingTime() + 1_000);
      }
      return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
      return TriggerResult.CONTINUE;
    }

    // javadoc: Trigger#onProcessingTime
    // Fire whatever the window holds every 10 s of wall-clock time.
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
      ctx.registerProcessingTimeTimer(time + 10_000);
      return TriggerResult.FIRE;
    }

    // end javadoc

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) {
      // javadoc: Trigger.TriggerContext#deleteProcessingTimeTimer
      ctx.storage().get(NEXT_FIRING).ifPresent(ctx::deleteProcessingTimeTimer); // in clear()
      // end javadoc
      ctx.storage().remove(NEXT_FIRING);
    }
  }

  /** Holds a session back until it has ten messages, then fires and purges at each one. */
  static final class WarmUp implements Trigger {
    static final ValueSpec<Long> SEEN = ValueSpec.named("seen").withType(Types.LONG);

    @Override
    public TriggerResult onElement(
        Message message, long timestamp, TimeWindow window, TriggerContext ctx) {
      // javadoc: Trigger.TriggerContext
      long seen = ctx.storage().get(SEEN).orElse(0L) + 1;
      ctx.storage().set(SEEN, seen);
      // end javadoc
      // javadoc: TriggerResult
      return seen >= 10 ? TriggerResult.FIRE_AND_PURGE : TriggerResult.CONTINUE;
      // end javadoc
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
      return TriggerResult.CONTINUE;
    }

    @Override
    public boolean canMerge() {
      return true;
    }

    @Override
    public void onMerge(TimeWindow window, OnMergeContext ctx) {
      // javadoc: Trigger.OnMergeContext
      long sum = ctx.mergedStorages().stream().mapToLong(s -> s.get(SEEN).orElse(0L)).sum();
      ctx.storage().set(SEEN, sum);
      // end javadoc
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) {
      ctx.storage().remove(SEEN);
    }
  }

  final FunctionTestDriver driver = FunctionTestDriver.create();
  final Address key = Address.of("shop", "window", "alice");

  /**
   * Registers a window of {@code assigner} and {@code trigger} that writes its size to egress
   * "sizes".
   */
  void register(WindowAssigner assigner, Trigger trigger) {
    driver.register(
        WindowedFunctionSpec.builder(TypeName.of("shop", "window"))
            .window(assigner)
            .trigger(trigger)
            .process(
                (context, window, messages) ->
                    context.egress("sizes", Types.LONG, (long) messages.size()))
            .build());
  }

  @Test
  void aFlushFiresEarly() {
    register(Windows.tumbling(Duration.ofMinutes(1)), flushable);
    driver.send(key, Types.STRING, "a", 1_000);
    driver.send(key, Types.STRING, "flush", 2_000);
    driver.advanceWatermark(59_999);

    assertThat(driver.egress("sizes", Types.LONG)).containsExactly(2L, 2L);
  }

  @Test
  void aPeriodicTriggerFiresByTheClock() {
    register(Windows.tumbling(Duration.ofMinutes(1)), new Periodic());
    driver.send(key, Types.STRING, "a", 1_000);
    driver.advanceProcessingTime(Duration.ofSeconds(1));
    assertThat(driver.egress("sizes", Types.LONG)).containsExactly(1L);

    driver.send(key, Types.STRING, "b", 2_000);
    driver.advanceProcessingTime(Duration.ofSeconds(10));
    assertThat(driver.egress("sizes", Types.LONG)).containsExactly(1L, 2L);

    driver.advanceProcessingTime(Duration.ofSeconds(49)); // fires at 21, 31, 41 and 51 s
    driver.send(key, Types.STRING, "c", 3_000); // at 60 s its window is over: fires at once
    assertThat(driver.egress("sizes", Types.LONG)).containsExactly(1L, 2L, 2L, 2L, 2L, 2L, 3L);
  }

  @Test
  void aSessionWarmsUpAcrossMerges() {
    register(Windows.session(Duration.ofMinutes(30)), new WarmUp());
    for (int i = 0; i < 5; i++) {
      driver.send(key, Types.STRING, "early", i * 1_000L);
      driver.send(key, Types.STRING, "late", Duration.ofMinutes(40).toMillis() + i * 1_000L);
    }
    driver.send(
        key, Types.STRING, "bridge", Duration.ofMinutes(20).toMillis()); // merges the two sessions
    driver.send(key, Types.STRING, "after", Duration.ofMinutes(21).toMillis());

    assertThat(driver.egress("sizes", Types.LONG)).containsExactly(11L, 1L);
  }
}
