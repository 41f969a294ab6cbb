package io.eventide.sdk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What one {@link HandlerScope} (a worker's invocation of one address) records for timer deletes,
 * cancels and explicit event times, and which stored timers it then refuses to fire.
 */
class TimeEffectsTest {
  final Address self = Address.of("t", "f", "a");
  final List<String> fired = new ArrayList<>();
  final HandlerScope scope = new HandlerScope(self, Map.of(), Map.of(), () -> 1_000);

  /**
   * Runs the comma-separated commands {@code +e:T -e:T +p:T -p:T}; firings go to {@link #fired}.
   */
  final StatefulFunction timers =
      new StatefulFunction() {
        @Override
        public void apply(Context context, Message message) {
          for (String c : message.as(Types.STRING).split(",")) {
            long t = Long.parseLong(c.substring(3));
            switch (c.substring(0, 3)) {
              case "+e:" -> context.registerEventTimeTimer(t);
              case "-e:" -> context.deleteEventTimeTimer(t);
              case "+p:" -> context.registerProcessingTimeTimer(t);
              default -> context.deleteProcessingTimeTimer(t);
            }
          }
        }

        @Override
        public void onTimer(Context context, long timestamp) {
          fired.add("e" + timestamp);
        }

        @Override
        public void onProcessingTimer(Context context, long timestamp) {
          fired.add("p" + timestamp);
        }
      };

  void run(String commands) throws Exception {
    scope.apply(
        timers,
        new IncomingMessage(Types.STRING.encode(commands), Types.STRING.contentType(), 0),
        Optional.empty(),
        0);
  }

  @Test
  void aRegistrationDeletedLaterInTheSameCallLeavesOnlyTheDelete() throws Exception {
    run("+e:10,-e:10,-p:20,+p:20");

    // Deletes apply before registrations: the first timer is gone, the second registered again.
    assertThat(scope.effects())
        .containsExactly(
            new Effect.DeleteTimer(10),
            new Effect.DeleteProcessingTimer(20),
            new Effect.ProcessingTimer(20));
  }

  @Test
  void aStoredTimerDeletedByAnEarlierCallDoesNotFireUntilRegisteredAgain() throws Exception {
    run("-e:10,-p:20");
    scope.fireTimer(timers, 10, 50);
    scope.fireProcessingTimer(timers, 20, 50);
    assertThat(fired).isEmpty();

    run("+e:10,+p:20");
    scope.fireTimer(timers, 10, 50);
    scope.fireProcessingTimer(timers, 20, 50);
    assertThat(fired).containsExactly("e10", "p20");
  }

  @Test
  void aTimerFiringCanDeleteTheNextOne() throws Exception {
    StatefulFunction chain =
        new StatefulFunction() {
          @Override
          public void apply(Context context, Message message) {}

          @Override
          public void onTimer(Context context, long timestamp) {
            fired.add("e" + timestamp);
            context.deleteEventTimeTimer(timestamp + 10);
          }
        };
    scope.fireTimer(chain, 10, 50);
    scope.fireTimer(chain, 20, 50);

    assertThat(fired).containsExactly("e10");
  }

  @Test
  void aDelayedMessageIsDueAtTheCallsProcessingTimeAndItsIdCancelsIt() throws Exception {
    List<String> ids = new ArrayList<>();
    scope.apply(
        (context, message) -> {
          ids.add(context.sendAfterCancellable(Duration.ofMillis(500), self, Types.LONG, 1L).id());
          ids.add(context.sendAfterCancellable(Duration.ofMillis(500), self, Types.LONG, 2L).id());
          context.sendAfter(Duration.ofMillis(500), self, Types.LONG, 3L);
        },
        new IncomingMessage(new byte[0], "text/plain", 7),
        Optional.empty(),
        0);
    scope.apply(
        (context, message) -> context.cancelDelayed(ids.get(0)),
        new IncomingMessage(new byte[0], "text/plain", 8),
        Optional.empty(),
        0);

    List<Effect> effects = scope.effects();
    DelayedId first = ((Effect.Send) effects.get(0)).delayed();
    DelayedId second = ((Effect.Send) effects.get(1)).delayed();
    DelayedId third = ((Effect.Send) effects.get(2)).delayed();
    assertThat(first.dueAt()).isEqualTo(1_500);
    assertThat(first.encode()).isEqualTo(ids.get(0));
    // One call's messages for one time sort in the order it sent them.
    assertThat(first.token()).isLessThan(second.token());
    assertThat(second.token()).isLessThan(third.token());
    assertThat(effects.get(3)).isEqualTo(new Effect.CancelDelayed(first));
  }

  @Test
  void anExplicitEventTimeIsEpochMillisNotNegative() throws Exception {
    scope.apply(
        (context, message) -> context.send(self, Types.LONG, 1L, 0),
        new IncomingMessage(new byte[0], "text/plain", 7),
        Optional.empty(),
        0);
    assertThat(((Effect.Send) scope.effects().get(0)).eventTime()).isZero();

    assertThatThrownBy(
            () ->
                scope.apply(
                    (context, message) -> context.send(self, Types.LONG, 1L, -1),
                    new IncomingMessage(new byte[0], "text/plain", 7),
                    Optional.empty(),
                    0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eventTime must be epoch milliseconds, not negative, was -1");
  }

  @Test
  void anIdReadsBackWhateverTheAddressIdHolds() {
    DelayedId id = new DelayedId(Address.of("ns", "type", "a.b/c d"), 42, "00ab");

    assertThat(DelayedId.parse(id.encode())).isEqualTo(id);
    assertThat(id.encode()).isEqualTo("d42.00ab.ns/type/a.b/c d");
    for (String bad :
        List.of("", "x42.00ab.ns/type/a", "d42.00ab", "dx.00ab.ns/type/a", "d4..a/b/c")) {
      assertThatThrownBy(() -> DelayedId.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not the id of a delayed message");
    }
  }
}
