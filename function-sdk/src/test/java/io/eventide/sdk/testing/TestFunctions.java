package io.eventide.sdk.testing;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.FunctionModule;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import java.time.Duration;

/** Small functions the driver tests run; each records what it saw in egress {@code log}. */
final class TestFunctions implements FunctionModule {
  static final TypeName COUNTER = TypeName.of("t", "counter");
  static final TypeName RELAY = TypeName.of("t", "relay");
  static final TypeName LOGGER = TypeName.of("t", "logger");
  static final TypeName DELAYER = TypeName.of("t", "delayer");
  static final TypeName TIMED = TypeName.of("t", "timed");
  static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);
  static final ValueSpec<Long> FIRED = ValueSpec.named("fired").withType(Types.LONG);

  @Override
  public void configure(io.eventide.sdk.FunctionRegistry registry) {
    registry.register(COUNTER, Counter::new, COUNT);
    registry.register(RELAY, () -> TestFunctions::relay);
    registry.register(LOGGER, () -> TestFunctions::log);
    registry.register(DELAYER, () -> TestFunctions::delay);
    registry.register(TIMED, Timed::new, FIRED);
  }

  /** Adds the payload to {@code count} and replies the total. */
  static final class Counter implements StatefulFunction {
    @Override
    public void apply(Context context, Message message) {
      long count = context.storage().get(COUNT).orElse(0L) + message.as(Types.LONG);
      context.storage().set(COUNT, count);
      context.reply(Types.LONG, count);
    }
  }

  /** Payload "a,b,c": logs "relay:a" through the logger and relays "b,c" to relay/a. */
  static void relay(Context context, Message message) {
    String[] parts = message.as(Types.STRING).split(",", 2);
    context.send(Address.of("t", "logger", "l"), Types.STRING, "relay:" + parts[0]);
    if (parts.length > 1) {
      context.send(Address.of("t", "relay", parts[0]), Types.STRING, parts[1]);
    }
    context.reply(Types.STRING, "relayed " + parts[0]);
  }

  /** Logs "text from=<caller> et=<eventTime> wm=<watermark>". */
  static void log(Context context, Message message) {
    String caller = context.caller().map(Address::toString).orElse("-");
    context.egress(
        "log",
        Types.STRING,
        message.as(Types.STRING)
            + " from="
            + caller
            + " et="
            + message.eventTime()
            + " wm="
            + context.currentWatermark());
  }

  /** Payload "delayMs:text": sends text to the logger after delayMs. */
  static void delay(Context context, Message message) {
    String[] parts = message.as(Types.STRING).split(":", 2);
    context.sendAfter(
        Duration.ofMillis(Long.parseLong(parts[0])),
        Address.of("t", "logger", "l"),
        Types.STRING,
        parts[1]);
  }

  /** Payload a timestamp: registers an event-time timer; on firing logs it and counts. */
  static final class Timed implements StatefulFunction {
    @Override
    public void apply(Context context, Message message) {
      context.registerEventTimeTimer(message.as(Types.LONG));
    }

    @Override
    public void onTimer(Context context, long timestamp) {
      context.storage().set(FIRED, context.storage().get(FIRED).orElse(0L) + 1);
      context.egress(
          "log",
          Types.STRING,
          "timer " + context.self().id() + "@" + timestamp + " wm=" + context.currentWatermark());
    }
  }
}
