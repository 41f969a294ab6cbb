package io.eventide.dispatcher.internal.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.dispatcher.api.IngressMessage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written entry encoder against the generated code, byte for byte. */
class EntryEncoderTest {
  private static final String[] STRINGS = {
    "", "bench", "count", "k-1", "é", "日本", "\uD83D\uDE00", "\uD800", "x".repeat(200), "a/b"
  };

  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void encodesRandomEventsExactlyAsTheGeneratedCode() {
    Random random = new Random(11);
    EntryEncoder encoder = new EntryEncoder();
    for (int i = 0; i < 20_000; i++) {
      // Few distinct namespaces, types and sources, so the encoder's cached strings both hit and
      // change.
      String id = random.nextBoolean() ? "k" + random.nextInt(1000) : pick(random, STRINGS.length);
      IngressMessage m =
          new IngressMessage(
              pick(random, 3),
              pick(random, 3),
              id,
              payload(random),
              random.nextInt(4) == 0 ? null : pick(random, 5),
              eventTime(random),
              random.nextInt(3) == 0 ? pick(random, STRINGS.length) : null,
              random.nextInt(4) == 0 ? TRACEPARENT : null);
      String messageId = random.nextBoolean() ? "" : pick(random, STRINGS.length);
      String source = pick(random, 4);
      long now = random.nextInt(5) == 0 ? 0 : random.nextLong() & Long.MAX_VALUE;

      byte[] expected = IngressWriter.entry(m, messageId, false, source, now, null).toByteArray();

      assertThat(encoder.encode(m, messageId, source, now))
          .as("event %d: %s", i, m)
          .isEqualTo(expected);
    }
  }

  private static String pick(Random random, int bound) {
    return STRINGS[random.nextInt(bound)];
  }

  private static byte[] payload(Random random) {
    byte[] payload = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(300)];
    random.nextBytes(payload);
    return payload;
  }

  private static long eventTime(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> IngressMessage.INGESTION_TIME;
      case 1 -> 0;
      case 2 -> -1 - random.nextInt(1000);
      case 3 -> Long.MAX_VALUE;
      default -> random.nextLong() & Long.MAX_VALUE;
    };
  }
}
