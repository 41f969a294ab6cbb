package io.eventide.parity.cep;

import io.eventide.sdk.Address;
import io.eventide.sdk.Type;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.util.List;

/**
 * Runs a case's stream through Eventide's CEP in the {@link FunctionTestDriver}, with the same
 * per-event watermarks as the Flink job, and returns its output lines {@code key\tkind\ttext}.
 */
final class EventideCep {
  private static final Type<String> JSON = Types.json(String.class);

  private EventideCep() {}

  static List<String> run(CepCase c, List<CepStream.Timed> stream) {
    TypeName type = TypeName.of("parity", "cep");
    FunctionTestDriver driver =
        FunctionTestDriver.create()
            .register(CepParityModule.spec(c, type, false).functionSpec())
            .withMaxAttempts(1);
    long max = Long.MIN_VALUE + CepStream.BOUND + 1;
    long watermark = Long.MIN_VALUE;
    for (CepStream.Timed event : stream) {
      String key = CepCase.key(event.value());
      driver.send(Address.of("parity", "cep", key), JSON, event.value(), event.timestamp());
      max = Math.max(max, event.timestamp());
      long next = max - CepStream.BOUND - 1;
      if (next > watermark) {
        watermark = next;
        driver.advanceWatermark(watermark);
      }
    }
    driver.advanceWatermark(Long.MAX_VALUE);
    if (!driver.deadLetters().isEmpty()) {
      throw new IllegalStateException("dead letters: " + driver.deadLetters());
    }
    return driver.egress(CepParityModule.EGRESS, JSON);
  }
}
