package io.eventide.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.FunctionModule;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.Windows;
import io.eventide.sdk.runtime.Effect;
import io.eventide.sdk.runtime.HandlerScope;
import io.eventide.sdk.runtime.IncomingMessage;
import io.eventide.sdk.runtime.InternalState;
import io.eventide.sdk.runtime.windows.WindowOperator;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Javadoc examples of the SDK's internals, which the platform and the test driver share. */
class InternalExamplesTest {
  final Address self = Address.of("shop", "counter", "a");
  final Map<String, ValueSpec<?>> declaredSpecs = Map.of(Counter.COUNT.name(), Counter.COUNT);
  final Map<String, byte[]> persistedValues = Map.of(Counter.COUNT.name(), Types.LONG.encode(2L));
  final long watermark = Long.MIN_VALUE;

  @Test
  void aScopeRunsOneCallAndKeepsItsEffects() throws Exception {
    StatefulFunction function = new Counter();
    Message message = new IncomingMessage(Types.LONG.encode(3L), Types.LONG.contentType(), 0);
    // javadoc: io.eventide.sdk.runtime
    HandlerScope scope = new HandlerScope(self, declaredSpecs, persistedValues);
    scope.apply(function, message, Optional.empty(), watermark); // then read scope.effects()
    // end javadoc

    assertThat(scope.effects()).hasSize(2).first().isInstanceOf(Effect.Reply.class);
    assertThat(Types.LONG.decode(scope.changedState().get("count"))).isEqualTo(5L);
  }

  @Test
  void platformFunctionsKeepLists() throws Exception {
    byte[] encoded = {1, 2, 3};
    HandlerScope scope = new HandlerScope(self, declaredSpecs, persistedValues);
    scope.apply(
        (context, message) -> {
          // javadoc: InternalState
          InternalState state = InternalState.of(context);
          state.append("$w/3", encoded);
          List<byte[]> all = state.list("$w/3");
          // end javadoc
          assertThat(all).containsExactly(encoded);
        },
        new IncomingMessage(new byte[0], Types.BYTES.contentType(), 0),
        Optional.empty(),
        watermark);

    assertThat(scope.changedLists().get("$w/3").appended()).containsExactly(encoded);
  }

  @Test
  void aWindowedSpecRunsAsAnOrdinaryFunction() {
    WindowedFunctionSpec<Long, Long> spec =
        WindowedFunctionSpec.builder(TypeName.of("shop", "sums"))
            .window(Windows.tumbling(Duration.ofSeconds(10)))
            .aggregate(
                new WindowedFunctionExamplesTest().sum,
                (context, window, sum) -> context.egress("sums", Types.LONG, sum))
            .build();
    FunctionModule module =
        registry -> {
          // javadoc: WindowOperator, io.eventide.sdk.runtime.windows
          registry.register(spec.type(), () -> new WindowOperator(spec), WindowOperator.state());
          // end javadoc
        };
    FunctionTestDriver driver = FunctionTestDriver.of(module);
    driver.send(Address.of("shop", "sums", "a"), Types.LONG, 4L, 1_000);
    driver.advanceWatermark(9_999);

    assertThat(driver.egress("sums", Types.LONG)).containsExactly(4L);
  }
}
