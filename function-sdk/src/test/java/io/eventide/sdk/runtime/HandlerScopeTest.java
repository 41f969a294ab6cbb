package io.eventide.sdk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HandlerScopeTest {
  static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);
  static final ValueSpec<String> NOTE = ValueSpec.named("note").withType(Types.STRING);
  static final ValueSpec<String> UNDECLARED = ValueSpec.named("secret").withType(Types.STRING);

  final Address self = Address.of("t", "counter", "a");
  final Address other = Address.of("t", "other", "b");
  final HandlerScope scope = new HandlerScope(self, Map.of("count", COUNT, "note", NOTE), Map.of());

  static IncomingMessage message(long value, long eventTime) {
    return new IncomingMessage(Types.LONG.encode(value), Types.LONG.contentType(), eventTime);
  }

  /** Adds the payload to COUNT and records one effect of each kind. */
  static final StatefulFunction ADDER =
      (context, message) -> {
        long count = context.storage().get(COUNT).orElse(0L) + message.as(Types.LONG);
        context.storage().set(COUNT, count);
        context.send(Address.of("t", "other", "b"), Types.LONG, count);
        context.sendAfter(Duration.ofSeconds(2), context.self(), Types.STRING, "later");
        context.egress("counts", Types.LONG, count);
        context.reply(Types.LONG, count);
        context.registerEventTimeTimer(500);
        if (count > 100) {
          throw new IllegalStateException("too big");
        }
      };

  @Test
  void keepsStateAndEffectsOfSuccessfulCallsInOrder() throws Exception {
    scope.apply(ADDER, message(5, 1_000), Optional.empty(), 0);
    scope.apply(ADDER, message(7, 2_000), Optional.empty(), 0);

    assertThat(Types.LONG.decode(scope.state().get("count"))).isEqualTo(12L);
    assertThat(Types.LONG.decode(scope.changedState().get("count"))).isEqualTo(12L);
    List<Effect> effects = scope.effects();
    assertThat(effects).hasSize(10);
    Effect.Send send = (Effect.Send) effects.get(5);
    assertThat(send.target()).isEqualTo(other);
    assertThat(Types.LONG.decode(send.payload())).isEqualTo(12L);
    assertThat(send.eventTime()).as("inherits the handled message's event time").isEqualTo(2_000);
    assertThat(send.delayMillis()).isZero();
    Effect.Send later = (Effect.Send) effects.get(6);
    assertThat(later.delayMillis()).isEqualTo(2_000);
    assertThat(((Effect.Egress) effects.get(7)).egress()).isEqualTo("counts");
    assertThat(((Effect.Egress) effects.get(7)).eventTime()).isEqualTo(2_000);
    assertThat(effects.get(8)).isInstanceOf(Effect.Reply.class);
    assertThat(effects.get(9)).isEqualTo(new Effect.Timer(500));
  }

  @Test
  void dropsStateAndEffectsOfAFailingCall() throws Exception {
    scope.apply(ADDER, message(5, 0), Optional.empty(), 0);

    assertThatThrownBy(() -> scope.apply(ADDER, message(200, 0), Optional.empty(), 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("too big");

    assertThat(Types.LONG.decode(scope.state().get("count"))).isEqualTo(5L);
    assertThat(scope.effects()).hasSize(5);
    scope.apply(ADDER, message(1, 0), Optional.empty(), 0);
    assertThat(Types.LONG.decode(scope.state().get("count"))).isEqualTo(6L);
    assertThat(scope.effects()).hasSize(10);
  }

  @Test
  void rejectsUndeclaredStateWithAClearMessage() {
    StatefulFunction sneaky = (context, message) -> context.storage().set(UNDECLARED, "x");

    assertThatThrownBy(() -> scope.apply(sneaky, message(1, 0), Optional.empty(), 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("state 'secret' is not registered for t/counter");
    assertThat(scope.state()).isEmpty();
  }

  @Test
  void removedStateReadsEmptyAndIsReportedAbsent() throws Exception {
    Map<String, byte[]> persisted = new HashMap<>();
    persisted.put("note", Types.STRING.encode("hello"));
    HandlerScope withNote = new HandlerScope(self, Map.of("note", NOTE), persisted);
    AtomicReference<Optional<String>> seenAfterRemove = new AtomicReference<>();

    withNote.apply(
        (context, message) -> {
          context.storage().remove(NOTE);
          seenAfterRemove.set(context.storage().get(NOTE));
        },
        message(0, 0),
        Optional.empty(),
        0);

    assertThat(seenAfterRemove.get()).isEmpty();
    assertThat(withNote.changedState().get("note")).isSameAs(HandlerScope.ABSENT);
    assertThat(persisted.get("note")).as("the caller's map is not modified").isNotNull();
  }

  @Test
  void emptyStringIsAValueNotARemoval() throws Exception {
    AtomicReference<Optional<String>> seen = new AtomicReference<>();
    HandlerScope notes = new HandlerScope(self, Map.of("note", NOTE), Map.of());

    notes.apply(
        (context, message) -> context.storage().set(NOTE, ""), message(0, 0), Optional.empty(), 0);
    notes.apply(
        (context, message) -> seen.set(context.storage().get(NOTE)),
        message(0, 0),
        Optional.empty(),
        0);

    assertThat(seen.get()).contains("");
  }

  @Test
  void exposesSelfCallerWatermarkAndTimerEventTime() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    StatefulFunction probe =
        new StatefulFunction() {
          @Override
          public void apply(Context context, io.eventide.sdk.Message message) {
            seen.set(
                context.self()
                    + " "
                    + context.caller().orElseThrow()
                    + " "
                    + context.currentWatermark());
          }

          @Override
          public void onTimer(Context context, long timestamp) {
            context.egress("fired", Types.LONG, timestamp);
            seen.set(seen.get() + " timer " + context.caller().isPresent());
          }
        };

    scope.apply(probe, message(0, 0), Optional.of(other), 77);
    scope.fireTimer(probe, 900, 1_000);

    assertThat(seen.get()).isEqualTo("t/counter/a t/other/b 77 timer false");
    assertThat(((Effect.Egress) scope.effects().get(0)).eventTime()).isEqualTo(900);
  }

  @Test
  void lastReplyOfACallWins() throws Exception {
    scope.apply(
        (context, message) -> {
          context.reply(Types.STRING, "first");
          context.reply(Types.STRING, "second");
        },
        message(0, 0),
        Optional.empty(),
        0);

    assertThat(scope.effects()).hasSize(1);
    assertThat(
            new String(((Effect.Reply) scope.effects().get(0)).payload(), StandardCharsets.UTF_8))
        .isEqualTo("second");
  }

  @Test
  void rejectsBadEgressNamesNegativeDelaysAndNullValues() {
    assertThatThrownBy(
            () ->
                scope.apply(
                    (c, m) -> c.egress("bad name", Types.STRING, "x"),
                    message(0, 0),
                    Optional.empty(),
                    0))
        .hasMessageContaining("egress name 'bad name'");
    assertThatThrownBy(
            () ->
                scope.apply(
                    (c, m) -> c.sendAfter(Duration.ofMillis(-1), other, Types.STRING, "x"),
                    message(0, 0),
                    Optional.empty(),
                    0))
        .hasMessageContaining("delay must not be negative");
    assertThatThrownBy(
            () ->
                scope.apply(
                    (c, m) -> c.send(other, Types.STRING, null),
                    message(0, 0),
                    Optional.empty(),
                    0))
        .isInstanceOf(NullPointerException.class);
    assertThat(scope.effects()).isEmpty();
  }

  @Test
  void aContextKeptAfterItsCallCannotAddEffects() throws Exception {
    AtomicReference<Context> leaked = new AtomicReference<>();
    scope.apply((context, message) -> leaked.set(context), message(0, 0), Optional.empty(), 0);

    assertThatThrownBy(() -> leaked.get().egress("x", Types.STRING, "late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("used after its handler returned");
    assertThat(scope.effects()).isEmpty();
  }

  @Test
  void wrapsLinkageErrorsAsHandlerFailures() {
    assertThatThrownBy(
            () ->
                scope.apply(
                    (c, m) -> {
                      throw new NoClassDefFoundError("com/example/Missing");
                    },
                    message(0, 0),
                    Optional.empty(),
                    0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("failed to link")
        .hasCauseInstanceOf(NoClassDefFoundError.class);
  }

  @Test
  void aProcessingTimerRunsOnProcessingTimerAndTheSuppliedClockAnswersCurrentProcessingTime()
      throws Exception {
    long[] clock = {1_000};
    HandlerScope timed = new HandlerScope(self, Map.of("count", COUNT), Map.of(), () -> clock[0]);
    StatefulFunction function =
        new StatefulFunction() {
          @Override
          public void apply(Context context, io.eventide.sdk.Message message) {
            context.registerProcessingTimeTimer(context.currentProcessingTime() + 500);
          }

          @Override
          public void onProcessingTimer(Context context, long timestamp) {
            context.egress(
                "fired", Types.STRING, timestamp + " at " + context.currentProcessingTime());
          }
        };

    timed.apply(function, message(0, 7), Optional.empty(), 0);
    clock[0] = 1_400; // this clock lags the one that fired the timer at 1500
    timed.fireProcessingTimer(function, 1_500, 3);

    assertThat(timed.effects()).hasSize(2);
    assertThat(timed.effects().get(0)).isEqualTo(new Effect.ProcessingTimer(1_500));
    Effect.Egress fired = (Effect.Egress) timed.effects().get(1);
    assertThat(Types.STRING.decode(fired.payload())).isEqualTo("1500 at 1500");
    assertThat(fired.eventTime())
        .as("the timer's timestamp, as for event-time timers")
        .isEqualTo(1_500);
  }

  @Test
  void aProcessingTimerDoesNotReachOnTimer() throws Exception {
    StatefulFunction eventTimeOnly =
        new StatefulFunction() {
          @Override
          public void apply(Context context, io.eventide.sdk.Message message) {}

          @Override
          public void onTimer(Context context, long timestamp) {
            context.egress("event-time", Types.LONG, timestamp);
          }
        };

    scope.fireProcessingTimer(eventTimeOnly, 10, 0);

    assertThat(scope.effects()).isEmpty();
  }
}
