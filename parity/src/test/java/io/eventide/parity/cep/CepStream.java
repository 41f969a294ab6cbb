package io.eventide.parity.cep;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded out-of-order stream over a few keys: kinds drawn from {@code abcd}, timestamps jittered
 * around a rising clock so that some repeat (ties), some arrive out of order within the bound and a
 * few arrive later than the watermark (late).
 */
final class CepStream {
  /** One event: its text {@code key:kseq} and event time. */
  record Timed(String value, long timestamp) {}

  /** The watermark bound: {@code max timestamp - BOUND - 1} after each event, as Flink's. */
  static final long BOUND = 4;

  private CepStream() {}

  static List<Timed> generate(long seed, int events, int keys) {
    Random random = new Random(seed);
    List<Timed> stream = new ArrayList<>(events);
    long clock = 0;
    for (int i = 0; i < events; i++) {
      clock += random.nextInt(3);
      long jitter = random.nextInt(10) == 0 ? -(BOUND + 2 + random.nextInt(6)) : -random.nextInt(5);
      long timestamp = Math.max(0, clock + jitter);
      char kind = "aabbbccd".charAt(random.nextInt(8));
      String key = "k" + random.nextInt(keys);
      stream.add(new Timed(key + ":" + kind + i, timestamp));
    }
    return stream;
  }
}
