package io.eventide.sdk.cep;

import io.eventide.sdk.Address;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a pattern over string events in the driver: each event is {@code name} or {@code name@time}
 * (time defaults to its position), sent in the order given to one key; the watermark then moves to
 * the end. Matches are written {@code start=[a1] end=[b1]}, time-outs the same with {@code
 * timeout@T }.
 */
final class CepRun {
  static final TypeName TYPE = TypeName.of("test", "cep");
  static final Address KEY = Address.of("test", "cep", "k");

  private final FunctionTestDriver driver;

  private CepRun(Pattern<String> pattern) {
    CepSpec<String> spec =
        CepSpec.builder(TYPE, Types.STRING, pattern)
            .process(
                (context, match, timestamp) ->
                    context.egress("matches", Types.STRING, format(match)))
            .onTimedOut(
                (context, match, timestamp) ->
                    context.egress(
                        "matches", Types.STRING, "timeout@" + timestamp + " " + format(match)))
            .onLateMessage(
                (context, message) ->
                    context.egress("late", Types.STRING, message.as(Types.STRING)))
            .build();
    driver = FunctionTestDriver.create().register(spec.functionSpec()).withMaxAttempts(1);
  }

  static CepRun of(Pattern<String> pattern) {
    return new CepRun(pattern);
  }

  /** Sends the events, then moves the watermark to {@code Long.MAX_VALUE}; returns the output. */
  static List<String> matches(Pattern<String> pattern, String events) {
    CepRun run = of(pattern);
    run.send(events);
    run.watermark(Long.MAX_VALUE);
    return run.output();
  }

  CepRun send(String events) {
    int position = 0;
    for (String event : events.trim().split("\\s+")) {
      position++;
      int at = event.indexOf('@');
      long time = at < 0 ? position : Long.parseLong(event.substring(at + 1));
      String name = at < 0 ? event : event.substring(0, at);
      driver.send(KEY, Types.STRING, name, time);
    }
    return this;
  }

  CepRun watermark(long watermark) {
    driver.advanceWatermark(watermark);
    return this;
  }

  List<String> output() {
    return new ArrayList<>(driver.egress("matches", Types.STRING));
  }

  List<String> late() {
    return driver.egress("late", Types.STRING);
  }

  FunctionTestDriver driver() {
    return driver;
  }

  static String format(Map<String, List<String>> match) {
    StringBuilder text = new StringBuilder();
    match.forEach(
        (step, events) ->
            text.append(text.length() == 0 ? "" : " ")
                .append(step)
                .append('=')
                .append(String.join(",", events)));
    return text.toString();
  }
}
