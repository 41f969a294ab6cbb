package io.eventide.sdk.runtime.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.AggregateFunction;
import io.eventide.sdk.Message;
import io.eventide.sdk.Type;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.Windows;
import io.eventide.sdk.runtime.Effect;
import io.eventide.sdk.runtime.HandlerScope;
import io.eventide.sdk.runtime.IncomingMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the operator asks of the platform, seen through the effects of a {@link HandlerScope}. */
class WindowOperatorTimersTest {
  static final AggregateFunction<Long, Long> COUNT =
      new AggregateFunction<>() {
        @Override
        public Long createAccumulator() {
          return 0L;
        }

        @Override
        public Long add(Message message, Long accumulator) {
          return accumulator + 1;
        }

        @Override
        public Long merge(Long a, Long b) {
          return a + b;
        }

        @Override
        public Long getResult(Long accumulator) {
          return accumulator;
        }

        @Override
        public Type<Long> accumulatorType() {
          return Types.LONG;
        }
      };

  final WindowOperator operator =
      new WindowOperator(
          WindowedFunctionSpec.builder(TypeName.of("t", "w"))
              .window(Windows.tumblingProcessingTime(Duration.ofMillis(10)))
              .aggregate(
                  COUNT, (context, window, count) -> context.egress("out", Types.LONG, count))
              .build());
  final Map<String, ValueSpec<?>> declared =
      Arrays.stream(WindowOperator.state())
          .collect(Collectors.toMap(ValueSpec::name, spec -> spec));
  final long[] clock = {3};
  final HandlerScope scope =
      new HandlerScope(Address.of("t", "w", "k"), declared, Map.of(), () -> clock[0]);

  static IncomingMessage message() {
    return new IncomingMessage(new byte[0], "application/octet-stream", 1_000);
  }

  @Test
  void registersOnePlatformTimerPerProcessingTimeWindowAndNoEventTimeTimer() throws Exception {
    scope.apply(operator, message(), Optional.empty(), Long.MIN_VALUE);
    clock[0] = 7;
    scope.apply(operator, message(), Optional.empty(), Long.MIN_VALUE);
    clock[0] = 12;
    scope.apply(operator, message(), Optional.empty(), Long.MIN_VALUE);

    assertThat(scope.effects())
        .containsExactly(new Effect.ProcessingTimer(9), new Effect.ProcessingTimer(19));
  }

  @Test
  void firesOnlyTheWindowsDueByTheFiringTimer() throws Exception {
    scope.apply(operator, message(), Optional.empty(), Long.MIN_VALUE);
    clock[0] = 12;
    scope.apply(operator, message(), Optional.empty(), Long.MIN_VALUE);
    scope.fireProcessingTimer(operator, 9, Long.MIN_VALUE);

    assertThat(scope.effects())
        .filteredOn(Effect.Egress.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((Effect.Egress) e).eventTime()).isEqualTo(9));
    assertThat(scope.state().get(WindowOperator.WINDOWS.name()))
        .as("[10,20) is still open")
        .isNotNull()
        .isNotSameAs(HandlerScope.ABSENT);
  }
}
