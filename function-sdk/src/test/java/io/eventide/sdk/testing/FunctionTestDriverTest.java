package io.eventide.sdk.testing;

import static io.eventide.sdk.testing.TestFunctions.COUNT;
import static io.eventide.sdk.testing.TestFunctions.COUNTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.sdk.Address;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FunctionTestDriverTest {
  final FunctionTestDriver driver = FunctionTestDriver.of(new TestFunctions());
  final Address alice = Address.of("t", "counter", "alice");

  @Test
  void servesTheModulesTypes() {
    assertThat(driver.functionTypes())
        .contains(COUNTER, TestFunctions.RELAY, TestFunctions.TIMED)
        .hasSize(5);
  }

  @Test
  void rejectsADuplicateTypeNamingIt() {
    assertThatThrownBy(() -> driver.register(COUNTER, TestFunctions.Counter::new, COUNT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("function type t/counter is registered twice");
    assertThatThrownBy(() -> FunctionTestDriver.of(new TestFunctions(), new TestFunctions()))
        .hasMessageContaining("registered twice");
  }

  @Test
  void rejectsAStateNameListedTwiceAndNulls() {
    ValueSpec<String> alsoCount = ValueSpec.named("count").withType(Types.STRING);
    TypeName type = TypeName.of("t", "x");

    assertThatThrownBy(() -> driver.register(type, TestFunctions.Counter::new, COUNT, alsoCount))
        .hasMessage("state 'count' of t/x is registered twice");
    assertThatThrownBy(() -> driver.register(type, null)).isInstanceOf(NullPointerException.class);
    assertThat(driver.functionTypes()).doesNotContain(type);
  }

  @Test
  void sendAndCallKeepStateAndReturnTheReply() {
    driver.send(alice, Types.LONG, 2L);

    long total = driver.call(alice, Types.LONG, 3L, Types.LONG);

    assertThat(total).isEqualTo(5L);
    assertThat(driver.state(alice, COUNT)).contains(5L);
    assertThat(driver.state(Address.of("t", "counter", "bob"), COUNT)).isEmpty();
  }

  @Test
  void setStateArrangesAnInstance() {
    driver.setState(alice, COUNT, 40L);

    assertThat(driver.call(alice, Types.LONG, 2L, Types.LONG)).isEqualTo(42L);
  }

  @Test
  void stateInspectionRejectsUndeclaredSpecsAndUnknownTypes() {
    ValueSpec<Long> other = ValueSpec.named("other").withType(Types.LONG);

    assertThatThrownBy(() -> driver.state(alice, other))
        .hasMessage("state 'other' is not registered for t/counter");
    assertThatThrownBy(() -> driver.state(Address.of("t", "nope", "x"), COUNT))
        .hasMessageContaining("unknown function type t/nope");
  }

  @Test
  void aMessageToAnUnknownTypeFailsClearly() {
    assertThatThrownBy(() -> driver.send(Address.of("t", "nope", "x"), Types.LONG, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown function type t/nope; registered types: [t/counter");
  }

  @Test
  void aFunctionSendingToAnUnknownTypeFailsClearlyAndKeepsNothing() {
    TypeName lost = TypeName.of("t", "lost");
    driver.register(
        lost,
        () ->
            (context, message) -> {
              context.egress("log", Types.STRING, "sending");
              context.send(Address.of("t", "nowhere", "x"), Types.STRING, "hi");
            });

    assertThatThrownBy(() -> driver.send(Address.of("t", "lost", "a"), Types.STRING, "go"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "t/lost/a sent a message to t/nowhere/x, but function type t/nowhere is not registered");
    assertThat(driver.egress("log", Types.STRING)).isEmpty();
  }

  @Test
  void callWithoutAReplyThrows() {
    assertThatThrownBy(
            () -> driver.call(Address.of("t", "logger", "l"), Types.STRING, "x", Types.STRING))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("t/logger/l handled the call without replying");
  }

  @Test
  void functionToFunctionMessagesAreDeliveredBeforeSendReturnsWithTheCaller() {
    driver.send(Address.of("t", "relay", "start"), Types.STRING, "a,b,c");

    assertThat(driver.egress("log", Types.STRING))
        .containsExactly(
            "relay:a from=t/relay/start et=0 wm=" + Long.MIN_VALUE,
            "relay:b from=t/relay/a et=0 wm=" + Long.MIN_VALUE,
            "relay:c from=t/relay/b et=0 wm=" + Long.MIN_VALUE);
  }

  @Test
  void messagesAreDeliveredFifoNotDepthFirst() {
    // first sends A to a relay (which forwards to the logger) and then B straight to the logger:
    // FIFO delivers B before the relay's forward; depth-first would not.
    driver.register(
        TypeName.of("t", "first"),
        () ->
            (context, message) -> {
              context.send(Address.of("t", "relay", "r"), Types.STRING, "A");
              context.send(Address.of("t", "logger", "l"), Types.STRING, "B");
            });

    driver.send(Address.of("t", "first", "1"), Types.STRING, "go");

    assertThat(driver.egress("log", Types.STRING))
        .extracting(line -> line.split(" ")[0])
        .containsExactly("B", "relay:A");
  }

  @Test
  void ingressMessagesHaveNoCallerAndDefaultToProcessingTime() {
    Address logger = Address.of("t", "logger", "l");
    driver.advanceProcessingTime(Duration.ofSeconds(5));

    driver.send(logger, Types.STRING, "x");
    driver.send(logger, Types.STRING, "y", 1234L);

    assertThat(driver.egress("log", Types.STRING))
        .containsExactly(
            "x from=- et=5000 wm=" + Long.MIN_VALUE, "y from=- et=1234 wm=" + Long.MIN_VALUE);
  }

  @Test
  void functionMessagesInheritTheHandledEventTime() {
    driver.send(Address.of("t", "relay", "start"), Types.STRING, "a,b", 777L);

    assertThat(driver.egress("log", Types.STRING)).allMatch(line -> line.contains(" et=777 "));
    assertThat(driver.egressRecords("log")).extracting(EgressRecord::eventTime).containsOnly(777L);
  }

  @Test
  void rawEgressRecordsCarryContentTypeAndCopies() {
    driver.send(Address.of("t", "logger", "l"), Types.STRING, "x");

    EgressRecord record = driver.egressRecords("log").get(0);
    record.payload()[0] = 'Z';

    assertThat(record.egress()).isEqualTo("log");
    assertThat(record.contentType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(record.as(Types.STRING)).startsWith("x from=");
    assertThat(driver.egressRecords("none")).isEmpty();
  }

  @Test
  void everyCallGetsAFreshInstance() {
    TypeName type = TypeName.of("t", "fields");
    AtomicInteger created = new AtomicInteger();
    driver.register(
        type,
        () -> {
          created.incrementAndGet();
          return new StatefulFunction() {
            private int calls;

            @Override
            public void apply(io.eventide.sdk.Context context, io.eventide.sdk.Message message) {
              context.reply(Types.LONG, (long) ++calls);
            }
          };
        });
    Address address = new Address(type, "a");

    driver.call(address, Types.STRING, "1", Types.LONG);
    long second = driver.call(address, Types.STRING, "2", Types.LONG);

    assertThat(second).as("a field does not survive between calls").isEqualTo(1L);
    assertThat(created).hasValue(2);
  }

  @Test
  void aMessageLoopIsReportedInsteadOfHanging() {
    TypeName type = TypeName.of("t", "loop");
    driver.register(
        type, () -> (context, message) -> context.send(context.self(), Types.STRING, "again"));

    assertThatThrownBy(() -> driver.send(new Address(type, "a"), Types.STRING, "go"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no quiescence after 100000 deliveries (next to t/loop/a)");
  }

  @Test
  void theDriverIsNotReentrant() {
    TypeName type = TypeName.of("t", "reentrant");
    driver.register(type, () -> (context, message) -> driver.send(alice, Types.LONG, 1L));

    driver.send(new Address(type, "a"), Types.STRING, "go");

    assertThat(driver.deadLetters())
        .singleElement()
        .satisfies(letter -> assertThat(letter.error().message()).contains("not reentrant"));
    assertThat(driver.state(alice, COUNT)).isEmpty();
  }
}
